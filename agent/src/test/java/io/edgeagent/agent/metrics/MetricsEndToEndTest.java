package io.edgeagent.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeagent.agent.EdgeAgent;
import io.edgeagent.agent.config.AgentConfig;
import io.edgeagent.agent.config.ConfigLoader;
import io.edgeagent.agent.config.MachineState;
import io.edgeagent.agent.controlsocket.ControlClient;
import io.edgeagent.agent.controlsocket.ControlServer;
import io.edgeagent.agent.testing.Exposition;
import io.edgeagent.agent.testing.Feed;
import io.edgeagent.agent.testing.Ports;
import io.edgeagent.agent.testing.TestConfigs;
import io.edgeagent.agent.tls.TlsUnavailableException;
import io.edgeagent.broker.EmbeddedBroker;
import io.edgeagent.drivers.sim.ImmSimulator;
import io.edgeagent.drivers.sim.Phase;
import io.edgeagent.drivers.sim.SimulatorIdentity;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prometheus's view of a real agent: it reads a simulated injection-moulding machine over OPC UA and publishes to an
 * embedded broker, and the test scrapes {@code /metrics} over HTTP on loopback twice, with {@code edge-agent status}'s
 * answer from the control socket taken between the two scrapes.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MetricsEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String BASE = "edge/v1/plant-a/gw-metrics";
    private static final Set<String> CLASSES = Set.of("event", "telemetry");

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void scrapesShowWhatStatusShowsCountersOnlyGrowAndTheEndpointStopsWithTheAgent() throws Exception {
        int brokerPort = Ports.free();
        int machinePort = Ports.free();
        int metricsPort = Ports.free();
        AgentConfig config = config(brokerPort, machinePort, metricsPort);
        URI metrics = URI.create("http://127.0.0.1:" + metricsPort + "/metrics");

        try (EmbeddedBroker broker = EmbeddedBroker.start(brokerPort, dir.resolve("broker"));
             Feed feed = new Feed(broker.url(), BASE + "/#");
             ImmSimulator imm = ImmSimulator.builder("imm-01").port(machinePort).manual(Phase.PRODUCING)
                     .cycleTime(Duration.ofMillis(300)).identity(SimulatorIdentity.generate()).build()) {
            imm.start();
            Set<Thread> threadsBefore = MetricsEndpointTest.threads();
            EdgeAgent agent = EdgeAgent.start(config, Clock.systemUTC());
            try {
                feed.await(m -> m.topic().equals(BASE + "/machines/imm-01/state")
                        && m.json().get("state").asText().equals("RUNNING"), WAIT, "imm-01 RUNNING");

                Exposition first = scrape(metrics);
                Instant afterFirst = Instant.now();
                JsonNode status = status(config);
                // A reading the machine took after the first scrape, seen on the feed, was counted after it.
                feed.await(m -> m.topic().equals(BASE + "/machines/imm-01/telemetry")
                        && readingTakenAfter(m.json(), afterFirst), WAIT, "a reading of imm-01 taken after the first scrape");
                Exposition second = scrape(metrics);

                for (Exposition e : List.of(first, second)) {
                    everyAgentFamilyHasHelpAndTypeAndKnownLabels(e);
                }
                countersNeverGoBack(first, second);
                assertTrue(second.value("edge_agent_readings_total", "machine", "imm-01")
                        > first.value("edge_agent_readings_total", "machine", "imm-01"), "a producing machine is read");

                // What does not move while the machine produces: the same in both scrapes and in the status.
                JsonNode machine = status.get("machines").get(0);
                for (Exposition e : List.of(first, second)) {
                    assertEquals(MachineState.RUNNING.name(), machine.get("state").asText());
                    for (MachineState s : MachineState.values()) {
                        assertEquals(s.name().equals(machine.get("state").asText()) ? 1 : 0,
                                e.value("edge_agent_machine_state", "machine", "imm-01", "state", s.name()), s.name());
                    }
                    assertEquals(seconds(machine.get("since")),
                            e.value("edge_agent_machine_state_since_timestamp_seconds", "machine", "imm-01"));
                    assertEquals(machine.get("openWindowSince").isNull() ? 0 : 1,
                            e.value("edge_agent_idle_window_open", "machine", "imm-01"));
                    assertEquals(machine.get("connection").get("state").asText().equals("CONNECTED") ? 1 : 0,
                            e.value("edge_agent_machine_connected", "machine", "imm-01"));
                    assertEquals(machine.get("signalsNotGood").asLong(),
                            e.value("edge_agent_machine_signals_not_good", "machine", "imm-01"));
                    JsonNode uplink = status.get("broker");
                    assertEquals(uplink.get("connected").asBoolean() ? 1 : 0, e.value("edge_agent_uplink_connected"));
                    assertEquals(uplink.get("bdSeq").asLong(), e.value("edge_agent_bdseq"));
                    assertEquals(uplink.get("reconnects").asLong(), e.value("edge_agent_uplink_reconnects_total"));
                    JsonNode agentNode = status.get("agent");
                    assertEquals(1, e.value("edge_agent_info", "agent", "gw-metrics", "site", "plant-a",
                            "version", agentNode.get("version").asText(), "config_hash", agentNode.get("configHash").asText()));
                    assertEquals(seconds(agentNode.get("started")), e.value("edge_agent_start_time_seconds"));
                    assertEquals(status.get("ingest").get("droppedReadings").asLong(),
                            e.value("edge_agent_ingest_dropped_readings_total"));
                    assertEquals(status.get("buffer").get("droppedEvents").asLong(),
                            e.value("edge_agent_buffer_dropped_total", "class", "event"));
                    assertEquals(0, e.value("edge_agent_buffer_quarantined"));
                    assertEquals(0, e.value("edge_agent_buffer_write_failing"));
                }
                // What moves: the status, taken between the scrapes, lies between them.
                between(first, second, machine.get("readings").asLong(), "edge_agent_readings_total", "machine", "imm-01");
                between(first, second, status.get("buffer").get("lastSeq").asLong(), "edge_agent_seq");
                between(first, second, status.get("broker").get("published").get("events").asLong(),
                        "edge_agent_published_total", "class", "event");
                between(first, second, status.get("broker").get("published").get("telemetry").asLong(),
                        "edge_agent_published_total", "class", "telemetry");
                assertTrue(second.value("edge_agent_seq") > 0);
                assertTrue(second.value("jvm_memory_used_bytes", "area", "heap") > 0);
                assertTrue(second.value("jvm_threads_current") > 20, "the agent's threads, with the drivers'");
                assertTrue(second.value("process_open_fds") > 0);
            } finally {
                agent.close();
            }
            assertEquals(threadsBefore.size(), MetricsEndpointTest.threadsOnceEnded(threadsBefore),
                    "the endpoint's threads stop with the agent");
            assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), metricsPort).close(),
                    "nobody listens once the agent stopped");

            // As reload-config does: the agent stopped and at once started again takes the same port.
            EdgeAgent again = EdgeAgent.start(config, Clock.systemUTC());
            try {
                assertEquals(0, scrape(metrics).value("edge_agent_uplink_reconnects_total"), "counters begin again");
            } finally {
                again.close();
            }
        }
    }

    @Test
    void aTakenPortStopsTheStartAndLeavesNothingHeld() throws Exception {
        int metricsPort;
        AgentConfig config;
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            metricsPort = taken.getLocalPort();
            config = config(Ports.free(), Ports.free(), metricsPort);
            MetricsUnavailableException e = assertThrows(MetricsUnavailableException.class,
                    () -> EdgeAgent.start(config, Clock.systemUTC()));
            assertTrue(e.getMessage().startsWith("cannot listen for Prometheus on 127.0.0.1:" + metricsPort
                    + " (metrics.listen): another program listens on port " + metricsPort), e.getMessage());
            assertFalse(Files.exists(config.agent().dataDir().resolve(ControlServer.SOCKET_NAME)), "no socket left");
        }
        // The buffer and the capacity store were closed: once the port is free, the same agent starts.
        EdgeAgent agent = EdgeAgent.start(config, Clock.systemUTC());
        try {
            assertEquals(1, scrape(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                    .family("edge_agent_info").samples().size());
        } finally {
            agent.close();
        }
    }

    /** What a reload-config to a file whose start fails does: the last good config starts again, on the same port. */
    @Test
    void aStartThatFailsAfterTakingThePortUndoesItselfSoTheLastGoodConfigStartsAgain() throws Exception {
        int metricsPort = Ports.free();
        Files.writeString(dir.resolve("ca.pem"), "not a certificate\n");
        String agent = """
                agent: { id: gw-metrics, site: plant-a, dataDir: ./data }
                metrics: { listen: "127.0.0.1:%d" }
                """.formatted(metricsPort) + TestConfigs.simulatedImm(Ports.free());
        Files.writeString(dir.resolve("bad.yaml"), agent + """
                broker: { urls: [ "ssl://127.0.0.1:%d" ], tls: { caFile: ca.pem } }
                """.formatted(Ports.free()));
        Files.writeString(dir.resolve("good.yaml"), agent + """
                broker: { urls: [ "tcp://127.0.0.1:%d" ] }
                """.formatted(Ports.free()));
        AgentConfig bad = ConfigLoader.load(dir.resolve("bad.yaml"));
        AgentConfig good = ConfigLoader.load(dir.resolve("good.yaml"));

        assertThrows(TlsUnavailableException.class, () -> EdgeAgent.start(bad, Clock.systemUTC()),
                "the broker's CA file is read once the port is taken and ingest runs");

        EdgeAgent agentAgain = EdgeAgent.start(good, Clock.systemUTC());
        try {
            Exposition e = scrape(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"));
            assertEquals(good.sourceHash(), e.family("edge_agent_info").samples().get(0).labels().get("config_hash"));
        } finally {
            agentAgain.close();
        }
    }

    private AgentConfig config(int brokerPort, int machinePort, int metricsPort) throws Exception {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, """
                agent:
                  id: gw-metrics
                  site: plant-a
                  timezone: UTC
                  dataDir: ./data
                broker:
                  urls: [ "tcp://127.0.0.1:%d" ]
                  telemetry: { qos: 1, batchMs: 500 }
                metrics:
                  listen: 127.0.0.1:%d
                """.formatted(brokerPort, metricsPort) + TestConfigs.simulatedImm(machinePort));
        return ConfigLoader.load(file);
    }

    private Exposition scrape(URI metrics) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return Exposition.parse(r.body());
    }

    private JsonNode status(AgentConfig config) throws IOException {
        try (ControlClient client = ControlClient.connect(config.agent().dataDir().resolve(ControlServer.SOCKET_NAME),
                json)) {
            JsonNode answer = client.ask(json.createObjectNode().put("op", "status"));
            assertTrue(answer.get("ok").asBoolean(), answer.toString());
            return answer;
        }
    }

    private static void everyAgentFamilyHasHelpAndTypeAndKnownLabels(Exposition e) {
        Set<String> states = Set.copyOf(Arrays.stream(MachineState.values()).map(Enum::name).toList());
        for (Exposition.Family f : e.families().values()) {
            if (!f.name().startsWith("edge_agent_")) {
                continue;
            }
            assertNotNull(f.help(), "HELP of " + f.name());
            assertEquals(f.name().endsWith("_total") ? "counter" : "gauge", f.type(), "TYPE of " + f.name());
            assertFalse(f.samples().isEmpty(), f.name());
            for (Exposition.Sample s : f.samples()) {
                s.labels().forEach((label, value) -> {
                    switch (label) {
                        case "machine" -> assertEquals("imm-01", value, s.toString());
                        case "state" -> assertTrue(states.contains(value), s.toString());
                        case "class" -> assertTrue(CLASSES.contains(value), s.toString());
                        case "agent", "site", "version", "config_hash" -> assertEquals("edge_agent_info", f.name());
                        default -> throw new AssertionError("unexpected label " + label + " in " + s);
                    }
                });
            }
        }
    }

    private static void countersNeverGoBack(Exposition first, Exposition second) {
        for (Exposition.Family f : first.families().values()) {
            if (f.type().equals("counter")) {
                for (Exposition.Sample s : f.samples()) {
                    String[] labels = s.labels().entrySet().stream()
                            .flatMap(l -> Stream.of(l.getKey(), l.getValue())).toArray(String[]::new);
                    assertTrue(second.value(s.name(), labels) >= s.value(), s + " went back");
                }
            }
        }
    }

    private static void between(Exposition first, Exposition second, long status, String name, String... labels) {
        double before = first.value(name, labels);
        double after = second.value(name, labels);
        assertTrue(before <= status && status <= after, name + ": " + before + " <= " + status + " <= " + after);
    }

    private static double seconds(JsonNode time) {
        return Instant.parse(time.asText()).toEpochMilli() / 1000.0;
    }

    private static boolean readingTakenAfter(JsonNode telemetry, Instant at) {
        for (JsonNode r : telemetry.path("readings")) {
            if (Instant.parse(r.path("ts").asText()).isAfter(at)) {
                return true;
            }
        }
        return false;
    }
}
