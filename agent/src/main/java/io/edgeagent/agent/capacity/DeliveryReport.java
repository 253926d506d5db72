package io.edgeagent.agent.capacity;

import io.edgeagent.agent.config.MachineState;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a reservation delivered, for the platform to bill: how the reserved time was spent and what the
 * machine made in it. The milliseconds of all states plus {@code unknownMillis} are exactly the accounted
 * span {@code [start, end)}, which is the reserved time, or its part up to the release.
 *
 * @param reservation   the reservation, with its planned start and end
 * @param status        how it ended: completed, missed, or released (while it ran)
 * @param start         the first instant accounted: the planned start
 * @param end           the end of the accounted time: the planned end, or the moment it was released
 * @param millis        milliseconds per state inside it; states not present were not seen
 * @param unknownMillis milliseconds the agent did not observe (not running, a clock step)
 * @param cycles        machine cycles counted inside it
 * @param parts         cycles times cavities, or {@code null} when the cavities are not configured
 * @param goodParts     good parts counted inside it from the machine's good parts counter, or {@code null}
 *                      where the machine reports none
 * @param badParts      bad parts likewise, from its bad parts counter
 * @param seen          per job signal ({@code jobName}, {@code mouldId}, {@code programName}), the values it
 *                      had inside the reserved time, in the order first seen
 * @param down          the reasons of the time spent {@code DOWN}, longest first
 */
public record DeliveryReport(Reservation reservation, ReservationStatus status, Instant start, Instant end,
        Map<MachineState, Long> millis, long unknownMillis, long cycles, Long parts, Long goodParts, Long badParts,
        Map<String, List<String>> seen, List<DownTime> down) {

    /** Time {@code DOWN} for one reason, as the state rules named it. */
    public record DownTime(String reason, long millis) {

        public DownTime {
            Objects.requireNonNull(reason, "reason");
        }
    }

    public DeliveryReport {
        Objects.requireNonNull(reservation, "reservation");
        Objects.requireNonNull(status, "status");
        if (status.isCurrent()) {
            throw new IllegalArgumentException("a report is made when a reservation ends, not while it is " + status);
        }
        EnumMap<MachineState, Long> copy = new EnumMap<>(MachineState.class);
        copy.putAll(millis);
        long sum = unknownMillis;
        for (long ms : copy.values()) {
            if (ms < 0) {
                throw new IllegalArgumentException("negative time in a report: " + copy);
            }
            sum += ms;
        }
        long length = Duration.between(start, end).toMillis();
        if (unknownMillis < 0 || sum != length) {
            throw new IllegalArgumentException("report of " + reservation.id() + " adds up to " + sum
                    + " ms, not the " + length + " ms from " + start + " to " + end);
        }
        millis = Collections.unmodifiableMap(copy);
        Map<String, List<String>> seenCopy = new LinkedHashMap<>();
        seen.forEach((signal, values) -> seenCopy.put(signal, List.copyOf(values)));
        seen = Collections.unmodifiableMap(seenCopy);
        down = List.copyOf(down);
    }

    public long millisIn(MachineState state) {
        return millis.getOrDefault(state, 0L);
    }
}
