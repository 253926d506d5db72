package io.edgeagent.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeagent.agent.text.HumanText;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.Ansi.Style;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code edge-agent tail [machine] [signal]}: live readings as the agent takes them. */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = {"Print readings live as the agent takes them, until Ctrl-C.",
            "Each line holds the machine's timestamp, machine, signal, value, and the quality when it is not good."
                + " With --json, one JSON object per line.",
            "A terminal that cannot keep up misses readings (it is told how many); the agent never waits for it.",
            "Exits 1 when the agent is not running or stops, 2 for a machine or signal that is not configured, 3 when"
                + " the agent already streams as many tails as it runs at once (try again when one has ended)."},
        footer = {"", "Examples:", "  edge-agent tail", "  edge-agent tail imm-01", "  edge-agent tail imm-01 mouldTemp",
            "  edge-agent tail imm-01 cycleCounter -n 1 --json"})
final class TailCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AgentOptions options;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MACHINE", description = "only this machine (its id)")
    String machine;

    @Parameters(index = "1", arity = "0..1", paramLabel = "SIGNAL", description = "only this signal of the machine")
    String signal;

    @Option(names = {"-n", "--count"}, paramLabel = "N", description = "stop after N readings")
    Integer count;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (AgentSession session = AgentSession.open(options, new ObjectMapper(), Main.messages(spec))) {
            ObjectNode request = session.request("tail");
            if (machine != null) {
                request.put("machine", machine);
            }
            if (signal != null) {
                request.put("signal", signal);
            }
            session.send(request);
            JsonNode first = session.next();
            if (first == null) {
                throw new CommandFailure("the agent closed the connection without answering: it is stopping", Main.FAILED);
            }
            AgentSession.check(first);
            Line line = new Line(first.get("following"), session.location().timezone(),
                    spec.commandLine().getColorScheme().ansi());
            int seen = 0;
            while (count == null || seen < count) {
                JsonNode next = session.next();
                if (next == null) {
                    throw new CommandFailure("the agent stopped: tail ended", Main.FAILED);
                }
                String type = next.path("type").asText();
                if (type.equals("reading")) {
                    seen++;
                    out.println(options.json ? next.toString() : line.reading(next));
                } else if (type.equals("dropped")) {
                    out.println(options.json ? next.toString() : line.dropped(next.get("count").asLong()));
                }
                out.flush();
            }
            return 0;
        } catch (CommandFailure f) {
            out.flush();
            spec.commandLine().getErr().println(f.getMessage());
            return f.exitCode();
        }
    }

    /** One reading per line, columns as wide as the longest configured machine id and signal name. */
    private static final class Line {

        private final DateTimeFormatter time;
        private final Ansi ansi;
        private final int machineWidth;
        private final int signalWidth;

        /** @param following signal names by machine, as the agent's first tail line lists them */
        Line(JsonNode following, ZoneId zone, Ansi ansi) {
            this.time = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT).withZone(zone);
            this.ansi = ansi;
            int machines = 0;
            int signals = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = following.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> machine = it.next();
                machines = Math.max(machines, machine.getKey().length());
                for (JsonNode signal : machine.getValue()) {
                    signals = Math.max(signals, signal.asText().length());
                }
            }
            this.machineWidth = machines;
            this.signalWidth = signals;
        }

        String reading(JsonNode r) {
            String quality = r.get("quality").asText();
            String value = HumanText.value(r.get("value"));
            return time.format(HumanText.instant(r.get("ts"))) + "  " + pad(r.get("machine").asText(), machineWidth)
                    + "  " + pad(r.get("signal").asText(), signalWidth) + "  "
                    + (quality.equals("GOOD") ? value
                            : Table.paint(ansi, value + "  " + quality
                                    + (r.get("detail").isNull() ? "" : " (" + r.get("detail").asText() + ")"),
                                    quality.equals("BAD") ? Style.fg_red : Style.fg_yellow));
        }

        String dropped(long n) {
            return Table.paint(ansi, "(" + n + " readings dropped: this terminal did not keep up)", Style.fg_yellow);
        }

        private static String pad(String s, int width) {
            return s + " ".repeat(Math.max(0, width - s.length()));
        }
    }
}
