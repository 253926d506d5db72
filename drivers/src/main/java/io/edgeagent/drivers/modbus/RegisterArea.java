package io.edgeagent.drivers.modbus;

/** The four Modbus data areas, each read by its own function code. */
public enum RegisterArea {
    COIL(1, true),
    DISCRETE_INPUT(2, true),
    INPUT_REGISTER(4, false),
    HOLDING_REGISTER(3, false);

    private final int readFunction;
    private final boolean bits;

    RegisterArea(int readFunction, boolean bits) {
        this.readFunction = readFunction;
        this.bits = bits;
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
