package io.edgeagent.agent.capacity;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A stretch of measured idle capacity: the machine was IDLE inside offered time from {@code start}.
 *
 * @param machineId the configured machine id
 * @param start     when the window opened
 * @param end       when it closed, or {@code null} while it is open
 * @param closedBy  why it closed: the state that ended it ({@code RUNNING}, {@code DOWN}, ...),
 *                  {@code OFFERED_TIME_ENDED}, {@code CLOCK_STEP} or {@code AGENT_STOPPED}; {@code null} while open
 */
public record LiveWindow(String machineId, Instant start, Instant end, String closedBy) {

    public LiveWindow {
        Objects.requireNonNull(machineId, "machineId");
        Objects.requireNonNull(start, "start");
        if (end != null && end.isBefore(start)) {
            throw new IllegalArgumentException("window of " + machineId + " ends before it starts");
        }
    }

    public boolean isOpen() {
        return end == null;
    }

    /** The closed window's length. */
    public Duration duration() {
        return Duration.between(start, Objects.requireNonNull(end, "window still open"));
    }

    LiveWindow closeAt(Instant at, String why) {
        return new LiveWindow(machineId, start, at.isBefore(start) ? start : at, why);
    }
}
