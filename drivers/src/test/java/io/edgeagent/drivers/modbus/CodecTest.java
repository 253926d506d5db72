package io.edgeagent.drivers.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.edgeagent.drivers.Quality;
import java.math.BigInteger;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Known bit patterns of every type in every order, as the registers arrive in address order. */
class CodecTest {

    static Stream<Arguments> patterns() {
        return Stream.of(
                // int16 -2 and uint16 65534: 0xFFFE; the byte-swapping orders see 0xFEFF.
                Arguments.of("int16", WordOrder.ABCD, words(0xFFFE), -2L),
                Arguments.of("int16", WordOrder.CDAB, words(0xFFFE), -2L),
                Arguments.of("int16", WordOrder.BADC, words(0xFEFF), -2L),
                Arguments.of("int16", WordOrder.DCBA, words(0xFEFF), -2L),
                Arguments.of("uint16", WordOrder.ABCD, words(0xFFFE), 65_534L),
                Arguments.of("uint16", WordOrder.DCBA, words(0x3412), 0x1234L),
                // int32 -2 = 0xFFFFFFFE
                Arguments.of("int32", WordOrder.ABCD, words(0xFFFF, 0xFFFE), -2L),
                Arguments.of("int32", WordOrder.CDAB, words(0xFFFE, 0xFFFF), -2L),
                Arguments.of("int32", WordOrder.BADC, words(0xFFFF, 0xFEFF), -2L),
                Arguments.of("int32", WordOrder.DCBA, words(0xFEFF, 0xFFFF), -2L),
                // uint32 0x12345678
                Arguments.of("uint32", WordOrder.ABCD, words(0x1234, 0x5678), 0x1234_5678L),
                Arguments.of("uint32", WordOrder.CDAB, words(0x5678, 0x1234), 0x1234_5678L),
                Arguments.of("uint32", WordOrder.BADC, words(0x3412, 0x7856), 0x1234_5678L),
                Arguments.of("uint32", WordOrder.DCBA, words(0x7856, 0x3412), 0x1234_5678L),
                Arguments.of("uint32", WordOrder.ABCD, words(0xFFFF, 0xFFFF), 4_294_967_295L),
                // int64 0x0102030405060708: CDAB is GH EF CD AB (low word first), DCBA fully little-endian.
                Arguments.of("int64", WordOrder.ABCD, words(0x0102, 0x0304, 0x0506, 0x0708), 0x0102_0304_0506_0708L),
                Arguments.of("int64", WordOrder.CDAB, words(0x0708, 0x0506, 0x0304, 0x0102), 0x0102_0304_0506_0708L),
                Arguments.of("int64", WordOrder.BADC, words(0x0201, 0x0403, 0x0605, 0x0807), 0x0102_0304_0506_0708L),
                Arguments.of("int64", WordOrder.DCBA, words(0x0807, 0x0605, 0x0403, 0x0201), 0x0102_0304_0506_0708L),
                Arguments.of("int64", WordOrder.ABCD, words(0xFFFF, 0xFFFF, 0xFFFF, 0xFFFE), -2L),
                Arguments.of("uint64", WordOrder.ABCD, words(0x7FFF, 0xFFFF, 0xFFFF, 0xFFFF), Long.MAX_VALUE),
                // Beyond Long.MAX_VALUE a uint64 is exact rather than wrapping negative or rounding to a Double.
                Arguments.of("uint64", WordOrder.ABCD, words(0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF),
                        new BigInteger("18446744073709551615")),
                Arguments.of("uint64", WordOrder.CDAB, words(0x0000, 0x0000, 0x0000, 0x8000),
                        new BigInteger("9223372036854775808")),
                // float32 12.5 = 0x41480000
                Arguments.of("float32", WordOrder.ABCD, words(0x4148, 0x0000), 12.5),
                Arguments.of("float32", WordOrder.CDAB, words(0x0000, 0x4148), 12.5),
                Arguments.of("float32", WordOrder.BADC, words(0x4841, 0x0000), 12.5),
                Arguments.of("float32", WordOrder.DCBA, words(0x0000, 0x4841), 12.5),
                // 23.4f is 0x41BB3333: reported as 23.4, not 23.399999618530273.
                Arguments.of("float32", WordOrder.ABCD, words(0x41BB, 0x3333), 23.4),
                // float64 12.5 = 0x4029000000000000
                Arguments.of("float64", WordOrder.ABCD, words(0x4029, 0, 0, 0), 12.5),
                Arguments.of("float64", WordOrder.CDAB, words(0, 0, 0, 0x4029), 12.5),
                Arguments.of("float64", WordOrder.BADC, words(0x2940, 0, 0, 0), 12.5),
                Arguments.of("float64", WordOrder.DCBA, words(0, 0, 0, 0x2940), 12.5),
                // Strings keep their registers in address order; only the byte half of the order applies.
                Arguments.of("string(5)", WordOrder.ABCD, words(0x4845, 0x4C4C, 0x4F00), "HELLO"),
                Arguments.of("string(5)", WordOrder.CDAB, words(0x4845, 0x4C4C, 0x4F00), "HELLO"),
                Arguments.of("string(5)", WordOrder.BADC, words(0x4548, 0x4C4C, 0x004F), "HELLO"),
                Arguments.of("string(5)", WordOrder.DCBA, words(0x4548, 0x4C4C, 0x004F), "HELLO"),
                Arguments.of("string(8)", WordOrder.ABCD, words(0x4142, 0x2020, 0x0000, 0x0000), "AB"),
                Arguments.of("string(4)", WordOrder.ABCD, words(0x2041, 0x2042), " A B"));
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @MethodSource("patterns")
    void decodesKnownPatterns(String type, WordOrder order, int[] words, Object expected) {
        assertEquals(expected, Codec.decode(words, 0, ModbusType.parse(type), order, null));
    }

    @Test
    void readsAValueAtItsOffsetInACoalescedReply() {
        ModbusSignal temperature = new ModbusSignal("t", RegisterArea.HOLDING_REGISTER, 12,
                ModbusType.of(ModbusType.Kind.FLOAT32), null, WordOrder.CDAB, 1, 0, 0);

        Sample sample = Codec.sample(temperature, words(7, 7, 0x0000, 0x4148, 7), 10);

        assertEquals(Sample.good(12.5), sample);
    }

    @Test
    void readsRegisterBitsFromTheLeastSignificant() {
        int[] register = words(0x8001);
        ModbusType bool = ModbusType.of(ModbusType.Kind.BOOL);

        assertEquals(true, Codec.decode(register, 0, bool, WordOrder.DCBA, 0));
        assertEquals(false, Codec.decode(register, 0, bool, WordOrder.ABCD, 1));
        assertEquals(true, Codec.decode(register, 0, bool, WordOrder.ABCD, 15));
    }

    @Test
    void coilsAndDiscreteInputsAreBooleans() {
        ModbusSignal coil = ModbusSignal.of("c", RegisterArea.COIL, 3, ModbusType.of(ModbusType.Kind.BOOL));

        assertEquals(Sample.good(true), Codec.sample(coil, words(0, 0, 0, 1), 0));
        assertEquals(Sample.good(false), Codec.sample(coil, words(1, 1, 1, 0), 0));
    }

    @Test
    void integersStayLongWithoutScalingAndBecomeDoubleWithIt() {
        ModbusSignal plain = ModbusSignal.of("p", RegisterArea.INPUT_REGISTER, 0, ModbusType.of(ModbusType.Kind.INT16));
        ModbusSignal scaled = new ModbusSignal("s", RegisterArea.INPUT_REGISTER, 0,
                ModbusType.of(ModbusType.Kind.INT16), null, WordOrder.ABCD, 0.5, -10, 0);

        assertEquals(Sample.good(-2L), Codec.sample(plain, words(0xFFFE), 0));
        assertEquals(Sample.good(-11.0), Codec.sample(scaled, words(0xFFFE), 0));
        assertEquals(Sample.good(5.0), Codec.scaled(10L, 1, -5));
    }

    @Test
    void aUint64AboveLongMaxIsSentAsItsDecimalTextAndScalesAsANumber() {
        ModbusSignal counter = ModbusSignal.of("c", RegisterArea.INPUT_REGISTER, 0, ModbusType.of(ModbusType.Kind.UINT64));
        ModbusSignal scaled = new ModbusSignal("s", RegisterArea.INPUT_REGISTER, 0,
                ModbusType.of(ModbusType.Kind.UINT64), null, WordOrder.ABCD, 0.5, 0, 0);

        assertEquals(Sample.good("18446744073709551615"), Codec.sample(counter, words(0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF), 0));
        assertEquals(Sample.good(0x1p63), Codec.sample(scaled, words(0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF), 0));
        assertEquals("18446744073709551615", ModbusProbe.decode(List.of(0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF),
                ModbusType.of(ModbusType.Kind.UINT64), WordOrder.ABCD));
    }

    @Test
    void notANumberAndInfinityAreBadWithTheReason() {
        ModbusType float32 = ModbusType.of(ModbusType.Kind.FLOAT32);
        assertBad("value is NaN", Codec.scaled(Codec.decode(words(0x7FC0, 0), 0, float32, WordOrder.ABCD, null), 1, 0));
        assertBad("value is Infinity",
                Codec.scaled(Codec.decode(words(0x7F80, 0), 0, float32, WordOrder.ABCD, null), 2, 0));
        assertBad("value is -Infinity",
                Codec.scaled(Codec.decode(words(0xFF80, 0), 0, float32, WordOrder.ABCD, null), 1, 0));
        Sample overflow = Codec.scaled(Double.MAX_VALUE, 10, 0);
        assertEquals(Quality.BAD, overflow.quality());
        assertNull(overflow.value());
    }

    @Test
    void tooFewWordsIsAnError() {
        assertThrows(IllegalArgumentException.class,
                () -> Codec.decode(words(1), 0, ModbusType.of(ModbusType.Kind.INT32), WordOrder.ABCD, null));
    }

    private static void assertBad(String detail, Sample sample) {
        assertEquals(Sample.bad(detail), sample);
    }

    private static int[] words(int... words) {
        return words;
    }
}
