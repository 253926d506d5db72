package io.edgeagent.agent.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.edgeagent.agent.config.AgentConfig;
import io.edgeagent.agent.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How long a reading stays fresh follows how the machine's connection reports it. */
class SignalFreshnessTest {

    @Test
    void aPolledModbusSignalIsDueEveryPollPlusKeepAliveAndReportByExceptionSignalsHaveNoAge(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, """
                agent: { id: gw01, site: plant-1 }
                broker: { urls: [ "tcp://localhost:1883" ] }
                machines:
                  - id: cnc-01
                    modbus: { tcp: 10.0.3.40, pollMs: 500, keepAliveSeconds: 20 }
                    signals:
                      alarmCode: { register: holding:8 }
                  - id: imm-01
                    opcua: { endpoint: "opc.tcp://10.0.3.17:4840" }
                    signals:
                      machineMode: { node: "ns=2;s=MachineMode", samplingMs: 500 }
                """);
        AgentConfig config = ConfigLoader.load(file);

        assertEquals(Duration.ofMillis(61_500), SignalFreshness.of(config.machines().get(0)).maxAge("alarmCode"),
                "3 reports of 20.5 s");
        assertNull(SignalFreshness.of(config.machines().get(1)).maxAge("machineMode"),
                "fresh while its subscription lives, whatever the sampling interval");
    }
}
