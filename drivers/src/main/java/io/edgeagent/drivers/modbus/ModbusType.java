package io.edgeagent.drivers.modbus;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a Modbus value is and how many registers it takes.
 *
 * @param kind     the value's type
 * @param length   bytes of a {@link Kind#STRING} (two per register; a GBK or UTF-8 character takes two or three), 0
 *                 for every other kind
 * @param encoding how a {@link Kind#STRING}'s bytes are text; {@code null} for every other kind
 */
public record ModbusType(Kind kind, int length, TextEncoding encoding) {

    /** The longest string one read returns: two characters in each of its at most 125 registers. */
    public static final int MAX_STRING_LENGTH = 2 * Pdu.MAX_REGISTERS;
    /** Every type as {@link #parse} reads it, a string as {@code string(n)}: the words to suggest from. */
    public static final List<String> NAMES = Stream.concat(
            Arrays.stream(Kind.values()).filter(kind -> kind != Kind.STRING).map(Kind::spelling),
            Stream.of("string(n)")).toList();
    private static final Pattern STRING = Pattern.compile("string\\((\\d{1,3})\\)");

    /** The supported value types, as the technician spells them in lower case. */
    public enum Kind {
        BOOL, INT16, UINT16, INT32, UINT32, INT64, UINT64, FLOAT32, FLOAT64, STRING;

        private String spelling() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ModbusType {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.STRING) != (length > 0) || (kind == Kind.STRING) != (encoding != null)) {
            throw new IllegalArgumentException("only a string has a length and an encoding, and it needs both (was "
                    + kind + ", " + length + ", " + encoding + ")");
        }
    }

    public static ModbusType of(Kind kind) {
        return new ModbusType(kind, 0, null);
    }

    /** A string of {@code length} bytes in ASCII. */
    public static ModbusType string(int length) {
        return string(length, TextEncoding.ASCII);
    }

    public static ModbusType string(int length, TextEncoding encoding) {
        return new ModbusType(Kind.STRING, length, Objects.requireNonNull(encoding, "encoding"));
    }

    /** This string type with its bytes read as {@code encoding}. */
    public ModbusType in(TextEncoding encoding) {
        if (kind != Kind.STRING) {
            throw new IllegalArgumentException("only a string has an encoding, not a " + this);
        }
        return string(length, encoding);
    }

    /**
     * Parses a type as {@link #NAMES} spell it, in lower case: {@code uint32}, {@code float32}, {@code string(12)}.
     *
     * <p>A string longer than {@link #MAX_STRING_LENGTH} parses, but no read returns it: the driver refuses its
     * signal.
     *
     * @throws UnknownWordException naming the text and the types there are; a string of 0 characters is none
     */
    public static ModbusType parse(String text) {
        Objects.requireNonNull(text, "text");
        Matcher string = STRING.matcher(text);
        if (string.matches() && Integer.parseInt(string.group(1)) > 0) {
            return string(Integer.parseInt(string.group(1)));
        }
        return Arrays.stream(Kind.values()).filter(kind -> kind != Kind.STRING && kind.spelling().equals(text))
                .findFirst().map(ModbusType::of)
                .orElseThrow(() -> new UnknownWordException("'" + text + "' is not a Modbus type: use "
                        + String.join(", ", NAMES) + " (n characters, 1 to " + MAX_STRING_LENGTH + ")", text, NAMES));
    }

    /** How many 16-bit registers the value spans (1 for a bool, which reads one coil or one register bit). */
    public int registers() {
        return switch (kind) {
            case BOOL, INT16, UINT16 -> 1;
            case INT32, UINT32, FLOAT32 -> 2;
            case INT64, UINT64, FLOAT64 -> 4;
            case STRING -> (length + 1) / 2;
        };
    }

    @Override
    public String toString() {
        return kind == Kind.STRING ? "string(" + length + ")" : kind.spelling();
    }
}
