package io.edgeagent.agent.config;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Modbus addressing as the technician writes it: {@code register: holding:2} and {@code type: uint32}, and
 * how many 16-bit registers each type takes, so a value cannot run past the end of the address space.
 */
final class ModbusRegisters {

    static final List<String> AREAS = List.of("coil", "discrete", "input", "holding");
    static final List<String> TYPES = List.of("bool", "int16", "uint16", "int32", "uint32", "int64", "uint64",
            "float32", "float64", "string(n)");
    private static final Pattern REGISTER = Pattern.compile("([^:]*):(.*)");
    private static final Pattern ADDRESS = Pattern.compile("\\d{1,5}");
    private static final Pattern STRING_TYPE = Pattern.compile("string\\((\\d{1,3})\\)");
    private static final int MAX_ADDRESS = 65_535;
    private static final int MAX_STRING_CHARS = 250;
    private static final String REGISTER_RULE = "write <area>:<address> with area coil, discrete, input or holding"
            + " and address 0 to 65535, e.g. holding:2";

    private ModbusRegisters() {
    }

    /** Where a value sits: a data area and a 0-based address. */
    record Register(String area, int address) {

        boolean isBit() {
            return area.equals("coil") || area.equals("discrete");
        }
    }

    static Optional<Register> register(YamlValue value) {
        return value.text().flatMap(text -> {
            Matcher matcher = REGISTER.matcher(text);
            String problem;
            if (!matcher.matches()) {
                problem = "is not a register: " + REGISTER_RULE;
            } else if (!AREAS.contains(matcher.group(1))) {
                problem = "has the unknown area '" + matcher.group(1) + "': " + REGISTER_RULE
                        + DidYouMean.closest(matcher.group(1), AREAS).map(s -> "; did you mean '" + s + "'?").orElse("");
            } else if (!ADDRESS.matcher(matcher.group(2)).matches()
                    || Integer.parseInt(matcher.group(2)) > MAX_ADDRESS) {
                problem = "has the address '" + matcher.group(2) + "': use 0 to 65535, e.g. holding:2";
            } else {
                return Optional.of(new Register(matcher.group(1), Integer.parseInt(matcher.group(2))));
            }
            value.problem(value.path() + " '" + text + "' " + problem);
            return Optional.empty();
        });
    }

    static Optional<String> type(YamlValue value) {
        return value.text().filter(type -> {
            Matcher string = STRING_TYPE.matcher(type);
            if (TYPES.contains(type) && !type.equals("string(n)")
                    || string.matches() && Integer.parseInt(string.group(1)) >= 1
                            && Integer.parseInt(string.group(1)) <= MAX_STRING_CHARS) {
                return true;
            }
            value.problem(value.path() + " '" + type + "' is not a Modbus type: use " + String.join(", ", TYPES)
                    + " (n characters, 1 to 250)"
                    + DidYouMean.closest(type, TYPES).map(s -> "; did you mean '" + s + "'?").orElse(""));
            return false;
        });
    }

    /** The default type of an area: bits for coils and discrete inputs, an unsigned word for registers. */
    static String defaultType(Register register) {
        return register.isBit() ? "bool" : "uint16";
    }

    /**
     * The problem with reading {@code type} at {@code register}, or empty when it fits. {@code bit}: the
     * signal names one bit of a register.
     */
    static Optional<String> mismatch(Register register, String type, boolean bit) {
        if (bit) {
            if (register.isBit()) {
                return Optional.of("a " + register.area() + " is a single bit already: remove bit");
            }
            return type.equals("bool") ? Optional.empty()
                    : Optional.of("one bit of a register is a bool: use type bool or leave type out");
        }
        if (register.isBit() != type.equals("bool")) {
            return Optional.of(register.isBit()
                    ? "a " + register.area() + " holds a single bit: use type bool or leave type out"
                    : "type bool in a register needs the bit, e.g. bit: 3 (0 is the least significant);"
                            + " or read the whole register as uint16");
        }
        int last = register.address() + registers(type) - 1;
        if (last > MAX_ADDRESS) {
            return Optional.of("a " + type + " at " + register.area() + ":" + register.address() + " needs "
                    + registers(type) + " registers and runs past address 65535: use a lower address");
        }
        return Optional.empty();
    }

    private static int registers(String type) {
        Matcher string = STRING_TYPE.matcher(type);
        if (string.matches()) {
            return (Integer.parseInt(string.group(1)) + 1) / 2;
        }
        return switch (type) {
            case "int32", "uint32", "float32" -> 2;
            case "int64", "uint64", "float64" -> 4;
            default -> 1;
        };
    }
}
