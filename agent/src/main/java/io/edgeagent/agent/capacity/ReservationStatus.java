package io.edgeagent.agent.capacity;

import java.util.Locale;

/**
 * Where a reservation is in its life: {@code booked} until its start, {@code active} while it runs, and then
 * one of three ends. Only booked and active reservations are current (in the retained list and the offer).
 */
public enum ReservationStatus {
    /** Accepted, its start not reached yet. */
    BOOKED,
    /** Its start has passed: the machine's time is the buyer's, and is being accounted for the report. */
    ACTIVE,
    /** Its end passed and the machine produced in it (cycles counted, or time RUNNING). */
    COMPLETED,
    /** Released by the platform, before its start or while it ran. */
    RELEASED,
    /** Its end passed and the machine produced nothing in it (down, idle, offline or not observed throughout). */
    MISSED;

    public boolean isCurrent() {
        return this == BOOKED || this == ACTIVE;
    }

    /** The word on the wire and in the store. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
