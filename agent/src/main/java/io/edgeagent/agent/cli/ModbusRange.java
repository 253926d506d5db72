package io.edgeagent.agent.cli;

import io.edgeagent.drivers.modbus.RegisterAddress;
import io.edgeagent.drivers.modbus.RegisterArea;
import io.edgeagent.drivers.modbus.UnknownWordException;
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

    private static final Pattern MANUAL = Pattern.compile("([0134])(\\d{4,5})(?::(\\d{1,4}))?");
    private static final Pattern COUNT = Pattern.compile("\\d{1,4}");

    static ModbusRange parse(String text) {
        Matcher manual = MANUAL.matcher(text);
        if (manual.matches() && Integer.parseInt(manual.group(2)) >= 1) {
            RegisterArea area = switch (manual.group(1)) {
                case "0" -> RegisterArea.COIL;
                case "1" -> RegisterArea.DISCRETE_INPUT;
                case "3" -> RegisterArea.INPUT_REGISTER;
                default -> RegisterArea.HOLDING_REGISTER;
            };
            int address = Integer.parseInt(manual.group(2)) - 1;
            if (address > RegisterAddress.MAX_ADDRESS) {
                throw new IllegalArgumentException("'" + text + "' is past the last register (a manual's 465536)");
            }
            return new ModbusRange(area, address, count(manual.group(3)), manual.group(1) + manual.group(2));
        }
        String range = text.toLowerCase(Locale.ROOT);
        int countAt = range.indexOf(':', range.indexOf(':') + 1);
        String count = countAt < 0 ? null : range.substring(countAt + 1);
        RegisterAddress first;
        try {
            first = RegisterAddress.parse(countAt < 0 ? range : range.substring(0, countAt));
        } catch (UnknownWordException e) {
            throw notARange(text);
        } catch (IllegalArgumentException e) {
            // With a colon it is an area and an address, and the driver's words say what is wrong with the address.
            throw range.indexOf(':') < 0 ? notARange(text) : e;
        }
        if (count != null && !COUNT.matcher(count).matches()) {
            throw notARange(text);
        }
        return new ModbusRange(first.area(), first.address(), count(count), null);
    }

    /** {@code holding:0} as the config writes it. */
    static String name(RegisterArea area, int address) {
        return new RegisterAddress(area, address).toString();
    }

    /** The count to read: the one given, else what {@code registersPerValue} needs. */
    int countOr(int registersPerValue) {
        return Optional.ofNullable(count).orElse(area.isBit() ? 1 : registersPerValue);
    }

    private static IllegalArgumentException notARange(String text) {
        return new IllegalArgumentException("'" + text + "' is not a register range: write <area>:<address>[:<count>]"
                + " with area " + RegisterArea.listed() + " and the 0-based address, e.g. holding:0:10, or a manual's"
                + " register number such as 40001");
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
