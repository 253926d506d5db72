package io.edgeagent.drivers.modbus;

import io.edgeagent.drivers.Reading;
import java.math.BigInteger;
import java.nio.ByteBuffer;

/**
 * Turns the registers (or bits) of a reply into values: word and byte order, type, bit, scale and offset.
 *
 * <p>Bytes are named after the big-endian value {@code A B C D ...}; a register holds two bytes, high byte first on
 * the wire. Per {@link WordOrder}: ABCD keeps registers and bytes as read; CDAB reverses the order of the registers
 * (low word first); BADC swaps the two bytes inside each register; DCBA does both, so the registers read as one
 * little-endian number. A 64-bit value in CDAB is therefore {@code GH EF CD AB}. One-register values follow the byte
 * half of the order (BADC and DCBA swap their two bytes); strings keep their registers in address order and take
 * only the byte half too. A register bit counts from 0, the least significant bit of the register as transmitted.
 */
final class Codec {

    private Codec() {
    }

    /**
     * The signal's value from the reply of a request starting at {@code firstAddress}.
     *
     * @param values register words (0..65535) or bits (0 or 1), one per address from {@code firstAddress}
     */
    static Sample sample(ModbusSignal signal, int[] values, int firstAddress) {
        int offset = signal.address() - firstAddress;
        if (signal.area().isBit()) {
            return Sample.good(values[offset] != 0);
        }
        Object raw = decode(values, offset, signal.type(), signal.order(), signal.bit());
        return scaled(raw, signal.scale(), signal.offset());
    }

    /**
     * The unscaled value: Boolean for a register bit, Long for integers (a uint64 above {@link Long#MAX_VALUE} as
     * BigInteger, which {@link #scaled} turns into what a reading may carry), Double for floats (NaN and the
     * infinities included), String for text.
     */
    static Object decode(int[] words, int offset, ModbusType type, WordOrder order, Integer bit) {
        int needed = type.registers();
        if (offset < 0 || offset + needed > words.length) {
            throw new IllegalArgumentException(type + " needs " + needed + " registers from index " + offset + ", got "
                    + words.length);
        }
        return switch (type.kind()) {
            case BOOL -> {
                if (bit == null) {
                    throw new IllegalArgumentException("a bool in a register needs a bit 0..15");
                }
                yield ((words[offset] >> bit) & 1) == 1;
            }
            case INT16 -> (long) buffer(words, offset, 1, order).getShort();
            case UINT16 -> (long) (buffer(words, offset, 1, order).getShort() & 0xFFFF);
            case INT32 -> (long) buffer(words, offset, 2, order).getInt();
            case UINT32 -> buffer(words, offset, 2, order).getInt() & 0xFFFF_FFFFL;
            case INT64 -> buffer(words, offset, 4, order).getLong();
            case UINT64 -> unsigned(buffer(words, offset, 4, order).getLong());
            // Via the decimal text: a PLC's 23.4f should read 23.4, not 23.399999618530273.
            case FLOAT32 -> floatToDouble(buffer(words, offset, 2, order).getFloat());
            case FLOAT64 -> buffer(words, offset, 4, order).getDouble();
            case STRING -> text(words, offset, type.length(), type.encoding(), order);
        };
    }

    /** {@code raw * scale + offset} for numbers; a value that is not finite is BAD. Booleans and text pass as is. */
    static Sample scaled(Object raw, double scale, double offset) {
        if (raw instanceof Double d && !Double.isFinite(d)) {
            return Sample.bad(Reading.notANumber(d));
        }
        if (!(raw instanceof Number number) || (scale == 1 && offset == 0)) {
            return Sample.good(unscaled(raw));
        }
        double value = number.doubleValue() * scale + offset;
        if (!Double.isFinite(value)) {
            return Sample.bad("value is " + value + " after scale " + scale + " and offset " + offset);
        }
        return Sample.good(value);
    }

    /** The value's bytes, most significant first, from {@code count} registers in the given order. */
    private static ByteBuffer buffer(int[] words, int offset, int count, WordOrder order) {
        boolean reverseWords = order == WordOrder.CDAB || order == WordOrder.DCBA;
        boolean swapBytes = order == WordOrder.BADC || order == WordOrder.DCBA;
        byte[] bytes = new byte[count * 2];
        for (int i = 0; i < count; i++) {
            int word = words[offset + (reverseWords ? count - 1 - i : i)];
            byte high = (byte) (word >> 8);
            byte low = (byte) word;
            bytes[2 * i] = swapBytes ? low : high;
            bytes[2 * i + 1] = swapBytes ? high : low;
        }
        return ByteBuffer.wrap(bytes);
    }

    private static Object unsigned(long bits) {
        return bits >= 0 ? (Object) bits : new BigInteger(Long.toUnsignedString(bits));
    }

    /**
     * A decoded value as a reading carries it unscaled: a uint64 above {@link Long#MAX_VALUE} as its decimal
     * text, as the feed's contract (and the OPC UA driver) sends it, since a Double would round it.
     */
    static Object unscaled(Object raw) {
        return raw instanceof BigInteger big ? big.toString() : raw;
    }

    private static Object floatToDouble(float value) {
        return Float.isFinite(value) ? Double.parseDouble(Float.toString(value)) : (double) value;
    }

    /**
     * The bytes in address order as text in {@code encoding}, trailing NULs and spaces removed (neither byte is ever
     * part of a GBK or UTF-8 character, so a character is never cut).
     */
    private static String text(int[] words, int offset, int length, TextEncoding encoding, WordOrder order) {
        boolean swapBytes = order == WordOrder.BADC || order == WordOrder.DCBA;
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            int word = words[offset + i / 2];
            boolean high = (i % 2 == 0) != swapBytes;
            bytes[i] = (byte) (high ? word >> 8 : word);
        }
        int end = length;
        while (end > 0 && (bytes[end - 1] == 0 || bytes[end - 1] == ' ')) {
            end--;
        }
        return encoding.decode(bytes, end);
    }
}
