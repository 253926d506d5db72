package io.edgeagent.drivers.sim.machinetool;

/** The states of OPC 40501-1's {@code ProductionProgramStateMachineType}, as {@code CurrentState} names them. */
public enum ProgramState {
    INITIALIZING("Initializing"),
    RUNNING("Running"),
    ENDED("Ended"),
    INTERRUPTED("Interrupted"),
    ABORTED("Aborted");

    private final String text;

    ProgramState(String text) {
        this.text = text;
    }

    /** The LocalizedText's text the machine publishes. */
    public String text() {
        return text;
    }
}
