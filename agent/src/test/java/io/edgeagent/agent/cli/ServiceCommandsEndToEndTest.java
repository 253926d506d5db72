package io.edgeagent.agent.cli;

import static io.edgeagent.agent.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeagent.agent.EdgeAgent;
import io.edgeagent.agent.config.AgentConfig;
import io.edgeagent.agent.config.ConfigLoader;
import io.edgeagent.agent.controlsocket.ControlServer;
import io.edgeagent.agent.testing.Feed;
import io.edgeagent.agent.testing.Ports;
import io.edgeagent.agent.testing.TestConfigs;
import io.edgeagent.broker.EmbeddedBroker;
import io.edgeagent.drivers.sim.ImmSimulator;
import io.edgeagent.drivers.sim.Phase;
import io.edgeagent.drivers.sim.SimulatorIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service engineer's commands against a real agent in this JVM, reading a simulated injection-moulding
 * machine over OPC UA and publishing to an embedded broker; then against the same agent stopped. The running
 * rule counts within a fixed minute rather than three 0.3 s cycles, so a loaded machine that delivers a
 * counter sample late does not turn the machine IDLE between two of the commands.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServiceCommandsEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String BASE = "edge/v1/plant-a/gw-e2e";

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theCommandsSeeTheRunningAgentAndSayWhenItHasStopped() throws Exception {
        int brokerPort = Ports.free();
        int machinePort = Ports.free();
        Path configFile = dir.resolve("agent.yaml");
        Files.writeString(configFile, """
                agent:
                  id: gw-e2e
                  site: plant-a
                  timezone: UTC
                  dataDir: ./data
                broker:
                  urls: [ "tcp://127.0.0.1:%d" ]
                  telemetry: { qos: 0, batchMs: 500 }
                """.formatted(brokerPort) + TestConfigs.simulatedImm(machinePort));
        AgentConfig config = ConfigLoader.load(configFile);
        Path socket = config.agent().dataDir().resolve(ControlServer.SOCKET_NAME);

        try (EmbeddedBroker broker = EmbeddedBroker.start(brokerPort, dir.resolve("broker"));
             Feed feed = new Feed(broker.url(), BASE + "/#");
             ImmSimulator imm = ImmSimulator.builder("imm-01").port(machinePort).manual(Phase.PRODUCING)
                     .cycleTime(Duration.ofMillis(300)).identity(SimulatorIdentity.generate()).build()) {
            imm.start();
            EdgeAgent agent = EdgeAgent.start(config, Clock.systemUTC());
            long runningLastSeq;
            try {
                assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)),
                        "only the agent's user and group may use the control socket");
                feed.await(m -> m.topic().equals(BASE + "/machines/imm-01/state")
                        && m.json().get("state").asText().equals("RUNNING"), WAIT, "imm-01 RUNNING");

                CliRun status = run("status", "--config", configFile.toString());
                assertEquals(0, status.exit(), status.err());
                assertTrue(status.out().startsWith("edge-agent "), status.out());
                assertTrue(status.out().contains("agent gw-e2e at site plant-a"), status.out());
                assertTrue(status.out().contains("config   " + configFile.toAbsolutePath() + "  sha256 "
                        + config.sourceHash().substring(0, 12)), status.out());
                assertTrue(status.out().contains("broker   connected to tcp://127.0.0.1:" + brokerPort), status.out());
                String machineLine = status.out().lines().filter(l -> l.startsWith("imm-01 ")).findFirst().orElseThrow();
                assertTrue(machineLine.matches("imm-01 +RUNNING +\\d\\d:\\d\\d:\\d\\d .* ago +3 good +cycleCounter counting .*"),
                        machineLine);

                JsonNode statusJson = json.readTree(run("status", "--config", configFile.toString(), "--json").out());
                assertEquals(config.sourceHash(), statusJson.get("agent").get("configHash").asText());
                assertTrue(statusJson.get("broker").get("connected").asBoolean());
                assertEquals("RUNNING", statusJson.get("machines").get(0).get("state").asText());
                assertFalse(statusJson.get("machines").get(0).get("lastReading").isNull());

                JsonNode machines = json.readTree(run("machines", "imm-01", "--config", configFile.toString(), "--json").out());
                JsonNode signals = machines.get("machines").get(0).get("signals");
                assertEquals(List.of("machineMode", "standstillReason", "cycleCounter"), List.of(
                        signals.get(0).get("signal").asText(), signals.get(1).get("signal").asText(),
                        signals.get(2).get("signal").asText()));
                assertEquals("GOOD", signals.get(2).get("quality").asText());
                assertTrue(signals.get(2).get("value").asLong() > 0, signals.toString());

                CliRun why = run("why", "imm-01", "--config", configFile.toString());
                assertEquals(0, why.exit(), why.err());
                assertTrue(why.out().contains("RUNNING  counting cycleCounter within 60 s  yes, decides"), why.out());
                // StandstillReasonId is a String, "" for no reason (OPC 40083): the rule does not hold.
                assertTrue(why.out().matches("(?s).*\n  DOWN +standstillReason ne +no +standstillReason=\n.*"),
                        why.out());

                JsonNode windows = json.readTree(run("windows", "--config", configFile.toString(), "--json").out());
                assertEquals("imm-01", windows.get("machines").get(0).get("machine").asText());

                CliRun tail = run("tail", "imm-01", "cycleCounter", "-n", "2", "--json", "--config", configFile.toString());
                assertEquals(0, tail.exit(), tail.err());
                List<JsonNode> readings = tail.out().lines().map(this::parse).toList();
                assertEquals(2, readings.size(), tail.out());
                assertTrue(readings.get(1).get("value").asLong() > readings.get(0).get("value").asLong(), tail.out());

                CliRun buffer = run("buffer", "stats", "--json", "--config", configFile.toString());
                assertEquals(0, buffer.exit(), buffer.err());
                assertEquals("agent", json.readTree(buffer.out()).get("source").asText(), "the agent holds its buffer");
                runningLastSeq = json.readTree(buffer.out()).get("buffer").get("lastSeq").asLong();
                assertTrue(runningLastSeq > 0, buffer.out());
            } finally {
                agent.close();
            }
            CliRun buffer = run("buffer", "stats", "--json", "--config", configFile.toString());
            assertEquals(0, buffer.exit(), buffer.err());
            assertEquals("file", json.readTree(buffer.out()).get("source").asText(), "a stopped agent's file is read");
            assertTrue(json.readTree(buffer.out()).get("buffer").get("lastSeq").asLong() >= runningLastSeq, buffer.out());
            assertFalse(Files.exists(socket), "a stopped agent leaves no socket behind");
            CliRun stopped = run("status", "--config", configFile.toString());
            assertEquals(1, stopped.exit());
            assertEquals("edge-agent is not running (no control socket at " + socket + ", the agent.dataDir of "
                    + configFile + "): start it with `systemctl start edge-agent` or `edge-agent run --config " + configFile
                    + "`; for an agent started with another config file (the demo prints its own), give that file with"
                    + " --config FILE", stopped.err().strip());
        }
    }

    private JsonNode parse(String line) {
        try {
            return json.readTree(line);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
