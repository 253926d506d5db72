package io.edgeagent.drivers.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import com.ghgande.j2mod.modbus.util.SerialParameters;
import com.fazecast.jSerialComm.SerialPort;
import io.edgeagent.drivers.ConnectionState;
import io.edgeagent.drivers.DriverHealth;
import io.edgeagent.drivers.Quality;
import io.edgeagent.drivers.Reading;
import io.edgeagent.drivers.testsupport.RecordingSink;
import io.edgeagent.drivers.testsupport.Threads;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Modbus RTU end to end over real tty devices: the driver on one end of a null-modem pair of pseudo-terminals,
 * j2mod's RTU serial slave on the other, the adapter pulled with a request on the wire and plugged in again.
 */
class ModbusRtuTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String MACHINE = "lathe-7";
    private static final int UNIT = 7;
    /** Named as under /dev/serial/by-id/, which the docs recommend. */
    private static final String ADAPTER = "usb-FTDI_FT232R_USB_UART_A10K5XJ2-if00-port0";

    @TempDir
    Path dev;

    private final CountingProcessImage image = new CountingProcessImage(UNIT, 8);
    private final RecordingSink sink = new RecordingSink();
    private final ModbusLines lines = new ModbusLines();
    private NullModem modem;
    private ModbusSlave slave;
    private ModbusDriver driver;

    @BeforeEach
    void wire() throws Exception {
        try {
            modem = NullModem.open(dev, ADAPTER, "ttyS0");
        } catch (IOException | LinkageError e) {
            Assumptions.abort("no pseudo-terminals on this system (" + e + ")");
        }
        slave = ModbusSlaveFactory.createSerialSlave(new SerialParameters(modem.devicePort().toString(), 19_200,
                SerialPort.FLOW_CONTROL_DISABLED, SerialPort.FLOW_CONTROL_DISABLED, 8, 1, SerialPort.EVEN_PARITY,
                false));
        slave.addProcessImage(UNIT, image);
        slave.open();
    }

    @AfterEach
    void unwire() throws Exception {
        if (driver != null) {
            driver.close();
        }
        lines.close();
        if (slave != null) {
            ModbusSlaveFactory.close(slave);
        }
        if (modem != null) {
            modem.close();
        }
        assertEquals(List.of(), Threads.aliveAfter("modbus-" + ADAPTER, Duration.ofSeconds(2)));
        assertEquals(List.of(), Threads.aliveAfter("null-modem", Duration.ofSeconds(2)));
    }

    @Test
    void readsOverTheLineThenReportsThePulledAdapterAndRecoversWhenItIsBack() throws Exception {
        image.holding(0, 1500);                    // spindle rpm
        image.holding(2, 0x0001, 0x86A0);          // parts, uint32 100000
        open(ModbusSignal.of("spindle", RegisterArea.HOLDING_REGISTER, 0, ModbusType.parse("uint16")),
                ModbusSignal.of("parts", RegisterArea.HOLDING_REGISTER, 2, ModbusType.parse("uint32")));

        assertEquals(1500L, sink.awaitReading("spindle", Reading::isGood, WAIT).value());
        assertEquals(100_000L, sink.awaitReading("parts", Reading::isGood, WAIT).value());
        int connected = sink.healthCount();
        assertEquals(ConnectionState.CONNECTED, driver.health().state());

        int beforePull = sink.readingCount();
        modem.pullAtNextRequest();
        assertTrue(modem.awaitPulled(WAIT), "the driver sent no request");

        DriverHealth lost = sink.awaitHealth(connected, ConnectionState.DISCONNECTED, WAIT);
        assertEquals(modem.agentPort() + ": no such port: check the adapter is plugged in (ls " + dev + "/)",
                lost.lastError());
        Reading bad = sink.awaitReading(beforePull, "spindle", r -> r.quality() == Quality.BAD, WAIT);
        assertEquals(lost.lastError(), bad.detail());

        image.holding(0, 1620);
        int beforePlug = sink.readingCount();
        int down = sink.healthCount();
        modem.plugIn();

        sink.awaitHealth(down, ConnectionState.CONNECTED, WAIT);
        assertEquals(1620L, sink.awaitReading(beforePlug, "spindle", Reading::isGood, WAIT).value());
        assertEquals(100_000L, sink.awaitReading(beforePlug, "parts", Reading::isGood, WAIT).value());
    }

    private void open(ModbusSignal... signals) {
        ModbusEndpoint endpoint = new ModbusEndpoint(new ModbusTransport.Serial(modem.agentPort().toString(), 19_200,
                "even", 8, 1), UNIT, Duration.ofMillis(100), Duration.ofMillis(300), 1, 10, Duration.ofMinutes(1),
                WordOrder.ABCD);
        driver = new ModbusDriver(MACHINE, endpoint, lines);
        driver.subscribe(List.of(signals), sink);
        driver.open();
    }
}
