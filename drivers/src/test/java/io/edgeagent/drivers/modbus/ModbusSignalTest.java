package io.edgeagent.drivers.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Where a type can be read (Modbus Application Protocol V1.1b3, 4.3: coils and discrete inputs are single bits,
 * input and holding registers 16-bit words, addressed 0 to 65535): one check, {@link ModbusSignal#misfit}, that the
 * config's binder words at the line of the file and the signal's constructor refuses with the signal's name.
 */
class ModbusSignalTest {

    private static final ModbusType BOOL = ModbusType.parse("bool");

    @Test
    void aBoolIsACoilADiscreteInputOrOneBitOfARegister() {
        assertEquals(Optional.empty(), ModbusSignal.misfit(RegisterAddress.parse("coil:5"), BOOL, false));
        assertEquals(Optional.empty(), ModbusSignal.misfit(RegisterAddress.parse("discrete:5"), BOOL, false));
        assertEquals(Optional.empty(), ModbusSignal.misfit(RegisterAddress.parse("holding:5"), BOOL, true));
        assertEquals(Optional.of("a coil is a single bit already: remove bit"),
                ModbusSignal.misfit(RegisterAddress.parse("coil:5"), BOOL, true));
        assertEquals(Optional.of("one bit of a register is a bool: use type bool or leave type out"),
                ModbusSignal.misfit(RegisterAddress.parse("input:5"), ModbusType.parse("uint16"), true));
        assertEquals(Optional.of("a discrete holds a single bit: use type bool or leave type out"),
                ModbusSignal.misfit(RegisterAddress.parse("discrete:5"), ModbusType.parse("int16"), false));
        assertEquals(Optional.of("type bool in a register needs the bit, e.g. bit: 3 (0 is the least significant);"
                + " or read the whole register as uint16"),
                ModbusSignal.misfit(RegisterAddress.parse("holding:5"), BOOL, false));
    }

    @Test
    void aValueInRegistersEndsByTheLastAddress() {
        assertEquals(Optional.empty(),
                ModbusSignal.misfit(RegisterAddress.parse("holding:65532"), ModbusType.parse("float64"), false));
        assertEquals(Optional.of("a float64 at holding:65533 needs 4 registers and runs past address 65535: use a"
                + " lower address"),
                ModbusSignal.misfit(RegisterAddress.parse("holding:65533"), ModbusType.parse("float64"), false));
    }

    @Test
    void theConstructorRefusesTheSameWithTheSignalsName() {
        assertEquals("signal 'flag': type bool in a register needs the bit, e.g. bit: 3 (0 is the least significant);"
                + " or read the whole register as uint16", assertThrows(IllegalArgumentException.class,
                () -> ModbusSignal.of("flag", RegisterArea.HOLDING_REGISTER, 5, BOOL)).getMessage());
        assertEquals("signal 'door': a coil is a single bit already: remove bit", assertThrows(
                IllegalArgumentException.class, () -> new ModbusSignal("door", RegisterArea.COIL, 5, BOOL, 0,
                        WordOrder.ABCD, 1, 0, 0)).getMessage());
        assertEquals("signal 'last': a float64 at holding:65534 needs 4 registers and runs past address 65535: use"
                + " a lower address", assertThrows(IllegalArgumentException.class, () -> ModbusSignal.of("last",
                RegisterArea.HOLDING_REGISTER, 65_534, ModbusType.parse("float64"))).getMessage());
        assertEquals("signal 'ready': bit 16 is not 0 to 15", assertThrows(IllegalArgumentException.class,
                () -> new ModbusSignal("ready", RegisterArea.HOLDING_REGISTER, 5, BOOL, 16, WordOrder.ABCD, 1, 0, 0))
                .getMessage());
    }
}
