package io.edgeagent.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeagent.agent.text.HumanText;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.Ansi.Style;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code edge-agent windows [machine]}: the idle capacity the agent offers, live and ahead. */
@Command(name = "windows", mixinStandardHelpOptions = true,
        description = {"Show the idle time each machine offers: live, forecast, reserved.",
            "Each machine's open live idle window, the forecast windows it offers the platform, and the reservations"
                + " the platform made. Times are in the agent's time zone (agent.timezone).",
            "Then each sharing rule of the machine with where it came from: a line of the config file, the default,"
                + " or the version and time of the platform's change.",
            "Exits 1 when the agent is not running, 2 for a machine that is not configured, 3 when the agent is busy"
                + " serving other clients (try again)."},
        footer = {"", "Examples:", "  edge-agent windows", "  edge-agent windows imm-02",
            "  edge-agent windows --json \\",
            "      | jq '.machines[] | {machine, hours: ([.windows[].machineHours] | add)}'"})
final class WindowsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AgentOptions options;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MACHINE", description = "only this machine (its id)")
    String machine;

    @Override
    public Integer call() {
        return Query.run(spec, options, Query.forMachine("windows", machine), WindowsCommand::print);
    }

    private static void print(JsonNode answer, HumanText text, Ansi ansi, PrintWriter out) {
        boolean first = true;
        for (JsonNode m : answer.get("machines")) {
            if (!first) {
                out.println();
            }
            first = false;
            String state = m.get("state").textValue();
            JsonNode open = m.get("open");
            Instant openSince = open.isNull() ? null : HumanText.instant(open.get("since"));
            out.println(Table.paint(ansi, m.get("machine").asText(), Style.bold) + "  "
                    + Table.paint(ansi, state == null ? "no state yet" : state, Table.stateStyles(state)) + "  "
                    + (openSince == null ? "no open idle window"
                            : Table.paint(ansi, "idle window open", Style.fg_yellow) + " since " + text.time(openSince)
                                    + " (" + text.ago(openSince) + ")"));
            if (m.get("windows").isEmpty()) {
                out.println("  no forecast windows" + (state != null && (state.equals("DOWN") || state.equals("OFFLINE"))
                        ? " (none are offered while the machine is " + state + ")" : ""));
            } else {
                Table windows = new Table(ansi, "FORECAST WINDOW", "START", "END", "HOURS", "CONFIDENCE", "PARTS");
                for (JsonNode w : m.get("windows")) {
                    windows.row(w.get("id").asText(), text.dateTime(HumanText.instant(w.get("start"))),
                            text.dateTime(HumanText.instant(w.get("end"))),
                            String.format(Locale.ROOT, "%.1f", w.get("machineHours").asDouble()),
                            String.format(Locale.ROOT, "%.2f", w.get("confidence").asDouble()),
                            HumanText.value(w.get("estimatedParts")));
                }
                windows.print(out, "  ");
            }
            if (m.get("reservations").isEmpty()) {
                out.println("  no reservations");
            } else {
                Table reservations = new Table(ansi, "RESERVATION", "START", "END", "REQUEST", "REFERENCE");
                for (JsonNode r : m.get("reservations")) {
                    reservations.row(r.get("id").asText(), text.dateTime(HumanText.instant(r.get("start"))),
                            text.dateTime(HumanText.instant(r.get("end"))), r.get("requestId").asText(),
                            HumanText.value(r.get("reference")));
                }
                reservations.print(out, "  ");
            }
            printSharing(m.get("sharing"), ansi, out);
        }
    }

    /** The machine's sharing rules and where each came from: a line of the config file, or the platform's version. */
    static void printSharing(JsonNode sharing, Ansi ansi, PrintWriter out) {
        if (sharing == null || sharing.isEmpty()) {
            return;
        }
        Table rules = new Table(ansi, "SHARING", "RULE", "FROM");
        for (JsonNode r : sharing) {
            rules.row(r.get("kind").asText(), r.get("rule").asText(), r.get("from").asText());
        }
        rules.print(out, "  ");
    }
}
