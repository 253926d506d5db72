package io.edgeagent.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeagent.agent.AgentFiles;
import io.edgeagent.drivers.opcua.BrowseListing;
import io.edgeagent.drivers.opcua.DiscoveredServer;
import io.edgeagent.drivers.opcua.MachineRoot;
import io.edgeagent.drivers.opcua.OpcUaEndpoint;
import io.edgeagent.drivers.opcua.OpcUaProbe;
import io.edgeagent.drivers.opcua.OpcUaSecurity;
import io.edgeagent.drivers.opcua.ProbeException;
import io.edgeagent.drivers.opcua.ProbedNode;
import io.edgeagent.drivers.opcua.Profile;
import io.edgeagent.drivers.opcua.ProfileCheck;
import io.edgeagent.drivers.opcua.ServerCertificate;
import io.edgeagent.drivers.opcua.UserCredentials;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code edge-agent probe opcua}: checks its arguments before anything goes over the network, builds the endpoint
 * (with the agent's PKI for a secured policy and a password for a user), and asks {@link OpcUaProbe} for the one
 * thing wanted; {@link ProbeOpcUaText} and {@link ProbeOpcUaJson} print the answer.
 */
@Command(name = "opcua", mixinStandardHelpOptions = true,
        description = {"Look at a machine's OPC UA server directly, without the agent.",
            "Shows the endpoints it offers (security policies, modes, user tokens) and its certificate's thumbprint;"
                + " with --browse the nodes below a node, with node ids as the config takes them and each variable's"
                + " type and value; with --read one variable's value; with --profile which of the profile's standard"
                + " variables the server has, and where.",
            "Endpoints are listed without any certificate trust. Browse and read use security None and an anonymous"
                + " user unless --policy and --user say otherwise. With --policy the probe presents the agent's"
                + " certificate and trusts only the servers the agent trusts (its PKI under the data dir of --config):"
                + " run it as the agent's user, so that what it keeps there stays readable to the agent.",
            "Exits 0 when the server answered, 1 when it could not be reached or refused, 2 for bad arguments."},
        footer = {"", "ENDPOINT is opc.tcp://host[:port][/path], port 4840 when left out.",
            "NODE is written as in the config: ns=2;s=IMM/Mode, i=85,",
            "nsu=<namespace URI>;s=IMM/Mode (the form the browse shows), or a browse",
            "path from the Objects folder, /DeviceSet/IMM/MachineStatus/MachineMode.",
            "PROFILE is euromap77, machinery or machinetool; the machine object is found",
            "as the agent finds it, or given with --root (as the config's opcua.root).",
            "", "Examples:",
            "  edge-agent probe opcua opc.tcp://10.0.3.17",
            "  edge-agent probe opcua opc.tcp://10.0.3.17 --browse",
            "  edge-agent probe opcua opc.tcp://10.0.3.17 --browse 'ns=2;s=IMM' --depth 2",
            "  edge-agent probe opcua opc.tcp://10.0.3.17 --read 'ns=2;s=IMM/Mode'",
            "  edge-agent probe opcua opc.tcp://10.0.3.17 --profile euromap77",
            "  sudo -u edge-agent edge-agent probe opcua opc.tcp://10.0.3.17 \\",
            "      --policy Basic256Sha256 --browse",
            "  edge-agent probe opcua opc.tcp://10.0.3.17 --user op --password-file pw \\",
            "      --browse",
            "  edge-agent probe opcua opc.tcp://10.0.3.17 --json"})
final class ProbeOpcUaCommand implements Callable<Integer> {

    private static final String NAME = "edge-agent probe opcua: ";

    @Spec
    CommandSpec spec;

    @Mixin
    AgentOptions options;

    @Parameters(index = "0", paramLabel = "ENDPOINT", description = "opc.tcp://host[:port][/path]")
    String endpointUrl;

    @Option(names = "--browse", paramLabel = "NODE", arity = "0..1", fallbackValue = OpcUaProbe.OBJECTS_FOLDER,
            description = "list the nodes below NODE; without NODE, below the Objects folder (i=85)")
    String browse;

    @Option(names = "--depth", paramLabel = "N",
            description = "how many levels --browse goes down, 1 to " + OpcUaProbe.MAX_DEPTH + "; default 1")
    Integer depth;

    @Option(names = "--read", paramLabel = "NODE", description = "read a variable: value, data type, status and source time")
    String read;

    @Option(names = "--profile", paramLabel = "PROFILE",
            description = "check the server against a profile: euromap77, machinery or machinetool")
    String profile;

    @Option(names = "--root", paramLabel = "NODE",
            description = "with --profile: the machine object, when the server holds several")
    String root;

    @Option(names = "--policy", paramLabel = "POLICY", defaultValue = OpcUaSecurity.NONE,
            description = "None, Basic256Sha256, Aes128_Sha256_RsaOaep or Aes256_Sha256_RsaPss; default ${DEFAULT-VALUE}")
    String policy;

    @Option(names = "--mode", paramLabel = "MODE",
            description = "Sign or SignAndEncrypt with a secured --policy; default SignAndEncrypt")
    String mode;

    @Option(names = "--user", paramLabel = "NAME",
            description = "log in as this user; the password is read from --password-file, else from standard input")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE", description = "a file holding the --user's password")
    Path passwordFile;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "5000",
            description = "how long to wait for the connection and each answer; default ${DEFAULT-VALUE}")
    long timeoutMs;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        OpcUaEndpoint endpoint;
        try {
            endpoint = endpoint();
        } catch (IllegalArgumentException e) {
            err.println(NAME + e.getMessage());
            return Main.BAD_INPUT;
        } catch (CommandFailure f) {
            err.println(NAME + f.getMessage());
            return f.exitCode();
        }
        ProbeOpcUaText text = new ProbeOpcUaText(out, spec.commandLine().getColorScheme().ansi(), endpointUrl);
        ObjectNode json = new ObjectMapper().createObjectNode().put("endpointUrl", endpointUrl);
        try {
            if (browse == null && read == null && profile == null) {
                DiscoveredServer server = OpcUaProbe.endpoints(endpoint);
                if (options.json) {
                    ProbeOpcUaJson.server(json.putObject("server"), server);
                } else {
                    text.server(server);
                }
            }
            if (browse != null) {
                BrowseListing found = OpcUaProbe.browse(endpoint, browse, levels());
                if (options.json) {
                    ProbeOpcUaJson.browse(json.putObject("browse"), found, levels());
                } else {
                    text.browse(found, levels());
                }
            }
            if (read != null) {
                ProbedNode value = OpcUaProbe.read(endpoint, read);
                if (options.json) {
                    ProbeOpcUaJson.node(json.putObject("read"), value);
                } else {
                    text.read(value);
                }
            }
            if (profile != null) {
                ProfileCheck check = OpcUaProbe.profile(endpoint, MachineRoot.of(root, Profile.ofConfigName(profile)
                        .orElseThrow()));
                if (options.json) {
                    ProbeOpcUaJson.profile(json.putObject("profile"), check);
                } else {
                    text.profile(check);
                }
            }
        } catch (IllegalArgumentException e) {
            err.println(NAME + e.getMessage());
            return Main.BAD_INPUT;
        } catch (ProbeException e) {
            err.println(NAME + e.untrustedCertificate().map(this::untrusted).orElse(e.getMessage()));
            return Main.FAILED;
        }
        if (options.json) {
            out.println(json.toPrettyString());
        }
        out.flush();
        return 0;
    }

    /** Arguments first, so that nothing goes over the network with a mistake in them. */
    private OpcUaEndpoint endpoint() throws CommandFailure {
        if (depth != null && browse == null) {
            throw new IllegalArgumentException("--depth goes with --browse");
        }
        if (profile != null && Profile.ofConfigName(profile).isEmpty()) {
            throw new IllegalArgumentException("--profile is one of " + Arrays.stream(Profile.values())
                    .map(Profile::configName).toList() + ", not '" + profile + "'");
        }
        if (root != null && profile == null) {
            throw new IllegalArgumentException("--root goes with --profile");
        }
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("--timeout-ms must be positive, not " + timeoutMs);
        }
        if (passwordFile != null && user == null) {
            throw new IllegalArgumentException("--password-file goes with --user NAME");
        }
        // Named before the config is read, so that a mistyped policy is not reported as a config problem.
        if (!OpcUaSecurity.POLICIES.contains(policy)) {
            throw new IllegalArgumentException("--policy is one of " + OpcUaSecurity.POLICIES + ", not '" + policy
                    + "'");
        }
        if (mode != null && !OpcUaSecurity.MODES.contains(mode)) {
            throw new IllegalArgumentException("--mode is one of " + OpcUaSecurity.MODES + ", not '" + mode + "'");
        }
        OpcUaSecurity security = OpcUaSecurity.NONE.equals(policy)
                ? new OpcUaSecurity(policy, mode == null ? OpcUaSecurity.NONE : mode, null, null, false)
                : secured(mode == null ? "SignAndEncrypt" : mode);
        UserCredentials credentials = null;
        if (user != null) {
            char[] secret = password();
            try {
                credentials = new UserCredentials(user, secret);
            } finally {
                Arrays.fill(secret, '\0');
            }
        }
        return new OpcUaEndpoint(endpointUrl, Duration.ofMillis(timeoutMs), security, credentials);
    }

    private int levels() {
        return depth == null ? 1 : depth;
    }

    /**
     * A secured channel uses the agent's own certificate and trust list, read once from its config. The
     * certificate is named after the agent when it is made, which may happen here: probing a secured machine
     * before the agent has connected to one.
     */
    private OpcUaSecurity secured(String securityMode) throws CommandFailure {
        AgentLocation agent = AgentLocation.read(options.config);
        if (agent.agentId() == null) {
            throw new CommandFailure("no valid agent.id in " + options.config + ", which names the agent's OPC UA"
                    + " certificate; check it with edge-agent config validate " + options.config, Main.BAD_INPUT);
        }
        return OpcUaSecurity.secured(policy, securityMode, AgentFiles.opcUaPki(agent.dataDir()), agent.agentId());
    }

    private char[] password() throws CommandFailure {
        if (passwordFile != null) {
            try {
                return Files.readString(passwordFile, StandardCharsets.UTF_8).replaceFirst("\\r?\\n$", "")
                        .toCharArray();
            } catch (IOException e) {
                throw new CommandFailure("cannot read --password-file " + passwordFile + ": " + e.getMessage(),
                        Main.BAD_INPUT);
            }
        }
        Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword("password for %s: ", user);
            if (typed != null) {
                return typed;
            }
        } else {
            try {
                // Not closed: standard input belongs to the process, not to this command.
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                        .readLine();
                if (line != null) {
                    return line.toCharArray();
                }
            } catch (IOException e) {
                throw new CommandFailure("cannot read the password from standard input: " + e.getMessage(),
                        Main.BAD_INPUT);
            }
        }
        throw new CommandFailure("--user " + user + " needs a password: give --password-file FILE or pipe it in",
                Main.BAD_INPUT);
    }

    /** One line, with the command that trusts the certificate, for the config the probe was given. */
    private String untrusted(ServerCertificate certificate) {
        String config = options.config.toString().equals(AgentOptions.DEFAULT_CONFIG) ? ""
                : " --config " + options.config;
        return endpointUrl + ": server certificate not trusted (thumbprint " + certificate.thumbprint() + ", "
                + certificate.subject() + (certificate.applicationUri() == null ? ""
                : ", " + certificate.applicationUri()) + "); if the machine's display shows that thumbprint,"
                + " trust it with: edge-agent opcua trust " + certificate.thumbprint() + config;
    }
}
