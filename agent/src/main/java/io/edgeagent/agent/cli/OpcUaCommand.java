package io.edgeagent.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeagent.agent.AgentFiles;
import io.edgeagent.drivers.opcua.CertificateInfo;
import io.edgeagent.drivers.opcua.TrustList;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code edge-agent opcua ...}: the OPC UA certificates, which servers the agent trusts and which it refused. */
@Command(name = "opcua", mixinStandardHelpOptions = true,
        description = {"Show the agent's OPC UA certificates, and trust a server's.",
            "The agent's own certificate (which a server must trust), the server certificates it trusts, and the ones"
                + " it refused. An unknown server certificate is refused and kept until an engineer trusts it; the"
                + " machine then connects by itself, without a restart."},
        subcommands = {OpcUaCommand.Certs.class, OpcUaCommand.Trust.class})
final class OpcUaCommand {

    private static TrustList trustList(AgentOptions options) throws CommandFailure {
        return new TrustList(AgentFiles.opcUaPki(AgentLocation.read(options.config).dataDir()));
    }

    @Command(name = "certs", mixinStandardHelpOptions = true,
            description = {"List the agent's own, the trusted and the refused certificates.",
                "Each with its thumbprint, as OPC UA servers and UaExpert show it."},
            footer = {"", "Examples:", "  edge-agent opcua certs", "  edge-agent opcua certs --json"})
    static final class Certs implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        AgentOptions options;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                TrustList trust = trustList(options);
                Optional<CertificateInfo> own = trust.own();
                List<CertificateInfo> trusted = trust.trusted();
                List<CertificateInfo> rejected = trust.rejected();
                if (options.json) {
                    ObjectNode root = new ObjectMapper().createObjectNode();
                    root.put("pki", trust.pkiDir().toString());
                    own.ifPresentOrElse(c -> put(root.putObject("own"), c), () -> root.putNull("own"));
                    ArrayNode t = root.putArray("trusted");
                    trusted.forEach(c -> put(t.addObject(), c));
                    ArrayNode r = root.putArray("rejected");
                    rejected.forEach(c -> put(r.addObject(), c));
                    out.println(root.toPrettyString());
                } else {
                    out.println("own (servers must trust it):");
                    own.ifPresentOrElse(c -> table(out, List.of(c)),
                            () -> out.println("  none yet: the agent makes it at the first secured connection"));
                    out.println("trusted:");
                    table(out, trusted);
                    out.println("refused (trust one with: edge-agent opcua trust <thumbprint>):");
                    table(out, rejected);
                }
                out.flush();
                return 0;
            } catch (CommandFailure f) {
                spec.commandLine().getErr().println(f.getMessage());
                return f.exitCode();
            } catch (IOException e) {
                spec.commandLine().getErr().println("cannot read the OPC UA certificates: " + e.getMessage());
                return Main.FAILED;
            }
        }

        private void table(PrintWriter out, List<CertificateInfo> certificates) {
            if (certificates.isEmpty()) {
                out.println("  none");
                return;
            }
            Table table = new Table(spec.commandLine().getColorScheme().ansi(), "THUMBPRINT", "SUBJECT", "APPLICATION URI",
                    "VALID UNTIL");
            certificates.forEach(c -> table.row(c.thumbprint(), c.subject(),
                    c.applicationUri() == null ? "-" : c.applicationUri(), c.notAfter()));
            table.print(out, "  ");
        }

        private static void put(ObjectNode node, CertificateInfo c) {
            node.put("thumbprint", c.thumbprint()).put("subject", c.subject()).put("applicationUri", c.applicationUri())
                    .put("notBefore", c.notBefore().toString()).put("notAfter", c.notAfter().toString())
                    .put("file", c.file().toString());
        }
    }

    @Command(name = "trust", mixinStandardHelpOptions = true,
            description = {"Trust a refused server certificate: move it from refused to trusted.",
                "The machine connects at its next attempt (within seconds), without restarting the agent. THUMBPRINT"
                    + " is the one `edge-agent opcua certs`, `edge-agent status` or the log shows; 8 or more leading"
                    + " hex digits do.",
                "Check it against the machine's own display first: trusting the wrong certificate lets an impostor"
                    + " feed the agent. Exits 2 when no refused certificate matches, or more than one does."},
            footer = {"", "Examples:", "  edge-agent opcua trust F7931C0A", "  sudo -u edge-agent edge-agent opcua trust f7:93:1c:0a:5e:11:02:b5"})
    static final class Trust implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        AgentOptions options;

        @Parameters(index = "0", paramLabel = "THUMBPRINT", description = "the refused certificate's SHA-1 thumbprint, or its start")
        String thumbprint;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                CertificateInfo trusted = trustList(options).trust(thumbprint);
                out.printf("trusted %s (%s)%s%n", trusted.thumbprint(), trusted.subject(),
                        trusted.applicationUri() == null ? "" : ", " + trusted.applicationUri());
                out.println("the machine connects at its next attempt; check with: edge-agent status");
                return 0;
            } catch (CommandFailure f) {
                err.println(f.getMessage());
                return f.exitCode();
            } catch (IllegalArgumentException e) {
                err.println("edge-agent opcua trust: " + e.getMessage());
                return Main.BAD_INPUT;
            } catch (IOException e) {
                err.println("edge-agent opcua trust: cannot move the certificate: " + e.getMessage()
                        + "; run it as the agent's user (sudo -u edge-agent ...)");
                return Main.FAILED;
            }
        }
    }
}
