package io.edgeagent.drivers.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.edgeagent.drivers.modbus.ModbusProbe.ProbeException;
import io.edgeagent.drivers.modbus.ModbusProbe.ProbeResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The technician's one-shot read against a real j2mod slave, and its one-line errors. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModbusProbeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final CountingProcessImage image = new CountingProcessImage(1, 16);
    private TestSlave slave;
    private ModbusTransport.Tcp tcp;

    @BeforeAll
    void startSlave() {
        image.holding(0, 0x4148, 0x0000, 0x1234);
        image.coil(1, true);
        image.coil(2, true);
        slave = TestSlave.start(TestSlave.freePort(), false, 1, image);
        tcp = new ModbusTransport.Tcp("127.0.0.1", slave.port(), false);
    }

    @AfterAll
    void stopSlave() {
        slave.close();
    }

    @Test
    void readsRawWordsAndDecodesThemInEveryOrder() throws ProbeException {
        ProbeResult result = ModbusProbe.read(tcp, 1, RegisterArea.HOLDING_REGISTER, 0, 3, TIMEOUT);

        assertEquals(List.of(0x4148, 0x0000, 0x1234), result.words());
        assertEquals(List.of(), result.bits());
        assertEquals("0x4148 0x0000 0x1234", result.raw());
        ModbusType float32 = ModbusType.of(ModbusType.Kind.FLOAT32);
        assertEquals(12.5, ModbusProbe.decode(result.words(), float32, WordOrder.ABCD));
        // The same words under the other orders: 0x00004148, 0x48410000, 0x00004841 as IEEE 754 floats.
        assertEquals(floatBits(0x00004148),
                ModbusProbe.decode(result.words(), float32, WordOrder.CDAB));
        assertEquals(floatBits(0x48410000),
                ModbusProbe.decode(result.words(), float32, WordOrder.BADC));
        assertEquals(floatBits(0x00004841),
                ModbusProbe.decode(result.words(), float32, WordOrder.DCBA));
        assertEquals(0x4148L, ModbusProbe.decode(result.words(), ModbusType.of(ModbusType.Kind.UINT16),
                WordOrder.ABCD));
    }

    /** As the driver reports a float32: through its shortest decimal text. */
    private static double floatBits(int bits) {
        return Double.parseDouble(Float.toString(Float.intBitsToFloat(bits)));
    }

    @Test
    void readsCoilsAsBits() throws ProbeException {
        ProbeResult result = ModbusProbe.read(tcp, 1, RegisterArea.COIL, 0, 4, TIMEOUT);

        assertEquals(List.of(false, true, true, false), result.bits());
        assertEquals("0 1 1 0", result.raw());
    }

    @Test
    void anExceptionResponseIsNamedWithTheEndpoint() {
        ProbeException e = assertThrows(ProbeException.class,
                () -> ModbusProbe.read(tcp, 1, RegisterArea.HOLDING_REGISTER, 100, 2, TIMEOUT));

        assertEquals("ILLEGAL_DATA_ADDRESS (exception 2): " + tcp.describe() + " unit 1 (reading holding registers"
                + " 100..101)", e.getMessage());
    }

    @Test
    void aRefusedConnectionIsNamedWithTheEndpoint() {
        ModbusTransport.Tcp nobody = new ModbusTransport.Tcp("127.0.0.1", TestSlave.freePort(), false);

        ProbeException e = assertThrows(ProbeException.class,
                () -> ModbusProbe.read(nobody, 1, RegisterArea.HOLDING_REGISTER, 0, 1, TIMEOUT));

        assertEquals("connection refused: " + nobody.describe() + " (reading holding register 0)", e.getMessage());
    }

    @Test
    void aSilentDeviceTimesOut() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ModbusTransport.Tcp mute = new ModbusTransport.Tcp("127.0.0.1", silent.getLocalPort(), false);

            ProbeException e = assertThrows(ProbeException.class,
                    () -> ModbusProbe.read(mute, 1, RegisterArea.INPUT_REGISTER, 0, 1, Duration.ofMillis(200)));

            assertEquals("no reply within 200 ms: " + mute.describe() + " unit 1 (reading input register 0)",
                    e.getMessage());
        }
    }

    @Test
    void argumentsThatMakeNoModbusReadAreRefusedBeforeAnyTraffic() {
        assertThrows(IllegalArgumentException.class,
                () -> ModbusProbe.read(tcp, 1, RegisterArea.HOLDING_REGISTER, 0, 126, TIMEOUT));
        assertThrows(IllegalArgumentException.class,
                () -> ModbusProbe.read(tcp, 1, RegisterArea.COIL, 65_535, 2, TIMEOUT));
        assertThrows(IllegalArgumentException.class,
                () -> ModbusProbe.decode(List.of(1), ModbusType.of(ModbusType.Kind.BOOL), WordOrder.ABCD));
        assertEquals(0, image.reads().stream().filter(r -> r.address() == 65_535).count());
    }
}
