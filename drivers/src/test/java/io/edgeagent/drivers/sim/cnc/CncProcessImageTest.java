package io.edgeagent.drivers.sim.cnc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ghgande.j2mod.modbus.procimg.IllegalAddressException;
import com.ghgande.j2mod.modbus.procimg.Register;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CncProcessImageTest {

    @Test
    void aRangeIsACopyOfOneSnapshot() {
        CncProcessImage image = new CncProcessImage(snapshot(CncPhase.CUTTING, 0x0001_0002L));
        Register[] read = image.getRegisterRange(CncRegisters.PART_COUNT, 2);

        image.publish(snapshot(CncPhase.IDLE, 0x0003_0004L));

        assertEquals("[1, 2]", values(read), "a range already taken keeps its values");
        assertEquals("[3, 4]", values(image.getRegisterRange(CncRegisters.PART_COUNT, 2)));
        assertEquals(0, image.getRegister(CncRegisters.EXECUTION).getValue());
        assertFalse(image.getDigitalOut(CncRegisters.DOOR_OPEN).isSet());
        assertFalse(image.getDigitalIn(CncRegisters.CYCLE_START).isSet());
    }

    @Test
    void addressesOutsideTheMapAreIllegal() {
        CncProcessImage image = new CncProcessImage(snapshot(CncPhase.SETUP, 0));

        assertEquals(CncRegisters.HOLDING_COUNT, image.getRegisterRange(0, CncRegisters.HOLDING_COUNT).length);
        assertThrows(IllegalAddressException.class, () -> image.getRegisterRange(CncRegisters.HOLDING_COUNT - 1, 2));
        assertThrows(IllegalAddressException.class, () -> image.getRegisterRange(-1, 1));
        assertThrows(IllegalAddressException.class, () -> image.getRegisterRange(0, 0));
        assertTrue(image.getDigitalOutRange(0, 1)[0].isSet(), "the door is open in SETUP");
        assertThrows(IllegalAddressException.class, () -> image.getDigitalOutRange(0, 2));
        assertThrows(IllegalAddressException.class, () -> image.getDigitalInRange(1, 1));
        assertThrows(IllegalAddressException.class, () -> image.getInputRegisterRange(0, 1));
    }

    @Test
    void aConcurrentReaderNeverSeesHalfAnUpdate() throws InterruptedException {
        // Both words of each count are equal, so a torn read shows as two different words.
        CncRegisters.Snapshot ones = snapshot(CncPhase.CUTTING, 0x0001_0001L);
        CncRegisters.Snapshot twos = snapshot(CncPhase.CUTTING, 0x0002_0002L);
        CncProcessImage image = new CncProcessImage(ones);
        AtomicReference<String> torn = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            for (int i = 0; i < 200_000 && torn.get() == null; i++) {
                Register[] count = image.getRegisterRange(CncRegisters.PART_COUNT, 2);
                if (count[0].getValue() != count[1].getValue()) {
                    torn.set(values(count));
                }
            }
        }, "cnc-image-reader");
        reader.start();
        for (int i = 0; reader.isAlive(); i++) {
            image.publish(i % 2 == 0 ? twos : ones);
        }
        reader.join();

        assertNull(torn.get(), "torn read");
    }

    private static CncRegisters.Snapshot snapshot(CncPhase phase, long partCount) {
        return CncRegisters.encode(new CncMachine.State(phase, partCount, 0, 0, "O1"), WordOrder.ABCD);
    }

    private static String values(Register[] registers) {
        return Arrays.toString(Arrays.stream(registers).mapToInt(Register::getValue).toArray());
    }
}
