package io.edgeagent.agent.cli;

import io.edgeagent.drivers.modbus.RegisterArea;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code probe modbus} reads: {@code holding:0:10} (area, 0-based address, count), {@code holding:4}, or a
 * manual's register number ({@code 40001} or {@code 400001}), which is translated and said so.
 *
 * @param manualNumber the manual's number as typed, or {@code null} when the range was given as area:address
 */
record ModbusRange(RegisterArea area, int address, Integer count, String manualNumber) {

    private static final Pattern RANGE = Pattern.compile("(coil|discrete|input|holding):(\\d{1,5})(?::(\\d{1,4}))?");
    private static final Pattern MANUAL = Pattern.compile("([0134])(\\d{4,5})(?::(\\d{1,4}))?");

    static ModbusRange parse(String text) {
        Matcher range = RANGE.matcher(text.toLowerCase(Locale.ROOT));
        if (range.matches()) {
            return new ModbusRange(RegisterArea.ofConfigName(range.group(1)), address(range.group(2), text),
                    count(range.group(3)), null);
        }
        Matcher manual = MANUAL.matcher(text);
        if (manual.matches() && Integer.parseInt(manual.group(2)) >= 1) {
            RegisterArea area = switch (manual.group(1)) {
                case "0" -> RegisterArea.COIL;
                case "1" -> RegisterArea.DISCRETE_INPUT;
                case "3" -> RegisterArea.INPUT_REGISTER;
                default -> RegisterArea.HOLDING_REGISTER;
            };
            int address = Integer.parseInt(manual.group(2)) - 1;
            if (address > 65_535) {
                throw new IllegalArgumentException("'" + text + "' is past the last register (a manual's 465536)");
            }
            return new ModbusRange(area, address, count(manual.group(3)), manual.group(1) + manual.group(2));
        }
        throw new IllegalArgumentException("'" + text + "' is not a register range: write <area>:<address>[:<count>]"
                + " with area coil, discrete, input or holding and the 0-based address, e.g. holding:0:10, or a"
                + " manual's register number such as 40001");
    }

    /** {@code holding:0} as the config writes it. */
    static String name(RegisterArea area, int address) {
        return area.configName() + ":" + address;
    }

    /** The count to read: the one given, else what {@code registersPerValue} needs. */
    int countOr(int registersPerValue) {
        return Optional.ofNullable(count).orElse(area.isBit() ? 1 : registersPerValue);
    }

    private static int address(String digits, String text) {
        int address = Integer.parseInt(digits);
        if (address > 65_535) {
            throw new IllegalArgumentException("'" + text + "' has the address " + address + ": use 0 to 65535");
        }
        return address;
    }

    private static Integer count(String digits) {
        if (digits == null) {
            return null;
        }
        int count = Integer.parseInt(digits);
        if (count < 1) {
            throw new IllegalArgumentException("the count must be at least 1");
        }
        return count;
    }
}
