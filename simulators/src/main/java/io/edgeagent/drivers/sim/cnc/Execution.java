package io.edgeagent.drivers.sim.cnc;

/** What the control is doing with its program, as it shows in holding register {@value CncRegisters#EXECUTION}. */
public enum Execution {
    /** Idle, no program running. */
    READY(0),
    /** Cutting. */
    ACTIVE(1),
    /** Feed hold or optional stop: the program waits with its position kept. */
    INTERRUPTED(2),
    /** Stopped by an alarm. */
    STOPPED(3),
    SETUP(4);

    private final int value;

    Execution(int value) {
        this.value = value;
    }

    /** The uint16 the control publishes. */
    public int value() {
        return value;
    }
}
