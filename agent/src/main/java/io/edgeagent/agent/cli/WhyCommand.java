package io.edgeagent.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeagent.agent.text.HumanText;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.Ansi.Style;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code edge-agent why <machine>}: which rule gave the machine its state, from which values. */
@Command(name = "why", mixinStandardHelpOptions = true,
        description = {"Explain a machine's state: the rule and the values that gave it.",
            "Shows every state rule checked against the values the agent holds now (the first that holds wins;"
                + " planned maintenance outranks all but OFFLINE and DOWN), and a change still waiting for the dwell"
                + " time; then the machine's sharing rules and where each came from (a line of the config file, or the"
                + " platform's version and time).",
            "Exits 1 when the agent is not running, 2 for a machine that is not configured, 3 when the agent is busy"
                + " serving other clients (try again)."},
        footer = {"", "Examples:", "  edge-agent why imm-01", "  edge-agent why imm-01 --json | jq .rules"})
final class WhyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AgentOptions options;

    @Parameters(index = "0", paramLabel = "MACHINE", description = "the machine's id")
    String machine;

    @Override
    public Integer call() {
        return Query.run(spec, options, session -> session.request("why").put("machine", machine), WhyCommand::print);
    }

    private static void print(JsonNode w, HumanText text, Ansi ansi, PrintWriter out) {
        String state = w.get("state").textValue();
        Instant since = HumanText.instant(w.get("since"));
        out.println(Table.paint(ansi, w.get("machine").asText(), Style.bold) + " is "
                + Table.paint(ansi, state == null ? "without a state yet" : state, Table.stateStyles(state))
                + (since == null ? "" : " since " + text.time(since) + " (" + text.ago(since) + ")"));
        if (state != null) {
            out.println("  because: " + w.get("reason").asText());
        }
        JsonNode connection = w.get("connection");
        Instant connectedSince = HumanText.instant(connection.get("since"));
        out.println("  driver:  " + HumanText.value(connection.get("state"))
                + (connectedSince == null ? "" : " since " + text.time(connectedSince))
                + (connection.get("lastError").isNull() ? "" : ", last error: " + connection.get("lastError").asText()));

        out.println();
        if (w.get("rules").isEmpty()) {
            out.println("  no state rules are configured for this machine, so it counts as OFFLINE: add a state: section");
        } else {
            out.println("  rules now, in order (the first that holds wins):");
            Table rules = new Table(ansi, "STATE", "WHEN", "HOLDS", "SEEN");
            boolean decidedShown = false;
            for (JsonNode r : w.get("rules")) {
                boolean holds = r.get("holds").asBoolean();
                boolean decides = holds && !decidedShown && r.get("state").asText().equals(w.get("decidedNow").get("state").asText());
                decidedShown |= decides;
                rules.row(Table.state(r.get("state").asText()), r.get("when").asText(),
                        decides ? Table.cell("yes, decides", Style.bold) : holds ? "yes" : "no", r.get("detail").asText());
            }
            rules.print(out, "  ");
        }

        JsonNode decided = w.get("decidedNow");
        JsonNode pending = w.get("pending");
        double dwell = w.get("dwellSeconds").asDouble();
        out.println();
        if (!pending.isNull()) {
            Instant pendingSince = HumanText.instant(pending.get("since"));
            out.println("  " + Table.paint(ansi, "changing", Style.bold) + ": the rules give "
                    + pending.get("state").asText() + " since " + text.time(pendingSince) + " ("
                    + text.ago(pendingSince) + "); taken once it has held for the dwell of "
                    + String.format(Locale.ROOT, "%.1f", dwell) + " s");
        } else if (!decided.get("state").asText().equals(state)) {
            out.println("  the rules give " + decided.get("state").asText() + " (" + decided.get("reason").asText()
                    + "), taken at the next evaluation");
        } else {
            out.println("  the rules agree with the state in force (dwell "
                    + String.format(Locale.ROOT, "%.1f", dwell) + " s)");
        }

        List<String> values = new ArrayList<>();
        w.get("values").fields().forEachRemaining(e -> values.add(e.getKey() + "=" + HumanText.value(e.getValue())));
        out.println("  values the rules see: " + (values.isEmpty() ? "none (no good value yet)" : String.join(", ", values)));
        if (w.has("sharing") && !w.get("sharing").isEmpty()) {
            out.println();
            out.println("  sharing rules (when it is offered; planned maintenance makes it MAINTENANCE):");
            WindowsCommand.printSharing(w.get("sharing"), ansi, out);
        }
    }
}
