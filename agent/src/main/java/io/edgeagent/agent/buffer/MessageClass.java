package io.edgeagent.agent.buffer;

/**
 * Delivery classes of the outbox. Events (state, capacity, metering, command answers) always leave before
 * telemetry, and when a disk budget forces drops, telemetry goes first.
 */
public enum MessageClass {
    EVENT("outbox_event"),
    TELEMETRY("outbox_telemetry");

    private final String table;

    MessageClass(String table) {
        this.table = table;
    }

    /**
     * Each class has its own table keyed by sequence, so reading a class in order is a range scan of its
     * primary key; a shared table made H2 sort the whole class on every read.
     */
    String table() {
        return table;
    }
}
