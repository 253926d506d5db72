package io.edgeagent.drivers.alarms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mapping from a register's or input's value to the alarms that hold (docs/modbus-and-gpio.md, "Alarms"). */
class AlarmWordTest {

    private static final AlarmText OVERLOAD = new AlarmText("spindle overload", 800);
    private static final AlarmText DOOR = new AlarmText("防护门打开", 300);

    @Test
    void aCodeRegisterNamesOneAlarmAndZeroNone() {
        AlarmWord word = AlarmWord.codes("holding:8", Map.of(1010L, OVERLOAD, 1020L, DOOR), 500);
        assertEquals(Map.of(), word.active(0));
        assertEquals(Map.of("holding:8=1010", OVERLOAD), word.active(1010));
        assertEquals(Map.of("holding:8=1020", DOOR), word.active(1020));
    }

    @Test
    void anUnlistedCodeIsAnAlarmWithAGenericTextAtTheDefaultSeverity() {
        AlarmWord word = AlarmWord.codes("holding:8", Map.of(1010L, OVERLOAD), 650);
        assertEquals(Map.of("holding:8=1234", new AlarmText("alarm code 1234", 650)), word.active(1234));
    }

    @Test
    void eachSetBitWithATextIsOneAlarmAndBitsWithoutTextAreIgnored() {
        AlarmWord word = AlarmWord.bits("holding:9", Map.of(0L, OVERLOAD, 15L, DOOR));
        assertEquals(Map.of(), word.active(0b0111_1111_1111_1110));
        assertEquals(Map.of("holding:9.0", OVERLOAD, "holding:9.15", DOOR), word.active(0xFFFF));
        assertEquals(Map.of("holding:9.15", DOOR), word.active(0x8000));
    }

    @Test
    void aFlagIsItsAlarmWhileOn() {
        AlarmWord word = AlarmWord.flag("fault", OVERLOAD);
        assertEquals(Map.of(), word.active(0));
        assertEquals(Map.of("fault", OVERLOAD), word.active(1));
    }

    @Test
    void codeZeroAndBitsBeyondARegisterAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> AlarmWord.codes("holding:8", Map.of(0L, OVERLOAD), 500));
        assertThrows(IllegalArgumentException.class, () -> AlarmWord.bits("holding:9", Map.of(16L, OVERLOAD)));
        assertThrows(IllegalArgumentException.class, () -> AlarmWord.codes("holding:8", Map.of(), 0));
        assertThrows(IllegalArgumentException.class, () -> new AlarmText(" ", 500));
    }
}
