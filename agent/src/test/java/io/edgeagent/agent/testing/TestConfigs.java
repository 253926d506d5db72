package io.edgeagent.agent.testing;

import io.edgeagent.agent.config.AgentConfig;
import io.edgeagent.agent.config.ConfigException;
import io.edgeagent.agent.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A minimal valid config around the machines a test is about, loaded the way the agent loads it. */
public final class TestConfigs {

    private TestConfigs() {
    }

    /**
     * Writes {@code dir/agent.yaml} (agent gw01 at site plant-1, data in {@code dir/data}, a broker nobody
     * listens on) with {@code machines}, YAML list items indented by two spaces, and loads it.
     */
    public static AgentConfig withMachines(Path dir, String machines) throws IOException, ConfigException {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, """
                agent: { id: gw01, site: plant-1, dataDir: ./data }
                broker: { urls: [ "tcp://127.0.0.1:1883" ] }
                machines:
                """ + machines);
        return ConfigLoader.load(file);
    }

    /**
     * A {@code machines:} section of one simulated injection-moulding machine, imm-01, read from an
     * {@code ImmSimulator} on {@code port}: three signals, RUNNING while its cycle counter counts within a minute
     * (rather than three 0.3 s cycles, so that a loaded machine that delivers a counter sample late does not turn it
     * IDLE between two checks of a test), and the counter for capacity.
     */
    public static String simulatedImm(int port) {
        return """
                machines:
                  - id: imm-01
                    cycle: { nominalSeconds: 0.3, cavities: 4 }
                    opcua:
                      endpoint: opc.tcp://127.0.0.1:%d/imm
                    signals:
                      machineMode:      { node: "nsu=urn:edge-agent:simulator;s=imm-01/MachineStatus/MachineMode" }
                      standstillReason: { node: "nsu=urn:edge-agent:simulator;s=imm-01/MachineMESStatus/StandstillReasonId" }
                      cycleCounter:     { node: "nsu=urn:edge-agent:simulator;s=imm-01/Jobs/ActiveJobValues/JobCycleCounter" }
                    state:
                      down:    { signal: standstillReason, ne: "" }
                      setup:   { signal: machineMode, in: [3, 4] }
                      running: { counting: cycleCounter, withinSeconds: 60 }
                      idle:    { otherwise: true }
                    counter: cycleCounter
                """.formatted(port);
    }
}
