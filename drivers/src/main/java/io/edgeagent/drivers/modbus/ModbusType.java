package io.edgeagent.drivers.modbus;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Modbus value is and how many registers it takes.
 *
 * @param kind   the value's type
 * @param length characters of a {@link Kind#STRING} (two per register), 0 for every other kind
 */
public record ModbusType(Kind kind, int length) {

    private static final Pattern STRING = Pattern.compile("string\\((\\d{1,3})\\)");

    /** The supported value types, as the technician spells them in lower case. */
    public enum Kind { BOOL, INT16, UINT16, INT32, UINT32, INT64, UINT64, FLOAT32, FLOAT64, STRING }

    public ModbusType {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.STRING) != (length > 0)) {
            throw new IllegalArgumentException("only a string has a length, and it needs one (was " + kind + ", "
                    + length + ")");
        }
    }

    public static ModbusType of(Kind kind) {
        return new ModbusType(kind, 0);
    }

    public static ModbusType string(int length) {
        return new ModbusType(Kind.STRING, length);
    }

    /** Parses {@code uint32}, {@code float32}, {@code string(12)} and the like. */
    public static ModbusType parse(String text) {
        Matcher string = STRING.matcher(text);
        if (string.matches()) {
            return string(Integer.parseInt(string.group(1)));
        }
        try {
            return of(Kind.valueOf(text.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a Modbus type: '" + text + "'", e);
        }
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
        return kind == Kind.STRING ? "string(" + length + ")" : kind.name().toLowerCase(Locale.ROOT);
    }
}
