package io.edgeagent.drivers.modbus;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The four Modbus data areas, each read by its own function code. */
public enum RegisterArea {
    COIL(1, true, "coil"),
    DISCRETE_INPUT(2, true, "discrete"),
    INPUT_REGISTER(4, false, "input"),
    HOLDING_REGISTER(3, false, "holding");

    /** Every area's {@link #configName()}, in the order the manuals list them. */
    public static final List<String> CONFIG_NAMES = Arrays.stream(values()).map(RegisterArea::configName).toList();

    private final int readFunction;
    private final boolean bits;
    private final String configName;

    RegisterArea(int readFunction, boolean bits, String configName) {
        this.readFunction = readFunction;
        this.bits = bits;
        this.configName = configName;
    }

    /** The area as the config and the CLI write it: {@code coil}, {@code discrete}, {@code input}, {@code holding}. */
    public String configName() {
        return configName;
    }

    /** The {@link #CONFIG_NAMES} as a sentence lists them, for messages: {@code coil, discrete, input or holding}. */
    public static String listed() {
        int last = CONFIG_NAMES.size() - 1;
        return String.join(", ", CONFIG_NAMES.subList(0, last)) + " or " + CONFIG_NAMES.get(last);
    }

    /** The area written {@code name}, or empty when {@code name} is none of the {@link #CONFIG_NAMES}. */
    public static Optional<RegisterArea> ofConfigName(String name) {
        return Arrays.stream(values()).filter(area -> area.configName.equals(name)).findFirst();
    }

    /** The Modbus function code that reads this area (1, 2, 3 or 4). */
    public int readFunction() {
        return readFunction;
    }

    /** True for the single-bit areas (coils, discrete inputs); false for the 16-bit register areas. */
    public boolean isBit() {
        return bits;
    }
}
