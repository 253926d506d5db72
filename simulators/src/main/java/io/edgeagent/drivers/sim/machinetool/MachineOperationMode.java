package io.edgeagent.drivers.sim.machinetool;

/** OPC 40501-1 {@code MachineOperationMode}: the mode a machine tool's operator selected. */
public enum MachineOperationMode {
    MANUAL(0),
    AUTOMATIC(1),
    SETUP(2),
    AUTO_WITH_MANUAL_INTERVENTION(3),
    SERVICE(4),
    OTHER(5);

    private final int value;

    MachineOperationMode(int value) {
        this.value = value;
    }

    /** The Int32 the machine publishes. */
    public int value() {
        return value;
    }
}
