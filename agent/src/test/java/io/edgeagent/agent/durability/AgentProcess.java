package io.edgeagent.agent.durability;

import io.edgeagent.agent.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole agent as a child process ({@code edge-agent run}) on a config of one simulated CNC machine read over
 * Modbus and a broker, for the tests that kill or stop it as the field does.
 */
final class AgentProcess {

    private AgentProcess() {
    }

    /** Starts {@code edge-agent run --config config}, its output to {@code log}. */
    static Process start(Path config, Path log) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Serial GC as on the device (bin/edge-agent); C1 only, which starts the agent faster on a busy machine.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", "--config", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /**
     * Writes {@code dir/agent.yaml}: agent {@code agentId} at {@code site}, data in {@code dir/data}, telemetry at QoS 1
     * in 100 ms batches to the broker on {@code brokerPort}, and machine {@code machineId}, a CNC simulator's registers
     * on {@code machinePort} polled every 50 ms.
     */
    static Path config(Path dir, String agentId, String site, String machineId, int brokerPort, int machinePort)
            throws IOException {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, """
                agent:
                  id: %s
                  site: %s
                  timezone: UTC
                  dataDir: ./data
                broker:
                  urls: [ "tcp://127.0.0.1:%d" ]
                  telemetry: { qos: 1, batchMs: 100 }
                machines:
                  - id: %s
                    cycle: { nominalSeconds: 0.3 }
                    modbus:
                      tcp: 127.0.0.1:%d
                      unit: 1
                      pollMs: 50
                    signals:
                      execution:   { register: holding:0 }
                      mode:        { register: holding:1 }
                      partCount:   { register: holding:2, type: uint32 }
                      spindleRpm:  { register: holding:4, type: float32 }
                      spindleLoad: { register: holding:6, type: float32 }
                      alarmCode:   { register: holding:8 }
                      program:     { register: holding:10, type: string(16) }
                      doorOpen:    { register: coil:0 }
                    state:
                      down:    { signal: alarmCode, ne: 0 }
                      setup:   { signal: execution, eq: 4 }
                      running: { signal: execution, in: [1, 2] }
                      idle:    { otherwise: true }
                    counter: partCount
                """.formatted(agentId, site, brokerPort, machineId, machinePort));
        return file;
    }
}
