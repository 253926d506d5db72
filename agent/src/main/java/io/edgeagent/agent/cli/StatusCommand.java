package io.edgeagent.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import io.edgeagent.agent.config.ConfigLoader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeagent.agent.doctor.ClockSync;
import io.edgeagent.agent.text.HumanText;
import io.edgeagent.agent.text.Messages;
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
        Messages messages = Main.messages(spec);
        return Query.run(spec, options, session -> session.request("status"), (session, answer) -> {
            ObjectNode status = (ObjectNode) answer;
            status.putObject("clock").put("ntpSynchronized",
                    new ClockSync(ClockSync.TIMEDATECTL).synchronised().orElse(null));
            status.put("configChangedOnDisk", changedOnDisk(status.path("agent")));
            return status;
        }, (answer, text, ansi, out) -> print(answer, text, messages, ansi, out));
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

    private static void print(JsonNode s, HumanText text, Messages m, Ansi ansi, PrintWriter out) {
        JsonNode agent = s.get("agent");
        out.println(m.get("status.header", Table.paint(ansi, "edge-agent", Style.bold), agent.get("version").asText(),
                agent.get("id").asText(), agent.get("site").asText(),
                HumanText.age(Duration.ofSeconds(agent.get("uptimeSeconds").asLong())),
                text.time(HumanText.instant(agent.get("started")))));

        String config = agent.get("configFile").asText() + "  sha256 " + agent.get("configHash").asText().substring(0, 12);
        if (s.get("configChangedOnDisk").asBoolean()) {
            config += "  " + Table.paint(ansi, m.get("status.config.changed"), Style.fg_yellow);
        }
        label(ansi, out, m.get("status.label.config"), config);

        JsonNode broker = s.get("broker");
        Instant brokerSince = HumanText.instant(broker.get("since"));
        String since = m.get("status.broker.since", text.time(brokerSince), text.ago(brokerSince));
        String url = broker.get("url").asText();
        if (broker.get("connected").asBoolean()) {
            label(ansi, out, m.get("status.label.broker"), m.get("status.broker.connected",
                    Table.paint(ansi, m.get("status.broker.connected.word"), Style.fg_green), url, since));
        } else {
            String lastError = broker.get("lastError").isNull() ? ""
                    : m.get("status.broker.lastError", broker.get("lastError").asText());
            label(ansi, out, m.get("status.label.broker"), m.get("status.broker.notConnected",
                    Table.paint(ansi, m.get("status.broker.notConnected.word"), Style.fg_red, Style.bold), url,
                    since + lastError));
        }

        label(ansi, out, m.get("status.label.buffer"), buffer(s.get("buffer"), text, m));
        JsonNode quarantined = s.get("buffer").get("quarantined");
        if (!quarantined.isNull()) {
            label(ansi, out, "", Table.paint(ansi, m.get("status.buffer.quarantined", quarantined.asText()),
                    Style.fg_yellow));
        }

        JsonNode ntp = s.get("clock").get("ntpSynchronized");
        label(ansi, out, m.get("status.label.clock"), ntp.isNull() ? m.get("status.clock.unknown")
                : ntp.asBoolean() ? Table.paint(ansi, m.get("status.clock.synchronised"), Style.fg_green)
                : Table.paint(ansi, m.get("status.clock.notSynchronised"), Style.fg_red, Style.bold));

        long droppedReadings = s.get("ingest").get("droppedReadings").asLong();
        label(ansi, out, m.get("status.label.ingest"), droppedReadings == 0 ? m.get("status.ingest.none")
                : Table.paint(ansi, m.get("status.ingest.dropped", droppedReadings), Style.fg_yellow));
        out.println();

        Table machines = new Table(ansi, m.get("status.column.machine"), m.get("status.column.state"),
                m.get("status.column.since"), m.get("status.column.for"), m.get("status.column.lastReading"),
                m.get("status.column.signals"), m.get("status.column.reason"));
        for (JsonNode machine : s.get("machines")) {
            Instant stateSince = HumanText.instant(machine.get("since"));
            Instant last = HumanText.instant(machine.get("lastReading"));
            long signals = machine.get("signals").asLong();
            long notGood = machine.get("signalsNotGood").asLong();
            machines.row(machine.get("machine").asText(), Table.state(machine.get("state").textValue()),
                    text.time(stateSince), text.ago(stateSince),
                    last == null ? Table.cell(m.get("status.reading.never"), Style.fg_yellow)
                            : m.get("status.reading.ago", text.ago(last)),
                    notGood == 0 ? m.get("status.signals.good", signals)
                            : Table.cell(m.get("status.signals.notGood", signals - notGood, notGood), Style.fg_yellow),
                    HumanText.value(machine.get("reason")));
        }
        machines.print(out, "");
    }

    private static String buffer(JsonNode b, HumanText text, Messages m) {
        StringBuilder line = new StringBuilder();
        for (String cls : new String[] {"events", "telemetry"}) {
            JsonNode c = b.get(cls);
            line.append(m.get("status.buffer.class", m.get("status.buffer.class." + cls), c.get("waiting").asLong()));
            Instant oldest = HumanText.instant(c.get("oldest"));
            if (oldest != null) {
                line.append(m.get("status.buffer.oldest", text.ago(oldest)));
            }
            line.append(m.get("status.buffer.separator"));
        }
        long telemetry = b.get("droppedTelemetry").asLong();
        long events = b.get("droppedEvents").asLong();
        line.append(m.get("status.buffer.dropped", HumanText.bytes(b.get("bytes").asLong()),
                telemetry == 0 && events == 0 ? m.get("status.buffer.dropped.nothing")
                        : m.get("status.buffer.dropped.some", telemetry, events)));
        JsonNode failure = b.get("writeFailure");
        if (failure != null && !failure.isNull()) {
            line.append(m.get("status.buffer.cannotWrite", failure.asText(), b.get("held").asLong()));
        }
        return line.toString();
    }

    /** A label and its text; the text starts in column 10 whatever language the label is in. */
    private static void label(Ansi ansi, PrintWriter out, String label, String text) {
        out.println(Table.paint(ansi, label, Style.bold) + " ".repeat(Math.max(1, 9 - HumanText.width(label))) + text);
    }
}
