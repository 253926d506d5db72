package io.edgeagent.drivers.sim.cnc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CncRegistersTest {

    /** 8000.0f is 0x45FA0000, 45.5f is 0x42360000. */
    private static final CncMachine.State CUTTING =
            new CncMachine.State(CncPhase.CUTTING, 0x0102_0304L, 8000.0, 45.5, "O1234");

    @Test
    void placesEveryValueAtItsAddress() {
        CncRegisters.Snapshot snapshot = CncRegisters.encode(CUTTING, WordOrder.ABCD);

        assertEquals(List.of(
                1, 0,                                       // execution ACTIVE, mode AUTOMATIC
                0x0102, 0x0304,                             // partCount
                0x45FA, 0x0000,                             // spindleRpm
                0x4236, 0x0000,                             // spindleLoad
                0, 0,                                       // alarmCode, reserved
                0x4F31, 0x3233, 0x3400, 0, 0, 0, 0, 0),     // "O1234", NUL-padded
                snapshot.holding());
        assertFalse(snapshot.doorOpen());
        assertTrue(snapshot.cycleStart());
    }

    @ParameterizedTest
    @CsvSource({
        "ABCD, 0x0102, 0x0304, 0x45FA, 0x0000",
        "CDAB, 0x0304, 0x0102, 0x0000, 0x45FA",
        "BADC, 0x0201, 0x0403, 0xFA45, 0x0000",
        "DCBA, 0x0403, 0x0201, 0x0000, 0xFA45"})
    void wordOrdersPlaceTheBytesAsNamed(WordOrder order, String count0, String count1, String rpm0, String rpm1) {
        List<Integer> holding = CncRegisters.encode(CUTTING, order).holding();

        assertEquals(List.of(Integer.decode(count0), Integer.decode(count1), Integer.decode(rpm0),
                Integer.decode(rpm1)), holding.subList(CncRegisters.PART_COUNT, CncRegisters.SPINDLE_LOAD));
        assertEquals(List.of(0x4F31, 0x3233), holding.subList(CncRegisters.PROGRAM, CncRegisters.PROGRAM + 2),
                "the program name reads high byte first in every order");
    }

    @ParameterizedTest
    @CsvSource({
        "CUTTING,   1, 0, 0,    false, true",
        "IDLE,      0, 0, 0,    false, false",
        "SETUP,     4, 2, 0,    true,  false",
        "ALARM,     3, 0, 1010, false, false",
        "FEED_HOLD, 2, 0, 0,    false, false"})
    void eachPhaseShowsItsExecutionModeAlarmAndBits(CncPhase phase, int execution, int mode, int alarm,
            boolean doorOpen, boolean cycleStart) {
        CncRegisters.Snapshot snapshot =
                CncRegisters.encode(new CncMachine.State(phase, 0, 0, 0, "O1"), WordOrder.ABCD);

        assertEquals(execution, snapshot.holding().get(CncRegisters.EXECUTION));
        assertEquals(mode, snapshot.holding().get(CncRegisters.MODE));
        assertEquals(alarm, snapshot.holding().get(CncRegisters.ALARM_CODE));
        assertEquals(doorOpen, snapshot.doorOpen());
        assertEquals(cycleStart, snapshot.cycleStart());
    }

    @Test
    void thePartCountWrapsLikeAUint32() {
        CncMachine.State wrapped = new CncMachine.State(CncPhase.IDLE, 0x1_0000_0005L, 0, 0, "O1");

        assertEquals(List.of(0, 5), CncRegisters.encode(wrapped, WordOrder.ABCD).holding()
                .subList(CncRegisters.PART_COUNT, CncRegisters.PART_COUNT + 2));
    }

    @Test
    void programNamesAreUpToSixteenPrintableAsciiCharacters() {
        CncMachine.State full = new CncMachine.State(CncPhase.IDLE, 0, 0, 0, "ABCDEFGHIJKLMNOP");

        assertEquals(0x4F50, CncRegisters.encode(full, WordOrder.ABCD).holding().get(CncRegisters.PROGRAM + 7));
        assertThrows(IllegalArgumentException.class, () -> CncRegisters.programBytes("ABCDEFGHIJKLMNOPQ"));
        assertThrows(IllegalArgumentException.class, () -> CncRegisters.programBytes("Ö1234"));
        assertThrows(IllegalArgumentException.class, () -> CncRegisters.programBytes("O12\n"));
    }
}
