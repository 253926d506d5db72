package io.edgeagent.drivers;

/**
 * Where a driver delivers what it learns. Called from the driver's own threads: implementations must be
 * thread-safe and must not block (hand off to a queue), or they stall the protocol stack.
 */
public interface ReadingSink {

    void onReading(Reading reading);

    /** The link went up, down or closed. A machine whose driver is not connected cannot be read. */
    void onHealth(String machineId, DriverHealth health);

    /**
     * An alarm of the machine was raised, changed or cleared. Machines that report no alarms never call it; a sink
     * that keeps no alarms (a probe, a test of readings) need not implement it.
     */
    default void onAlarm(Alarm alarm) {
    }
}
