package io.edgeagent.agent.feed.sparkplug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeagent.agent.EdgeAgent;
import io.edgeagent.agent.config.AgentConfig;
import io.edgeagent.agent.config.ConfigLoader;
import io.edgeagent.agent.controlsocket.ControlClient;
import io.edgeagent.agent.controlsocket.ControlServer;
import io.edgeagent.broker.EmbeddedBroker;
import io.edgeagent.broker.FeedSubscriber;
import io.edgeagent.agent.feed.sparkplug.SparkplugHost.Received;
import io.edgeagent.agent.testing.Ports;
import io.edgeagent.agent.testing.TestConfigs;
import io.edgeagent.drivers.sim.ImmSimulator;
import io.edgeagent.drivers.sim.Phase;
import io.edgeagent.drivers.sim.SimulatorIdentity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole agent with {@code broker.json: false} (docs/sparkplug.md, "Sparkplug alone"): a simulated injection-moulding
 * machine read over OPC UA, a real broker, and two watchers, a Sparkplug host on {@code spBv1.0/#} and a subscriber on
 * {@code #} for everything else. The agent is a Sparkplug edge node and nothing more on MQTT: no JSON connection, so
 * no status, no Will and no retained message under {@code edge/v1}, and a JSON command goes unanswered; the CLI's
 * control socket works as ever and reports the Sparkplug connection.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SparkplugOnlyTest {

    private static final String JSON_BASE = "edge/v1/plant-a/gw-sp";
    private static final String MARKER = "test/after-the-agent";

    @TempDir
    Path dir;

    /**
     * tck-id-message-flow-edge-node-birth-publish-nbirth-payload-bdseq, tck-id-operational-behavior-data-publish-dbirth,
     * tck-id-operational-behavior-data-commands-rebirth-action-3 (the same bdSeq), and the intentional disconnect's
     * NDEATH (tck-id-operational-behavior-edge-node-intentional-disconnect-ndeath), with the JSON feed off.
     */
    @Test
    void withJsonOffOnlySparkplugIsPublishedAndJsonCommandsGoUnanswered() throws Exception {
        int brokerPort = Ports.free();
        int machinePort = Ports.free();
        AgentConfig config = config(brokerPort, machinePort);
        LinkedBlockingQueue<FeedSubscriber.Received> other = new LinkedBlockingQueue<>();
        try (EmbeddedBroker broker = EmbeddedBroker.start(brokerPort, dir.resolve("broker"));
             SparkplugHost host = new SparkplugHost(broker.url());
             FeedSubscriber everything = FeedSubscriber.subscribe(broker.url(), "everything", "#", m -> {
                 if (!m.topic().startsWith(SparkplugTopics.NAMESPACE + "/")) {
                     other.add(m);
                 }
             });
             ImmSimulator imm = ImmSimulator.builder("imm-01").port(machinePort).manual(Phase.PRODUCING)
                     .cycleTime(Duration.ofMillis(300)).identity(SimulatorIdentity.generate()).build()) {
            imm.start();
            EdgeAgent agent = EdgeAgent.start(config, Clock.systemUTC());
            try {
                SparkplugHost.assertBirthOf(host.await("NBIRTH", "NBIRTH"), 0);
                assertEquals("imm-01", host.await("DBIRTH", "DBIRTH of imm-01").device());
                host.await(r -> r.type().equals("DDATA") && host.names(r).contains("Signals/cycleCounter"),
                        "imm-01's cycle counter in a DDATA");

                // A platform's JSON request, and a Sparkplug host's rebirth: only the second is for this agent.
                host.send(JSON_BASE + "/cmd/status", "{\"requestId\":\"r-1\"}".getBytes(StandardCharsets.UTF_8));
                host.rebirth("plant-a", "gw-sp");
                SparkplugHost.assertBirthOf(host.await("NBIRTH", "NBIRTH of the rebirth"), 0);
                host.await("DBIRTH", "DBIRTH of the rebirth");

                JsonNode status = status(config);
                assertTrue(status.get("broker").get("connected").asBoolean(), "status reports the Sparkplug link: "
                        + status.get("broker"));
            } finally {
                agent.close();
            }
            List<Received> leaving = new ArrayList<>();
            while (leaving.stream().noneMatch(r -> r.type().equals("NDEATH"))) {
                leaving.add(host.await(r -> r.type().endsWith("DEATH"), "the deaths of the orderly stop"));
            }
            // The agent's connections are closed: what they sent reached the broker before this marker did.
            host.send(MARKER, new byte[] {1});
            List<String> topics = new ArrayList<>();
            for (FeedSubscriber.Received m = other.poll(20, TimeUnit.SECONDS); m != null; m = m.topic().equals(MARKER)
                    ? null : other.poll(20, TimeUnit.SECONDS)) {
                topics.add(m.topic());
            }
            assertEquals(List.of(JSON_BASE + "/cmd/status", MARKER), topics,
                    "with json: false nothing but the test's own messages outside spBv1.0: no status, no reply");
            host.assertNoViolations();
        }
    }

    private AgentConfig config(int brokerPort, int machinePort) throws Exception {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, """
                agent:
                  id: gw-sp
                  site: plant-a
                  timezone: UTC
                  dataDir: ./data
                broker:
                  urls: [ "tcp://127.0.0.1:%d" ]
                  json: false
                  sparkplug: { groupId: plant-a }
                  telemetry: { batchMs: 300 }
                """.formatted(brokerPort) + TestConfigs.simulatedImm(machinePort));
        return ConfigLoader.load(file);
    }

    private static JsonNode status(AgentConfig config) throws Exception {
        ObjectMapper json = new ObjectMapper();
        try (ControlClient client = ControlClient.connect(config.agent().dataDir().resolve(ControlServer.SOCKET_NAME),
                json)) {
            JsonNode answer = client.ask(json.createObjectNode().put("op", "status"));
            assertTrue(answer.get("ok").asBoolean(), answer.toString());
            return answer;
        }
    }
}
