package io.edgeagent.drivers.sim.machinetool;

/** OPC 40501-1 {@code ChannelState}: what a CNC channel (one program's path) is doing. */
public enum ChannelState {
    /** A program runs. */
    ACTIVE(0),
    /** A program was stopped part-way, e.g. by a feed hold or an alarm. */
    INTERRUPTED(1),
    /** No program runs. */
    RESET(2);

    private final int value;

    ChannelState(int value) {
        this.value = value;
    }

    /** The Int32 the machine publishes. */
    public int value() {
        return value;
    }
}
