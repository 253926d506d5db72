package io.edgeagent.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import io.edgeagent.agent.config.ConfigLoader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeagent.agent.doctor.ClockSync;
import io.edgeagent.agent.text.HumanText;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.Ansi.Style;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code edge-agent status}: the running agent's health on one screen. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show what the running agent is doing: broker, buffer, machines.",
            "Version, uptime, config, broker connection, buffer and clock, and one line per machine: state, since"
                + " when, why, and how old its last reading is.",
            "Exits 1 when the agent is not running, 3 when it is busy serving other clients (try again)."},
        footer = {"", "Examples:", "  edge-agent status",
            "  edge-agent status --config /etc/edge-agent/agent.yaml --json | jq .broker"})
final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AgentOptions options;

    @Override
    public Integer call() {
        return Query.run(spec, options, session -> session.request("status"), (session, answer) -> {
            ObjectNode status = (ObjectNode) answer;
            status.putObject("clock").put("ntpSynchronized",
                    new ClockSync(ClockSync.TIMEDATECTL).synchronised().orElse(null));
            status.put("configChangedOnDisk", changedOnDisk(status.path("agent")));
            return status;
        }, StatusCommand::print);
    }

    /**
     * Whether the file the agent runs has changed on disk since it loaded it: that file's hash now, not the hash of
     * the file given with --config, which may be another copy (the demo's) naming the same data dir. Unknown when
     * the file cannot be read here, and then not reported.
     */
    static boolean changedOnDisk(JsonNode agent) {
        String running = agent.path("configHash").asText();
        return ConfigLoader.hashOf(Path.of(agent.path("configFile").asText())).map(now -> !now.equals(running))
                .orElse(false);
    }

    private static void print(JsonNode s, HumanText text, Ansi ansi, PrintWriter out) {
        JsonNode agent = s.get("agent");
        out.printf("%s %s, agent %s at site %s, up %s (since %s)%n", Table.paint(ansi, "edge-agent", Style.bold),
                agent.get("version").asText(), agent.get("id").asText(), agent.get("site").asText(),
                HumanText.age(Duration.ofSeconds(agent.get("uptimeSeconds").asLong())),
                text.time(HumanText.instant(agent.get("started"))));

        String config = agent.get("configFile").asText() + "  sha256 " + agent.get("configHash").asText().substring(0, 12);
        if (s.get("configChangedOnDisk").asBoolean()) {
            config += "  " + Table.paint(ansi, "the file has changed since the agent started: restart it to apply",
                    Style.fg_yellow);
        }
        label(ansi, out, "config", config);

        JsonNode broker = s.get("broker");
        Instant brokerSince = HumanText.instant(broker.get("since"));
        String since = " since " + text.time(brokerSince) + " (" + text.ago(brokerSince) + ")";
        if (broker.get("connected").asBoolean()) {
            label(ansi, out, "broker", Table.paint(ansi, "connected", Style.fg_green) + " to "
                    + broker.get("url").asText() + since);
        } else {
            label(ansi, out, "broker", Table.paint(ansi, "NOT CONNECTED", Style.fg_red, Style.bold) + ", trying "
                    + broker.get("url").asText() + since
                    + (broker.get("lastError").isNull() ? "" : "; last error: " + broker.get("lastError").asText()));
        }

        label(ansi, out, "buffer", buffer(s.get("buffer"), text));
        JsonNode quarantined = s.get("buffer").get("quarantined");
        if (!quarantined.isNull()) {
            label(ansi, out, "", Table.paint(ansi, "an unreadable buffer was moved aside at start: "
                    + quarantined.asText() + " (see edge-agent doctor)", Style.fg_yellow));
        }

        JsonNode ntp = s.get("clock").get("ntpSynchronized");
        label(ansi, out, "clock", ntp.isNull() ? "synchronisation unknown (timedatectl cannot tell here)"
                : ntp.asBoolean() ? Table.paint(ansi, "synchronised", Style.fg_green)
                : Table.paint(ansi, "NOT synchronised: every timestamp in the feed may be wrong", Style.fg_red, Style.bold));

        long droppedReadings = s.get("ingest").get("droppedReadings").asLong();
        label(ansi, out, "ingest", droppedReadings == 0 ? "no readings dropped"
                : Table.paint(ansi, droppedReadings + " readings dropped since start: the ingest queue was full",
                        Style.fg_yellow));
        out.println();

        Table machines = new Table(ansi, "MACHINE", "STATE", "SINCE", "FOR", "LAST READING", "SIGNALS", "REASON");
        for (JsonNode m : s.get("machines")) {
            Instant stateSince = HumanText.instant(m.get("since"));
            Instant last = HumanText.instant(m.get("lastReading"));
            long signals = m.get("signals").asLong();
            long notGood = m.get("signalsNotGood").asLong();
            machines.row(m.get("machine").asText(), Table.state(m.get("state").textValue()),
                    text.time(stateSince), text.ago(stateSince),
                    last == null ? Table.cell("never", Style.fg_yellow) : text.ago(last) + " ago",
                    notGood == 0 ? signals + " good"
                            : Table.cell((signals - notGood) + " good, " + notGood + " not good", Style.fg_yellow),
                    HumanText.value(m.get("reason")));
        }
        machines.print(out, "");
    }

    private static String buffer(JsonNode b, HumanText text) {
        StringBuilder line = new StringBuilder();
        for (String cls : new String[] {"events", "telemetry"}) {
            JsonNode c = b.get(cls);
            line.append(cls).append(' ').append(c.get("waiting").asLong()).append(" waiting");
            Instant oldest = HumanText.instant(c.get("oldest"));
            if (oldest != null) {
                line.append(" (oldest ").append(text.ago(oldest)).append(')');
            }
            line.append(", ");
        }
        line.append(HumanText.bytes(b.get("bytes").asLong())).append("; dropped ");
        long telemetry = b.get("droppedTelemetry").asLong();
        long events = b.get("droppedEvents").asLong();
        line.append(telemetry == 0 && events == 0 ? "nothing" : telemetry + " telemetry, " + events + " events");
        JsonNode failure = b.get("writeFailure");
        if (failure != null && !failure.isNull()) {
            line.append("; CANNOT WRITE (").append(failure.asText()).append("), ").append(b.get("held").asLong())
                    .append(" held in memory");
        }
        return line.toString();
    }

    private static void label(Ansi ansi, PrintWriter out, String label, String text) {
        out.println(Table.paint(ansi, label, Style.bold) + " ".repeat(9 - label.length()) + text);
    }
}
