package io.edgeagent.drivers.modbus;

import java.util.Objects;

/**
 * Where a value sits, as the config and the CLI write it: {@code holding:2}, a data area and the 0-based protocol
 * address of its first coil or register.
 */
public record RegisterAddress(RegisterArea area, int address) {

    /** The last address of every area. */
    public static final int MAX_ADDRESS = 65_535;
    private static final int MAX_DIGITS = 5;
    private static final String FORM = "write <area>:<address> with area " + RegisterArea.listed()
            + " and address 0 to 65535, e.g. holding:2";

    public RegisterAddress {
        Objects.requireNonNull(area, "area");
        if (address < 0 || address > MAX_ADDRESS) {
            throw new IllegalArgumentException("address " + address + " of " + area + " is not in 0 to 65535");
        }
    }

    /**
     * Parses {@code <area>:<address>}, the area in lower case as {@link RegisterArea#configName()} spells it.
     *
     * @throws UnknownWordException     when the part before the colon is not an area
     * @throws IllegalArgumentException naming the text and the part of it at fault: no colon, or an address that
     *                                  is not a whole number from 0 to 65535
     */
    public static RegisterAddress parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + text + "' is not a register: " + FORM);
        }
        String name = text.substring(0, colon);
        RegisterArea area = RegisterArea.ofConfigName(name).orElseThrow(() -> new UnknownWordException(
                "'" + text + "' has the unknown area '" + name + "': " + FORM, name, RegisterArea.CONFIG_NAMES));
        String digits = text.substring(colon + 1);
        if (digits.isEmpty() || digits.length() > MAX_DIGITS || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(digits) > MAX_ADDRESS) {
            throw new IllegalArgumentException("'" + text + "' has the address '" + digits
                    + "': use 0 to 65535, e.g. holding:2");
        }
        return new RegisterAddress(area, Integer.parseInt(digits));
    }

    /** {@code holding:2}: the form {@link #parse} reads. */
    @Override
    public String toString() {
        return area.configName() + ":" + address;
    }
}
