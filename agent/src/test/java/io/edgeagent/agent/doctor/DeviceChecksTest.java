package io.edgeagent.agent.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgeagent.agent.text.Messages;
import io.edgeagent.agent.config.AgentConfig;
import io.edgeagent.agent.testing.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceChecksTest {

    @TempDir
    Path dir;

    @Test
    void eachSerialPortIsCheckedOnceWithItsMachinesAndAMissingOneSaysHowToFindIt() throws Exception {
        Path present = Files.createFile(dir.resolve("ttyUSB0"));
        Path missing = dir.resolve("ttyUSB1");
        AgentConfig config = TestConfigs.withMachines(dir, """
                  - id: press-01
                    modbus: { rtu: { port: %1$s }, unit: 1 }
                    signals: { stroke: { register: coil:0 } }
                  - id: press-02
                    modbus: { rtu: { port: %1$s }, unit: 2 }
                    signals: { stroke: { register: coil:0 } }
                  - id: grinder-03
                    modbus: { rtu: { port: %2$s } }
                    signals: { running: { register: coil:0 } }
                  - id: cnc-04
                    modbus: { tcp: 10.0.3.40 }
                    signals: { execution: { register: holding:0 } }
                """.formatted(present, missing));

        List<Finding> findings = new DeviceChecks(config, dir.resolve("gpiochip0"), Messages.ENGLISH).run();

        assertEquals(2, findings.size(), findings.toString());
        assertEquals(Finding.Level.OK, findings.get(0).level());
        assertEquals(present + " can be opened by " + System.getProperty("user.name") + " (used by press-01, press-02)",
                findings.get(0).detail());
        assertEquals(Finding.fail("serial port", missing + " does not exist (used by grinder-03)",
                "plug in the serial adapter, then find its name with: ls -l /dev/ttyUSB* /dev/ttyAMA* /dev/serial/by-id/"),
                findings.get(1));
    }

    @Test
    void gpioMachinesOnAComputerWithoutAGpioChipFail() throws Exception {
        AgentConfig config = TestConfigs.withMachines(dir, """
                  - id: press-01
                    gpio: { cycle: { pin: 17 } }
                  - id: press-02
                    gpio: { cycle: { pin: 18 } }
                """);

        List<Finding> findings = new DeviceChecks(config, dir.resolve("gpiochip0"), Messages.ENGLISH).run();

        assertEquals(1, findings.size(), findings.toString());
        assertEquals(Finding.Level.FAIL, findings.get(0).level());
        assertEquals(dir.resolve("gpiochip0") + " does not exist (used by press-01, press-02)", findings.get(0).detail());
    }

    @Test
    void withoutSerialOrGpioMachinesThereIsNothingToCheck() throws Exception {
        AgentConfig config = TestConfigs.withMachines(dir, """
                  - id: cnc-04
                    modbus: { tcp: 10.0.3.40 }
                    signals: { execution: { register: holding:0 } }
                """);

        assertEquals(List.of(), new DeviceChecks(config, dir.resolve("gpiochip0"), Messages.ENGLISH).run());
    }
}
