package io.edgeagent.agent.capacity;

import java.time.Instant;
import java.util.Objects;

/**
 * A window of machine time the agent expects to be free and offers ahead, from {@link ForecastPlanner}.
 *
 * @param id               stable across recomputation while the window's planned start does not move; see
 *                         {@link ForecastPlanner}
 * @param start            first instant offered
 * @param end              first instant no longer offered
 * @param confidence       0..1, how sure the learned profile is that the machine is free then
 * @param machineHours     the window's length in hours, to 3 decimals
 * @param estimatedCycles  whole machine cycles that fit in the window, or {@code null} when the cycle time is
 *                         not known
 * @param estimatedParts   cycles times cavities, or {@code null} when either is not known
 */
public record ForecastWindow(String id, Instant start, Instant end, double confidence, double machineHours,
        Long estimatedCycles, Long estimatedParts) {

    public ForecastWindow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("window " + id + " is empty or ends before it starts");
        }
        if (!(confidence >= 0.0 && confidence <= 1.0)) {
            throw new IllegalArgumentException("confidence of window " + id + " out of 0..1: " + confidence);
        }
        if (estimatedCycles == null && estimatedParts != null) {
            throw new IllegalArgumentException("window " + id + " estimates parts without cycles");
        }
    }

    public TimeSpan span() {
        return new TimeSpan(start, end);
    }
}
