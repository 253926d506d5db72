package io.edgeagent.drivers.sim.machinetool;

/** The states of OPC 40001-1's {@code MachineryOperationModeStateMachineType}, as {@code CurrentState} names them. */
public enum MachineryOperationMode {
    NONE("None"),
    MAINTENANCE("Maintenance"),
    SETUP("Setup"),
    PROCESSING("Processing");

    private final String text;

    MachineryOperationMode(String text) {
        this.text = text;
    }

    /** The LocalizedText's text the machine publishes. */
    public String text() {
        return text;
    }
}
