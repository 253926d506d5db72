package io.edgeagent.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.agent.buffer.OutboxStats;
import io.edgeagent.agent.capacity.CapacityPicture;
import io.edgeagent.agent.capacity.LiveWindow;
import io.edgeagent.agent.config.MachineState;
import io.edgeagent.agent.controlsocket.AgentInfo;
import io.edgeagent.agent.controlsocket.AgentStatus;
import io.edgeagent.agent.feed.UplinkStatus;
import io.edgeagent.agent.ingest.LastReading;
import io.edgeagent.agent.ingest.MachineSnapshot;
import io.edgeagent.agent.testing.Exposition;
import io.edgeagent.drivers.ConnectionState;
import io.edgeagent.drivers.DriverHealth;
import io.edgeagent.drivers.Quality;
import io.edgeagent.drivers.Reading;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every number of a status, written by the Prometheus client and read back by a strict parser of the format. */
class StatusMetricsTest {

    private static final Instant AT = Instant.parse("2026-12-05T10:00:00Z");

    @Test
    void everyNumberOfTheStatusIsThereWithItsNameTypeHelpAndLabels() throws IOException {
        Exposition e = Exposition.parse(render(status()));

        assertEquals(1, e.value("edge_agent_info", "agent", "gw-7", "site", "plant \"B\"", "version", "1.2.3",
                "config_hash", "ab12"), "label values escaped and read back");
        assertEquals(AT.minus(Duration.ofHours(2)).getEpochSecond(), e.value("edge_agent_start_time_seconds"));

        for (MachineState s : MachineState.values()) {
            assertEquals(s == MachineState.IDLE ? 1 : 0, e.value("edge_agent_machine_state", "machine", "imm-01", "state", s.name()));
            assertEquals(0, e.value("edge_agent_machine_state", "machine", "cnc-02", "state", s.name()),
                    "before its first state a machine is in none");
        }
        assertEquals(AT.minusSeconds(90).getEpochSecond(),
                e.value("edge_agent_machine_state_since_timestamp_seconds", "machine", "imm-01"));
        assertEquals(1, e.value("edge_agent_machine_connected", "machine", "imm-01"));
        assertEquals(0, e.value("edge_agent_machine_connected", "machine", "cnc-02"));
        assertEquals(1.5, e.value("edge_agent_machine_last_reading_age_seconds", "machine", "imm-01"));
        assertEquals(Double.POSITIVE_INFINITY, e.value("edge_agent_machine_last_reading_age_seconds", "machine", "cnc-02"));
        assertEquals(4711, e.value("edge_agent_readings_total", "machine", "imm-01"));
        assertEquals(0, e.value("edge_agent_readings_total", "machine", "cnc-02"));
        assertEquals(2, e.value("edge_agent_machine_signals", "machine", "imm-01"));
        assertEquals(1, e.value("edge_agent_machine_signals_not_good", "machine", "imm-01"));
        assertEquals(1, e.value("edge_agent_idle_window_open", "machine", "imm-01"));
        assertEquals(0, e.value("edge_agent_idle_window_open", "machine", "cnc-02"));
        assertEquals(17, e.value("edge_agent_ingest_dropped_readings_total"));

        assertEquals(3, e.value("edge_agent_buffer_messages", "class", "event"));
        assertEquals(120, e.value("edge_agent_buffer_messages", "class", "telemetry"));
        assertEquals(0, e.value("edge_agent_buffer_oldest_age_seconds", "class", "event"), "none waits: 0");
        assertEquals(42, e.value("edge_agent_buffer_oldest_age_seconds", "class", "telemetry"));
        assertEquals(40_960, e.value("edge_agent_buffer_bytes"));
        assertEquals(2, e.value("edge_agent_buffer_dropped_total", "class", "event"));
        assertEquals(7, e.value("edge_agent_buffer_dropped_total", "class", "telemetry"));
        assertEquals(5, e.value("edge_agent_buffer_held_messages"));
        assertEquals(1, e.value("edge_agent_buffer_write_failing"));
        assertEquals(0, e.value("edge_agent_buffer_quarantined"));
        assertEquals(500, e.value("edge_agent_seq"));

        assertEquals(0, e.value("edge_agent_uplink_connected"));
        assertEquals(4, e.value("edge_agent_uplink_reconnects_total"));
        assertEquals(900, e.value("edge_agent_published_total", "class", "event"));
        assertEquals(12_000, e.value("edge_agent_published_total", "class", "telemetry"));
        assertEquals(9, e.value("edge_agent_bdseq"));

        for (Exposition.Family f : e.families().values()) {
            assertTrue(f.name().startsWith("edge_agent_"), f.name());
            assertNotNull(f.help(), "HELP for " + f.name());
            assertEquals(f.name().endsWith("_total") ? "counter" : "gauge", f.type(), f.name());
        }
        assertEquals(List.of("edge_agent_buffer_dropped_total", "edge_agent_ingest_dropped_readings_total",
                        "edge_agent_published_total", "edge_agent_readings_total", "edge_agent_uplink_reconnects_total"),
                e.families().values().stream().filter(f -> f.type().equals("counter")).map(Exposition.Family::name)
                        .sorted().toList());
    }

    private static String render(AgentStatus status) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, StatusMetrics.of(status), EscapingScheme.UNDERSCORE_ESCAPING);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** imm-01 idle in an open window, one signal uncertain; cnc-02 never reached; a full disk; the broker away. */
    private static AgentStatus status() {
        AgentInfo info = new AgentInfo("gw-7", "plant \"B\"", "1.2.3", AT.minus(Duration.ofHours(2)),
                Path.of("/etc/edge-agent/agent.yaml"), "ab12", Path.of("/var/lib/edge-agent"));
        UplinkStatus uplink = new UplinkStatus(false, URI.create("tcp://broker:1883"), AT.minusSeconds(30),
                "connection lost", 9, 4, 900, 12_000);
        OutboxStats buffer = new OutboxStats(3, 120, 40_960, 500, 7, 2, Optional.empty(), 5, Optional.of("disk full"));
        List<LastReading> signals = Arrays.asList(
                new LastReading(Reading.good("imm-01", "cycleCounter", 12L, AT.minusSeconds(2)), AT.minusMillis(1500)),
                new LastReading(new Reading("imm-01", "mouldTemp", 45.0, AT.minusSeconds(9), Quality.UNCERTAIN, "stale"),
                        AT.minusSeconds(9)));
        List<MachineSnapshot> machines = List.of(
                new MachineSnapshot("imm-01", MachineState.IDLE, AT.minusSeconds(90), "otherwise",
                        new DriverHealth(ConnectionState.CONNECTED, AT.minusSeconds(600), null), AT.minusMillis(1500),
                        4711, signals),
                new MachineSnapshot("cnc-02", null, null, null,
                        new DriverHealth(ConnectionState.CONNECTING, AT.minusSeconds(600), "connection refused"), null,
                        0, List.of()));
        List<CapacityPicture> capacity = List.of(
                new CapacityPicture("imm-01", MachineState.IDLE, new LiveWindow("imm-01", AT.minusSeconds(90), null, null),
                        List.of(), List.of()),
                new CapacityPicture("cnc-02", null, null, List.of(), List.of()));
        return new AgentStatus(info, AT, uplink, buffer, null, AT.minusSeconds(42), 17, machines, capacity);
    }
}
