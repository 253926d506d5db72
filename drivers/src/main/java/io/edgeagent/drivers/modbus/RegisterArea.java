package io.edgeagent.drivers.modbus;

/** The four Modbus data areas, each read by its own function code. */
public enum RegisterArea {
    COIL(1, true, "coil"),
    DISCRETE_INPUT(2, true, "discrete"),
    INPUT_REGISTER(4, false, "input"),
    HOLDING_REGISTER(3, false, "holding");

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

    /** @throws IllegalArgumentException when {@code name} is not one of the four {@link #configName()}s */
    public static RegisterArea ofConfigName(String name) {
        for (RegisterArea area : values()) {
            if (area.configName.equals(name)) {
                return area;
            }
        }
        throw new IllegalArgumentException("unknown Modbus area '" + name + "': coil, discrete, input or holding");
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
