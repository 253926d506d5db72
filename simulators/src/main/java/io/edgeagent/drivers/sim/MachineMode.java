package io.edgeagent.drivers.sim;

/** EUROMAP 83 / OPC 40083 {@code MachineModeEnumeration}: the position of the machine's mode selector. */
public enum MachineMode {
    OTHER(0),
    AUTOMATIC(1),
    SEMI_AUTOMATIC(2),
    MANUAL(3),
    SETUP(4),
    /** Switched on with heating and drives reduced; cannot produce. */
    SLEEP(5);

    private final int value;

    MachineMode(int value) {
        this.value = value;
    }

    /** The Int32 the machine publishes. */
    public int value() {
        return value;
    }
}
