package io.edgeagent.agent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeagent.agent.AgentFiles;
import io.edgeagent.agent.EdgeAgent;
import io.edgeagent.agent.config.AgentConfig;
import io.edgeagent.agent.config.ConfigLoader;
import io.edgeagent.agent.state.MachineStateTracker;
import io.edgeagent.agent.testing.Feed;
import io.edgeagent.agent.testing.Ports;
import io.edgeagent.broker.EmbeddedBroker;
import io.edgeagent.drivers.opcua.ClientCertificate;
import io.edgeagent.drivers.sim.ImmSimulator;
import io.edgeagent.drivers.sim.Phase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21: an OPC UA machine connected before its first values. A subscription's first publish comes one publishing
 * interval after it is created (OPC 10000-4 5.13.1), here a minute, while the first state is due one dwell (10 s,
 * time enough for the driver to connect on a loaded machine) after start: the state published meanwhile is OFFLINE
 * "waiting for first values", never "no state rule matched {}". The rest (the values arrive, the rules decide) is
 * MachineStateTrackerTest's.
 */
class FirstValuesEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final String STATE = "edge/v1/plant-1/gw01/machines/imm-01/state";

    @TempDir
    Path dir;

    @Test
    void aMachineConnectedBeforeItsFirstPublishIsOfflineWaitingForFirstValues() throws Exception {
        int brokerPort = Ports.free();
        int simPort = Ports.free();
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, """
                agent: { id: gw01, site: plant-1, dataDir: ./data }
                broker: { urls: [ "tcp://127.0.0.1:%d" ] }
                machines:
                  - id: imm-01
                    opcua: { endpoint: "opc.tcp://127.0.0.1:%d/imm" }
                    signals:
                      machineMode: { node: "nsu=urn:edge-agent:simulator;s=imm-01/MachineStatus/MachineMode", samplingMs: 60000 }
                    state:
                      dwellSeconds: 10
                      setup: { signal: machineMode, in: [3, 4] }
                      idle:  { signal: machineMode, eq: 1 }
                """.formatted(brokerPort, simPort));

        try (EmbeddedBroker broker = EmbeddedBroker.start(brokerPort, dir.resolve("broker"));
             Feed feed = new Feed(broker.url(), STATE);
             ImmSimulator imm = ImmSimulator.builder("imm-01").port(simPort).manual(Phase.IDLE).build()) {
            imm.start();
            // The client's RSA key, made at the first connect, takes seconds on a loaded machine: made beforehand,
            // the connect fits in the dwell.
            AgentConfig config = ConfigLoader.load(file);
            ClientCertificate.loadOrCreate(AgentFiles.opcUaPki(config.agent().dataDir()), "gw01");
            EdgeAgent agent = EdgeAgent.start(config, Clock.systemUTC());
            try {
                JsonNode first = feed.await(m -> true, WAIT, "imm-01's first state").json();
                assertEquals("OFFLINE", first.get("state").asText());
                String reason = first.get("reason").asText();
                assertFalse(reason.startsWith("no state rule matched"), reason);
                // On a machine so loaded that the driver connected only after the dwell, the reason is the driver's
                // ("driver connecting", "not connected yet"): then there is nothing to check here.
                assumeFalse(reason.startsWith("driver ") || reason.equals("not connected yet"),
                        "the driver connected after the first state was due: " + reason);
                assertEquals(MachineStateTracker.WAITING_FOR_FIRST_VALUES, reason);
            } finally {
                agent.close();
            }
        }
    }
}
