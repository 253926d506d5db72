package io.edgeagent.drivers.sim.cnc;

/** The position of the control's mode selector, as it shows in holding register {@value CncRegisters#MODE}. */
public enum ControlMode {
    AUTOMATIC(0),
    /** Manual data input: single blocks typed at the control. */
    MDI(1),
    MANUAL(2);

    private final int value;

    ControlMode(int value) {
        this.value = value;
    }

    /** The uint16 the control publishes. */
    public int value() {
        return value;
    }
}
