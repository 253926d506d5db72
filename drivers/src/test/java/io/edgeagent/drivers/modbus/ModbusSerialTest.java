package io.edgeagent.drivers.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.drivers.ConnectionState;
import io.edgeagent.drivers.DriverHealth;
import io.edgeagent.drivers.modbus.ModbusProbe.ProbeException;
import io.edgeagent.drivers.testsupport.RecordingSink;
import io.edgeagent.drivers.testsupport.Threads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Serial lines without hardware: port errors that name the port and the fix, and one line per port. */
class ModbusSerialTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ModbusSignal SPEED = ModbusSignal.of("speed", RegisterArea.HOLDING_REGISTER, 0,
            ModbusType.parse("uint16"));

    @TempDir
    Path dev;

    private final ModbusLines lines = new ModbusLines();
    private final List<ModbusDriver> drivers = new ArrayList<>();

    @AfterEach
    void closeAll() {
        drivers.forEach(ModbusDriver::close);
        lines.close();
        assertEquals(List.of(), Threads.aliveAfter("modbus-ttyUSB", Duration.ofSeconds(2)));
    }

    @Test
    void aMissingPortIsReportedWithItsNameAndTheFix() {
        String port = dev.resolve("ttyUSB7").toString();
        RecordingSink sink = new RecordingSink();

        open("extruder-1", serial(port, 9600, "even"), 3, sink);

        DriverHealth down = sink.awaitHealth(0, ConnectionState.DISCONNECTED, WAIT);
        assertEquals(port + ": no such port: check the adapter is plugged in (ls " + dev + "/ttyUSB*)",
                down.lastError());
        assertEquals(List.of("modbus-ttyUSB7"), Threads.aliveAfter("modbus-ttyUSB7", Duration.ofMillis(1)));
    }

    @Test
    void aFileThatIsNoSerialPortIsReportedInOneLineNamingIt() throws Exception {
        Path notATty = Files.createFile(dev.resolve("ttyUSB5"));
        RecordingSink sink = new RecordingSink();

        open("extruder-2", serial(notATty.toString(), 9600, "none"), 1, sink);

        String error = sink.awaitHealth(0, ConnectionState.DISCONNECTED, WAIT).lastError();
        assertTrue(error.startsWith(notATty + ": ") && !error.contains("\n"), error);
    }

    @Test
    void theProbeNamesTheMissingPortToo() {
        String port = dev.resolve("ttyACM0").toString();

        ProbeException e = assertThrows(ProbeException.class, () -> ModbusProbe.read(serial(port, 19200, "none"), 1,
                RegisterArea.INPUT_REGISTER, 0, 2, Duration.ofMillis(500)));

        assertEquals(port + ": no such port: check the adapter is plugged in (ls " + dev + "/ttyACM*) (reading input"
                + " registers 0..1)", e.getMessage());
    }

    @Test
    void openFailuresAreExplainedFromTheErrorCode() {
        assertEquals("/dev/ttyUSB0: permission denied: add the agent user to the dialout group",
                SerialWire.openFailure("/dev/ttyUSB0", 13));
        assertEquals("/dev/ttyUSB0: no such port: check the adapter is plugged in (ls /dev/ttyUSB*)",
                SerialWire.openFailure("/dev/ttyUSB0", 2));
        assertEquals("/dev/ttyS1: busy: another program has the port open (check with fuser /dev/ttyS1)",
                SerialWire.openFailure("/dev/ttyS1", 16));
        assertEquals("/dev/ttyS1: cannot open the port (error 5)", SerialWire.openFailure("/dev/ttyS1", 5));
        assertEquals("/dev/serial/by-id/", SerialWire.portPattern("/dev/serial/by-id/usb-FTDI_FT232R-if00"));
        assertEquals("COM*", SerialWire.portPattern("COM3"));
    }

    @Test
    void devicesOnOnePortShareOneLineAndItsThread() {
        String port = dev.resolve("ttyUSB1").toString();
        RecordingSink first = new RecordingSink();
        RecordingSink second = new RecordingSink();

        ModbusDriver one = open("oven-1", serial(port, 9600, "none"), 1, first);
        open("oven-2", serial(port, 9600, "NONE"), 2, second);

        first.awaitHealth(0, ConnectionState.DISCONNECTED, WAIT);
        second.awaitHealth(0, ConnectionState.DISCONNECTED, WAIT);
        assertEquals(List.of("modbus-ttyUSB1"), Threads.aliveAfter("modbus-ttyUSB1", Duration.ofMillis(1)));
        one.close();
        assertEquals(List.of("modbus-ttyUSB1"), Threads.aliveAfter("modbus-ttyUSB1", Duration.ofMillis(1)),
                "the other device still uses the line");
    }

    @Test
    void devicesThatDisagreeAboutALineAreRefusedNamingBoth() {
        String port = dev.resolve("ttyUSB2").toString();
        open("press-1", serial(port, 9600, "none"), 1, new RecordingSink());

        IllegalArgumentException baud = assertThrows(IllegalArgumentException.class,
                () -> new ModbusDriver("press-2", endpoint(serial(port, 19200, "even"), 2), lines));
        assertEquals("serial port " + port + ": machine press-2 wants 19200 baud, parity even, 8 data bits, 1 stop bit"
                + " but machine press-1 uses 9600 baud, parity none, 8 data bits, 1 stop bit on the same line; all"
                + " devices on one line must use the same settings", baud.getMessage());
        IllegalArgumentException unit = assertThrows(IllegalArgumentException.class,
                () -> new ModbusDriver("press-3", endpoint(serial(port, 9600, "none"), 1), lines));
        assertEquals("serial port " + port + ": machine press-3 uses unit 1, which machine press-1 already uses on"
                + " this line", unit.getMessage());
    }

    @Test
    void serialSettingsModbusRtuCannotUseAreRefused() {
        String port = dev.resolve("ttyUSB3").toString();
        assertRefused("parity must be none, even or odd, was 'mark'", serial(port, 9600, "mark"), 1);
        assertRefused("Modbus RTU uses 8 data bits, not 7",
                new ModbusTransport.Serial(port, 9600, "none", 7, 1), 1);
        assertRefused("unit id 0 cannot be read over RTU: use 1..247 (0 is broadcast, which no device answers)",
                serial(port, 9600, "none"), 0);
        assertRefused("unit id 248 cannot be read over RTU", serial(port, 9600, "none"), 248);
        assertTrue(Threads.aliveAfter("modbus-ttyUSB3", Duration.ofMillis(1)).isEmpty());
    }

    @Test
    void closedLinesTakeNoMoreDevices() {
        lines.close();

        assertThrows(IllegalStateException.class, () -> new ModbusDriver("late", endpoint(serial(
                dev.resolve("ttyUSB4").toString(), 9600, "none"), 1), lines));
    }

    private void assertRefused(String expected, ModbusTransport.Serial serial, int unit) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ModbusDriver("kiln", endpoint(serial, unit), lines));
        assertTrue(e.getMessage().startsWith("machine kiln, " + serial.port() + ": " + expected), e.getMessage());
    }

    private ModbusDriver open(String machine, ModbusTransport.Serial serial, int unit, RecordingSink sink) {
        ModbusDriver driver = new ModbusDriver(machine, endpoint(serial, unit), lines);
        drivers.add(driver);
        driver.subscribe(List.of(SPEED), sink);
        driver.open();
        return driver;
    }

    private static ModbusTransport.Serial serial(String port, int baud, String parity) {
        return new ModbusTransport.Serial(port, baud, parity, 8, 1);
    }

    private static ModbusEndpoint endpoint(ModbusTransport transport, int unit) {
        return new ModbusEndpoint(transport, unit, Duration.ofMillis(100), Duration.ofMillis(200), 1, 10,
                Duration.ofMinutes(1), WordOrder.ABCD);
    }
}
