package io.edgeagent.drivers.sim.cnc;

import static io.edgeagent.drivers.sim.Scenario.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ghgande.j2mod.modbus.Modbus;
import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.ModbusIOException;
import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import io.edgeagent.drivers.sim.Scenario;
import io.edgeagent.drivers.testsupport.Await;
import io.edgeagent.drivers.testsupport.Threads;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The simulator against a real j2mod master on loopback; values are decoded here, by hand, from raw words. */
class CncSimulatorTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration CYCLE = Duration.ofMillis(300);
    private static final int TIMEOUT_MILLIS = 1_000;

    @Test
    void aMasterReadsTheRegistersAsTheMapSays() throws Exception {
        try (CncSimulator simulator = started(fast("cnc-t1").manual(CncPhase.CUTTING));
             Master master = new Master(simulator)) {
            int[] words = master.holding(1, 0, CncRegisters.HOLDING_COUNT);

            assertEquals(1, words[0], "execution ACTIVE");
            assertEquals(0, words[1], "mode AUTOMATIC");
            float rpm = Float.intBitsToFloat(abcd(words, 4));
            assertTrue(Math.abs(rpm - 8000) <= 80, "spindleRpm " + rpm);
            float load = Float.intBitsToFloat(abcd(words, 6));
            assertTrue(load >= 30 && load <= 60, "spindleLoad " + load);
            assertEquals(0, words[8], "alarmCode");
            assertEquals(0, words[9], "reserved");
            assertEquals("O1234", ascii(words, 10, 8));
            assertFalse(master.coil(1, 0), "doorOpen");
            assertTrue(master.discrete(1, 0), "cycleStart");

            Await.until(WAIT, () -> master.partCount(1) >= 2, () -> "parts: " + master.partCount(1));
            assertTrue(master.partCount(1) <= simulator.partCount(), "the register never runs ahead");
        }
    }

    @Test
    void setPhaseIsVisibleToTheNextRead() throws Exception {
        try (CncSimulator simulator = started(fast("cnc-t2").manual(CncPhase.IDLE));
             Master master = new Master(simulator)) {
            assertEquals(List.of(0, 0), List.of(master.holding(1, 0, 1)[0], master.holding(1, 8, 1)[0]));
            assertEquals(0, master.holding(1, 4, 2)[0], "spindle stands");

            simulator.setPhase(CncPhase.ALARM);
            assertEquals(CncPhase.ALARM, simulator.phase());
            assertEquals(3, master.holding(1, 0, 1)[0], "execution STOPPED");
            assertEquals(1010, master.holding(1, 8, 1)[0], "alarmCode");

            simulator.setPhase(CncPhase.SETUP);
            int[] words = master.holding(1, 0, 2);
            assertEquals(List.of(4, 2), List.of(words[0], words[1]), "execution SETUP, mode MANUAL");
            assertTrue(master.coil(1, 0), "doorOpen");
            assertFalse(master.discrete(1, 0), "cycleStart");
        }
    }

    @Test
    void theWordOrderOptionSwapsTheWordsOnTheWire() throws Exception {
        try (CncSimulator simulator = started(fast("cnc-t3").order(WordOrder.CDAB).manual(CncPhase.CUTTING));
             Master master = new Master(simulator)) {
            Await.until(WAIT, () -> simulator.partCount() >= 1, () -> "parts: " + simulator.partCount());
            int[] words = master.holding(1, 2, 6);

            // CDAB: low word first.
            float rpm = Float.intBitsToFloat(words[3] << 16 | words[2]);
            assertTrue(Math.abs(rpm - 8000) <= 80, "spindleRpm read as CDAB: " + rpm);
            float asAbcd = Float.intBitsToFloat(abcd(words, 2));
            assertFalse(Math.abs(asAbcd - 8000) <= 80, "read as ABCD it is another number: " + asAbcd);
            long parts = Integer.toUnsignedLong(words[1] << 16 | words[0]);
            assertTrue(parts >= 1 && parts <= simulator.partCount(), "partCount read as CDAB: " + parts);
        }
    }

    @Test
    void answersReadsForItsUnitIdOnly() throws Exception {
        try (CncSimulator simulator = started(fast("cnc-t4").unitId(7).manual(CncPhase.IDLE));
             Master master = new Master(simulator)) {
            assertEquals(7, simulator.unitId());
            assertEquals(0, master.holding(7, 0, 1)[0]);

            assertEquals(CncModbusServer.GATEWAY_TARGET_FAILED, exceptionCode(() -> master.holding(1, 0, 1)));
            assertEquals(Modbus.ILLEGAL_ADDRESS_EXCEPTION,
                    exceptionCode(() -> master.holding(7, CncRegisters.HOLDING_COUNT - 1, 2)));
            assertEquals(Modbus.ILLEGAL_ADDRESS_EXCEPTION, exceptionCode(() -> master.master.readInputRegisters(7, 0,
                    1)));
            assertEquals(Modbus.ILLEGAL_FUNCTION_EXCEPTION,
                    exceptionCode(() -> master.master.writeSingleRegister(7, 0, new SimpleRegister(1))));
            assertEquals(0, master.holding(7, 0, 1)[0], "still idle, and the connection still serves");
        }
    }

    @Test
    void stopDropsConnectedMastersAndStartServesTheSamePortAgain() throws Exception {
        try (CncSimulator simulator = started(fast("cnc-t5").manual(CncPhase.CUTTING));
             Master master = new Master(simulator)) {
            Await.until(WAIT, () -> master.partCount(1) >= 1, () -> "parts: " + master.partCount(1));

            simulator.stop();
            long partsWhenStopped = simulator.partCount();

            assertEquals(List.of(), Threads.aliveAfter("cnc-sim-cnc-t5", Duration.ofSeconds(2)),
                    "no simulator thread survives stop, not even for a connected master");
            ModbusException gone = assertThrows(ModbusException.class, () -> master.holding(1, 0, 1));
            assertInstanceOf(ModbusIOException.class, gone, "an I/O error, not an exception response: " + gone);
            assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(),
                    simulator.port()).close(), "the port is closed");
            assertEquals(partsWhenStopped, simulator.partCount(), "time stands still while stopped");

            simulator.start();
            Await.until(WAIT, () -> master.partCount(1) > partsWhenStopped,
                    () -> "after restart, parts read: " + master.partCount(1));
            assertEquals(1, master.holding(1, 0, 1)[0], "still cutting");
        }
        assertEquals(List.of(), Threads.aliveAfter("cnc-sim-cnc-t5", Duration.ofSeconds(2)));
    }

    @Test
    void aScenarioDrivesThePhaseByItself() throws Exception {
        Scenario<CncPhase> scenario = Scenario.of(step(CncPhase.CUTTING, Duration.ofMillis(600)),
                step(CncPhase.ALARM, Duration.ofMillis(300)));
        try (CncSimulator simulator = started(fast("cnc-t6").scenario(scenario));
             Master master = new Master(simulator)) {
            assertEquals(CncPhase.CUTTING, simulator.phase());
            Await.until(WAIT, () -> master.alarmCode(1) == CncPhase.ALARM_CODE, () -> "no alarm yet");
            assertTrue(simulator.partCount() >= 2, "two 300 ms cycles before the alarm: " + simulator.partCount());
            Await.until(WAIT, () -> simulator.phase() == CncPhase.CUTTING, () -> "still " + simulator.phase());

            assertThrows(IllegalStateException.class, () -> simulator.setPhase(CncPhase.IDLE));
        }
    }

    @Test
    void theDemoScenarioLoopsThroughEveryPhaseInNinetySeconds() {
        Scenario<CncPhase> demo = CncSimulator.demoScenario();

        assertEquals(EnumSet.allOf(CncPhase.class), demo.steps().stream().map(Scenario.Step::phase)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(CncPhase.class))));
        assertEquals(Duration.ofSeconds(90), demo.length());
    }

    @Test
    void aTakenPortAndAClosedSimulatorAreClearErrors() {
        CncSimulator closed;
        try (CncSimulator first = started(fast("cnc-t7"))) {
            assertEquals("127.0.0.1:" + first.port(), first.address());
            CncSimulator second = fast("cnc-t8").port(first.port()).build();

            IllegalStateException taken = assertThrows(IllegalStateException.class, second::start);
            assertTrue(taken.getMessage().contains(first.address()), taken.getMessage());
            assertThrows(IllegalStateException.class, first::start, "already running");
            closed = first;
        }
        assertThrows(IllegalStateException.class, closed::start);
        assertThrows(IllegalArgumentException.class, () -> CncSimulator.builder("line 1/cnc"));
        assertThrows(IllegalArgumentException.class, () -> CncSimulator.builder("cnc").program("Ö1"));
        assertEquals(List.of(), Threads.aliveAfter("cnc-sim-cnc-t7", Duration.ofSeconds(2)));
    }

    @Test
    void boundToEveryInterfaceItGivesMastersTheLoopbackAddress() throws Exception {
        CncSimulator simulator = CncSimulator.builder("cnc-t9").bindAddress(InetAddress.getByName("0.0.0.0"))
                .port(5020).build();

        assertEquals("127.0.0.1:5020", simulator.address());
        assertEquals(5020, simulator.port());
    }

    private static CncSimulator.Builder fast(String name) {
        return CncSimulator.builder(name).cycleTime(CYCLE).tick(Duration.ofMillis(50));
    }

    private static CncSimulator started(CncSimulator.Builder builder) {
        CncSimulator simulator = builder.build();
        simulator.start();
        return simulator;
    }

    private static int abcd(int[] words, int at) {
        return words[at] << 16 | words[at + 1];
    }

    private static String ascii(int[] words, int at, int count) {
        byte[] bytes = new byte[2 * count];
        for (int i = 0; i < count; i++) {
            bytes[2 * i] = (byte) (words[at + i] >> 8);
            bytes[2 * i + 1] = (byte) words[at + i];
        }
        String text = new String(bytes, StandardCharsets.US_ASCII);
        int nul = text.indexOf('\0');
        return nul < 0 ? text : text.substring(0, nul);
    }

    private static int exceptionCode(ModbusCall call) throws ModbusException {
        ModbusSlaveException error = assertThrows(ModbusSlaveException.class, call::run);
        return error.getType();
    }

    @FunctionalInterface
    private interface ModbusCall {
        void run() throws ModbusException;
    }

    /** One j2mod master on the simulator's port, as the agent would hold one. */
    private static final class Master implements AutoCloseable {

        final ModbusTCPMaster master;

        Master(CncSimulator simulator) throws Exception {
            master = new ModbusTCPMaster("127.0.0.1", simulator.port(), TIMEOUT_MILLIS, false);
            master.connect();
        }

        int[] holding(int unit, int address, int count) throws ModbusException {
            Register[] registers = master.readMultipleRegisters(unit, address, count);
            int[] words = new int[registers.length];
            for (int i = 0; i < words.length; i++) {
                words[i] = registers[i].getValue();
            }
            return words;
        }

        boolean coil(int unit, int address) throws ModbusException {
            return master.readCoils(unit, address, 1).getBit(0);
        }

        boolean discrete(int unit, int address) throws ModbusException {
            return master.readInputDiscretes(unit, address, 1).getBit(0);
        }

        /** -1 while the read fails, so an await keeps polling through a restart. */
        long partCount(int unit) {
            try {
                return Integer.toUnsignedLong(abcd(holding(unit, CncRegisters.PART_COUNT, 2), 0));
            } catch (ModbusException e) {
                return -1;
            }
        }

        int alarmCode(int unit) {
            try {
                return holding(unit, CncRegisters.ALARM_CODE, 1)[0];
            } catch (ModbusException e) {
                return -1;
            }
        }

        @Override
        public void close() {
            master.disconnect();
        }
    }
}
