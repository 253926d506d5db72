package io.edgeagent.agent.cli;

import io.edgeagent.drivers.opcua.BrowseListing;
import io.edgeagent.drivers.opcua.DiscoveredServer;
import io.edgeagent.drivers.opcua.OpcUaProbe;
import io.edgeagent.drivers.opcua.ProbedNode;
import io.edgeagent.drivers.opcua.ProfileCheck;
import java.io.PrintWriter;
import picocli.CommandLine.Help.Ansi;

/** What {@code edge-agent probe opcua} found, for a person: a heading naming the endpoint, then a table. */
final class ProbeOpcUaText {

    private static final int LONGEST_VALUE = 60;

    private final PrintWriter out;
    private final Ansi ansi;
    private final String endpointUrl;

    ProbeOpcUaText(PrintWriter out, Ansi ansi, String endpointUrl) {
        this.out = out;
        this.ansi = ansi;
        this.endpointUrl = endpointUrl;
    }

    void server(DiscoveredServer server) {
        out.printf("%s: %s%n", endpointUrl, server.applicationName() == null ? "no endpoints offered"
                : server.applicationName() + " (" + server.applicationUri() + ")");
        if (server.endpoints().isEmpty()) {
            return;
        }
        out.println();
        Table endpoints = new Table(ansi, "POLICY", "MODE", "USER TOKENS", "LEVEL", "CERTIFICATE", "URL");
        server.endpoints().forEach(e -> endpoints.row(e.securityPolicy(), e.securityMode(),
                String.join(", ", e.userTokens()), e.securityLevel(),
                e.certificateThumbprint() == null ? "-" : e.certificateThumbprint().substring(0, 8),
                e.url()));
        endpoints.print(out, "");
        out.println();
        out.println("server certificates (check the thumbprint against the machine's own display):");
        if (server.certificates().isEmpty()) {
            out.println("  none");
            return;
        }
        Table certificates = new Table(ansi, "THUMBPRINT", "SUBJECT", "APPLICATION URI", "VALID UNTIL");
        server.certificates().forEach(c -> certificates.row(c.thumbprint(), c.subject(),
                c.applicationUri() == null ? "-" : c.applicationUri(), c.notAfter()));
        certificates.print(out, "  ");
    }

    void browse(BrowseListing found, int levels) {
        ProbedNode start = found.start();
        out.printf("%s: %s (%s, %s), %d level%s down%n", endpointUrl, start.nodeId(), start.qualifiedName(),
                start.nodeClass(), levels, levels == 1 ? "" : "s");
        out.println();
        if (found.nodes().isEmpty()) {
            out.println("nothing below it");
            return;
        }
        Table table = new Table(ansi, "BROWSE NAME", "CLASS", "DATA TYPE", "VALUE", "NODE ID");
        for (ProbedNode n : found.nodes()) {
            table.row("  ".repeat(n.depth() - 1) + n.qualifiedName(), n.nodeClass(),
                    n.dataType() == null ? "" : n.dataType(), n.isVariable() ? shown(n) : "", n.nodeId());
        }
        table.print(out, "");
        if (found.truncated()) {
            out.printf("(stopped after %d nodes: browse a node further down, or fewer levels)%n",
                    OpcUaProbe.MAX_NODES);
        }
    }

    void profile(ProfileCheck check) {
        out.printf("%s: %s machine at %s: %d of %d standard variables found%n", endpointUrl,
                check.profile().title(), check.machine(), check.found().size(),
                check.found().size() + check.missing().size());
        out.println();
        Table table = new Table(ansi, "SIGNAL", "PATH", "DATA TYPE", "VALUE", "NODE ID");
        check.found().forEach(f -> table.row(f.signal(), f.path(), f.node().dataType(), shown(f.node()),
                f.node().nodeId()));
        table.print(out, "");
        if (!check.missing().isEmpty()) {
            out.println();
            out.println("missing (the agent reports these signals as bad and works with the rest):");
            check.missing().forEach(m -> out.printf("  %s  %s: %s%n", m.signal(), m.path(), m.detail()));
        }
    }

    void read(ProbedNode n) {
        out.printf("%s: %s%n", endpointUrl, n.nodeId());
        out.printf("  browse name  %s%n", n.qualifiedName());
        out.printf("  value        %s%n", n.value() instanceof String text ? "\"" + text + "\"" : n.value());
        out.printf("  data type    %s%n", n.dataType());
        out.printf("  status       %s%n", n.status());
        out.printf("  source time  %s%n", n.sourceTime() == null ? "- (the server sends none)" : n.sourceTime());
    }

    /** The value as the table shows it; a bad status stands in for a value the server did not give. */
    private static String shown(ProbedNode n) {
        String text = n.value() == null ? (n.status().equals("Good") ? "null" : n.status())
                : n.value() instanceof String s ? "\"" + s + "\"" : String.valueOf(n.value());
        return text.length() <= LONGEST_VALUE ? text : text.substring(0, LONGEST_VALUE - 1) + "\u2026";
    }
}
