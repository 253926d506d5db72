package io.edgeagent.agent.buffer;

/**
 * Delivery classes of the outbox. Events (state, capacity, metering, command answers) always leave before
 * telemetry, and when a disk budget forces drops, telemetry goes first.
 */
public enum MessageClass {
    EVENT(0),
    TELEMETRY(1);

    private final int code;

    MessageClass(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }
}
