package io.edgeagent.drivers.sim.machinetool;

/** The states of OPC 40001-1's {@code MachineryItemState_StateMachineType}, as {@code CurrentState} names them. */
public enum MachineryItemState {
    /** The state cannot be determined, e.g. the machine is off. */
    NOT_AVAILABLE("NotAvailable"),
    /** Unable to work: broken, in maintenance or switched off on purpose. */
    OUT_OF_SERVICE("OutOfService"),
    /** Doing what it is meant to do, e.g. producing. */
    EXECUTING("Executing"),
    /** Ready to work, but not working. */
    NOT_EXECUTING("NotExecuting");

    private final String text;

    MachineryItemState(String text) {
        this.text = text;
    }

    /** The LocalizedText's text the machine publishes. */
    public String text() {
        return text;
    }
}
