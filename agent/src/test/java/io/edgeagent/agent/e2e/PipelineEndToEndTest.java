package io.edgeagent.agent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeagent.agent.EdgeAgent;
import io.edgeagent.agent.config.AgentConfig;
import io.edgeagent.agent.config.ConfigLoader;
import io.edgeagent.agent.testing.Feed;
import io.edgeagent.agent.testing.Ports;
import io.edgeagent.broker.EmbeddedBroker;
import io.edgeagent.drivers.sim.ImmSimulator;
import io.edgeagent.drivers.sim.Phase;
import io.edgeagent.drivers.sim.SimulatorIdentity;
import io.edgeagent.drivers.sim.cnc.CncPhase;
import io.edgeagent.drivers.sim.cnc.CncSimulator;
import io.edgeagent.drivers.sim.machinetool.MachineToolPhase;
import io.edgeagent.drivers.sim.machinetool.MachineToolSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline with real peers: simulated machines (Milo OPC UA servers and a Modbus TCP CNC control)
 * driven phase by phase, the agent on the demo's own config, an MQTT 5 broker, and a separate subscriber that
 * sees what the cloud sees.
 */
class PipelineEndToEndTest {

    /** Beyond the longest reconnect back-off (30 s): a bound for a broken pipeline, never a measure of speed. */
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String BASE = "edge/v1/demo-plant/demo-gw01";

    @TempDir
    Path dir;

    @Test
    void statesFollowTheMachinesAndTelemetryFlowsToTheSubscriber() throws Exception {
        int brokerPort = Ports.free();
        int port1 = Ports.free();
        int port2 = Ports.free();
        int cncPort = Ports.free();
        int toolPort = Ports.free();
        String yaml = Files.readString(Path.of("../config/demo.yaml"))
                .replace("127.0.0.1:18830", "127.0.0.1:" + brokerPort)
                .replace("127.0.0.1:48401", "127.0.0.1:" + port1)
                .replace("127.0.0.1:48402", "127.0.0.1:" + port2)
                .replace("127.0.0.1:15020", "127.0.0.1:" + cncPort)
                .replace("127.0.0.1:48403", "127.0.0.1:" + toolPort)
                .replace("dataDir: ./demo-data", "dataDir: ./data")
                // imm-01 is DOWN on an alarm of 700 or more too, besides the profile's standstill rule.
                .replace("      clampForce: { node: /Process/ClampForce, samplingMs: 500 }\n", """
                              clampForce: { node: /Process/ClampForce, samplingMs: 500 }
                            state:
                              down: { any: [ { alarm: { minSeverity: 700 } },
                                             { all: [ { signal: standstillReason, ne: "" }, { signal: productionStatus, eq: 4 } ] } ] }
                        """);
        Path configFile = dir.resolve("agent.yaml");
        Files.writeString(configFile, yaml);
        AgentConfig config = ConfigLoader.load(configFile);

        SimulatorIdentity identity = SimulatorIdentity.generate();
        try (EmbeddedBroker broker = EmbeddedBroker.start(brokerPort, dir.resolve("broker"));
             Feed feed = new Feed(broker.url(), BASE + "/#");
             ImmSimulator imm1 = simulator("imm-01", port1, Phase.PRODUCING, identity);
             ImmSimulator imm2 = simulator("imm-02", port2, Phase.IDLE, identity);
             CncSimulator cnc = CncSimulator.builder("cnc-01").port(cncPort).cycleTime(Duration.ofMillis(500))
                     .manual(CncPhase.CUTTING).build();
             MachineToolSimulator tool = MachineToolSimulator.builder("cnc-02").port(toolPort).identity(identity)
                     .cycleTime(Duration.ofSeconds(1)).manual(MachineToolPhase.PRODUCING).build()) {
            imm1.start();
            imm2.start();
            cnc.start();
            tool.start();
            EdgeAgent agent = EdgeAgent.start(config, Clock.systemUTC());
            try {
                JsonNode birth = feed.await(topic("status"), WAIT, "birth").json();
                assertTrue(birth.get("online").asBoolean());
                List<String> machines = new ArrayList<>();
                birth.get("machines").forEach(m -> machines.add(m.asText()));
                assertEquals(List.of("imm-01", "imm-02", "cnc-01", "cnc-02"), machines);
                assertEquals(config.sourceHash(), birth.get("configHash").asText());

                awaitState(feed, "imm-01", "RUNNING");
                awaitState(feed, "imm-02", "IDLE");

                JsonNode telemetry = feed.await(topic("machines/imm-01/telemetry")
                        .and(m -> hasSignal(m.json(), "mouldTemp")), WAIT, "imm-01 mould temperature").json();
                JsonNode mould = reading(telemetry, "mouldTemp");
                assertTrue(mould.get("value").isDouble(), "a temperature is a number: " + mould);
                assertEquals("GOOD", mould.get("quality").asText());
                assertTrue(mould.get("ts").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));

                JsonNode parts = feed.await(topic("machines/imm-01/telemetry").and(m -> hasSignal(m.json(),
                        "partsCounter")), WAIT, "imm-01 EUROMAP 77 parts counter, found by the profile").json();
                assertTrue(reading(parts, "partsCounter").get("value").isIntegralNumber(), parts.toString());

                // An OPC UA alarm condition (OPC 10000-9) of severity 800: DOWN, with the alarm's own words as the reason,
                // the retained list and one change message; cleared, the machine runs again and the list is empty.
                imm1.raiseAlarm("SpindleOverload", "spindle overload", 800);
                JsonNode alarmed = awaitState(feed, "imm-01", "DOWN");
                assertEquals("alarm: spindle overload (severity 800, imm-01)", alarmed.get("reason").asText());
                JsonNode raised = feed.await(topic("machines/imm-01/alarms/changes"), WAIT, "the raise").json();
                assertEquals("raised", raised.get("change").asText());
                assertEquals(800, raised.at("/alarm/severity").asInt());
                JsonNode list = feed.await(topic("machines/imm-01/alarms").and(m -> m.json().get("alarms").size() == 1),
                        WAIT, "the retained list with the alarm").json();
                assertEquals("spindle overload", list.at("/alarms/0/message").asText());
                imm1.clearAlarm("SpindleOverload");
                awaitState(feed, "imm-01", "RUNNING");
                feed.await(topic("machines/imm-01/alarms").and(m -> m.json().get("alarms").isEmpty()), WAIT,
                        "the retained list, empty");

                imm1.setPhase(Phase.SETUP);
                JsonNode setup = awaitState(feed, "imm-01", "SETUP");
                assertEquals("RUNNING", setup.get("previous").asText());
                assertEquals("machineMode in [3, 4] (machineMode=4)", setup.get("reason").asText());

                // StandstillReasonId is a String (EUROMAP 83): the profile's rule and imm-02's ne: "" both see it.
                imm1.setPhase(Phase.STANDSTILL);
                JsonNode down = awaitState(feed, "imm-01", "DOWN");
                assertTrue(down.get("reason").asText().contains("(standstillReason=" + Phase.STANDSTILL_REASON_ID + ")"),
                        down.toString());
                imm2.setPhase(Phase.STANDSTILL);
                awaitState(feed, "imm-02", "DOWN");

                imm2.close();
                // From DOWN: the OFFLINE of the start-up (driver connecting) must not stand in for this one.
                JsonNode offline = awaitChange(feed, "imm-02", "DOWN", "OFFLINE");
                assertTrue(offline.get("reason").asText().startsWith("not reachable"), offline.toString());

                JsonNode cutting = awaitState(feed, "cnc-01", "RUNNING");
                assertEquals("execution in [1, 2] (execution=1)", cutting.get("reason").asText());
                JsonNode cncTelemetry = feed.await(topic("machines/cnc-01/telemetry")
                        .and(m -> hasSignal(m.json(), "partCount") && hasSignal(m.json(), "program")
                                && hasSignal(m.json(), "spindleRpm")), WAIT, "cnc-01 registers").json();
                assertTrue(reading(cncTelemetry, "partCount").get("value").isIntegralNumber(), cncTelemetry.toString());
                assertEquals("O1234", reading(cncTelemetry, "program").get("value").asText());
                double rpm = reading(cncTelemetry, "spindleRpm").get("value").asDouble();
                assertTrue(rpm > 7000 && rpm < 9000, "float32 spindle speed near its 8000 rpm setpoint: " + rpm);

                JsonNode machining = awaitState(feed, "cnc-02", "RUNNING");
                assertEquals("programState eq Running (programState=Running)", machining.get("reason").asText());
                JsonNode toolTelemetry = feed.await(topic("machines/cnc-02/telemetry")
                        .and(m -> hasSignal(m.json(), "partsProduced") && hasSignal(m.json(), "spindleSpeed")), WAIT,
                        "cnc-02 parts and spindle").json();
                assertTrue(reading(toolTelemetry, "partsProduced").get("value").isIntegralNumber(), toolTelemetry.toString());
                tool.setPhase(MachineToolPhase.FAULT);
                awaitState(feed, "cnc-02", "DOWN");

                // Issue 22: the Modbus alarm code 1010, mapped to its text by demo.yaml's alarms table, reads as an OPC
                // UA condition does: the DOWN reason, the change message and the retained list, per the AsyncAPI.
                cnc.setPhase(CncPhase.ALARM);
                JsonNode alarm = awaitState(feed, "cnc-01", "DOWN");
                assertEquals("alarm: spindle overload (severity 800, holding:8)", alarm.get("reason").asText());
                JsonNode cncRaised = feed.await(topic("machines/cnc-01/alarms/changes"), WAIT, "the code's raise").json();
                assertEquals("raised", cncRaised.get("change").asText());
                assertEquals("holding:8=1010", cncRaised.at("/alarm/id").asText());
                assertEquals("spindle overload", cncRaised.at("/alarm/message").asText());
                feed.await(topic("machines/cnc-01/alarms").and(m -> m.json().get("alarms").size() == 1), WAIT,
                        "cnc-01's retained list with the alarm");
                cnc.stop();
                awaitChange(feed, "cnc-01", "DOWN", "OFFLINE");
                cnc.start();
                JsonNode back = awaitChange(feed, "cnc-01", "OFFLINE", "DOWN");
                assertEquals("alarm: spindle overload (severity 800, holding:8)", back.get("reason").asText());
                cnc.setPhase(CncPhase.CUTTING);
                JsonNode cncCleared = feed.await(topic("machines/cnc-01/alarms/changes"), WAIT, "the code's clear").json();
                assertEquals("cleared", cncCleared.get("change").asText(), "the alarm outlived the outage, raised once");
                assertEquals("holding:8=1010", cncCleared.at("/alarm/id").asText());
                feed.await(topic("machines/cnc-01/alarms").and(m -> m.json().get("alarms").isEmpty()), WAIT,
                        "cnc-01's retained list, empty");
                awaitChange(feed, "cnc-01", "DOWN", "RUNNING");
            } finally {
                agent.close();
            }
            JsonNode bye = feed.await(topic("status"), WAIT, "offline status").json();
            assertFalse(bye.get("online").asBoolean());

            assertSeqIncreasing(feed.seen(), "/state");
            assertSeqIncreasing(feed.seen(), "/telemetry");
            List<String> left = Thread.getAllStackTraces().keySet().stream().map(Thread::getName).filter(n ->
                    n.startsWith("opcua-") || n.startsWith("modbus-") || n.equals("ingest") || n.equals("mqtt-uplink")
                            || n.equals("outbox-writer")).toList();
            assertEquals(List.of(), left, "the agent's threads are stopped when close returns");
        }
    }

    /**
     * One-second cycles: the demo's running rule counts within three measured cycle times, and three seconds
     * leaves a loaded CI machine room to deliver a counter sample late without imm-01 flickering to IDLE.
     */
    private static ImmSimulator simulator(String name, int port, Phase phase, SimulatorIdentity identity) {
        return ImmSimulator.builder(name).port(port).manual(phase).cycleTime(Duration.ofSeconds(1))
                .identity(identity).build();
    }

    private static JsonNode awaitState(Feed feed, String machine, String state) throws InterruptedException {
        return feed.await(topic("machines/" + machine + "/state").and(m -> m.json().get("state").asText().equals(state)),
                WAIT, machine + " " + state).json();
    }

    private static JsonNode awaitChange(Feed feed, String machine, String from, String to) throws InterruptedException {
        return feed.await(topic("machines/" + machine + "/state").and(m -> m.json().get("state").asText().equals(to)
                && m.json().get("previous").asText().equals(from)), WAIT, machine + " " + from + " -> " + to).json();
    }

    private static Predicate<Feed.Message> topic(String suffix) {
        return m -> m.topic().equals(BASE + "/" + suffix);
    }

    private static boolean hasSignal(JsonNode telemetry, String signal) {
        return reading(telemetry, signal) != null;
    }

    private static JsonNode reading(JsonNode telemetry, String signal) {
        for (JsonNode r : telemetry.get("readings")) {
            if (r.get("signal").asText().equals(signal)) {
                return r;
            }
        }
        return null;
    }

    private static void assertSeqIncreasing(List<Feed.Message> messages, String topicSuffix) {
        long last = 0;
        for (Feed.Message m : messages) {
            if (m.topic().endsWith(topicSuffix) && !m.retained()) {
                long seq = m.json().get("seq").asLong();
                assertTrue(seq > last, "seq must grow within a class: " + seq + " after " + last);
                last = seq;
            }
        }
        assertTrue(last > 0, "some " + topicSuffix + " messages were checked");
    }
}
