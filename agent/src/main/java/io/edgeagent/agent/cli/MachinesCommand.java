package io.edgeagent.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeagent.agent.text.HumanText;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.Ansi.Style;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code edge-agent machines [id]}: what the agent reads from each machine, signal by signal. */
@Command(name = "machines", mixinStandardHelpOptions = true,
        description = {"Show every signal of each machine with its latest value.",
            "Each machine's state and connection, and every configured signal with its latest value, quality, the"
                + " machine's timestamp and how long ago it arrived. A signal that never reported says so.",
            "Exits 1 when the agent is not running, 2 for a machine that is not configured, 3 when the agent is busy"
                + " serving other clients (try again)."},
        footer = {"", "Examples:", "  edge-agent machines", "  edge-agent machines imm-01",
            "  edge-agent machines imm-01 --json \\",
            "      | jq '.machines[0].signals[] | select(.quality != \"GOOD\")'"})
final class MachinesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AgentOptions options;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MACHINE", description = "only this machine (its id)")
    String machine;

    @Override
    public Integer call() {
        return Query.run(spec, options, Query.forMachine("machines", machine), MachinesCommand::print);
    }

    private static void print(JsonNode answer, HumanText text, Ansi ansi, PrintWriter out) {
        boolean first = true;
        for (JsonNode m : answer.get("machines")) {
            if (!first) {
                out.println();
            }
            first = false;
            Instant since = HumanText.instant(m.get("since"));
            JsonNode connection = m.get("connection");
            Instant connectedSince = HumanText.instant(connection.get("since"));
            String state = m.get("state").textValue();
            out.println(Table.paint(ansi, m.get("machine").asText(), Style.bold) + "  "
                    + Table.paint(ansi, state == null ? "no state yet" : state, Table.stateStyles(state))
                    + (since == null ? "" : " since " + text.time(since) + " (" + text.ago(since) + ")")
                    + "  driver " + HumanText.value(connection.get("state"))
                    + (connectedSince == null ? "" : " since " + text.time(connectedSince))
                    + (connection.get("lastError").isNull() ? "" : ", last error: " + connection.get("lastError").asText()));
            out.println("  " + HumanText.value(m.get("reason")));
            Table signals = new Table(ansi, "SIGNAL", "VALUE", "QUALITY", "SOURCE TIME", "ARRIVED");
            for (JsonNode s : m.get("signals")) {
                Instant arrived = HumanText.instant(s.get("arrived"));
                signals.row(s.get("signal").asText(), HumanText.value(s.get("value")), quality(s),
                        text.preciseTime(HumanText.instant(s.get("ts"))),
                        arrived == null ? Table.cell("never", Style.fg_yellow) : text.ago(arrived) + " ago");
            }
            signals.print(out, "  ");
        }
    }

    private static Table.Cell quality(JsonNode s) {
        String quality = s.get("quality").textValue();
        if (quality == null) {
            return Table.cell("-");
        }
        String detail = s.get("detail").isNull() ? "" : " (" + s.get("detail").asText() + ")";
        return switch (quality) {
            case "GOOD" -> Table.cell(quality);
            case "BAD" -> Table.cell(quality + detail, Style.fg_red);
            default -> Table.cell(quality + detail, Style.fg_yellow);
        };
    }
}
