package io.edgeagent.agent.capacity;

import io.edgeagent.agent.config.MachineState;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One closed hour of one machine's metering, in the agent's time zone: how the hour was spent, and what
 * was made in it. The milliseconds of all states plus {@code unknownMillis} are exactly the bucket's
 * length, always: time the agent did not observe (not running, a clock step) is unknown, never invented.
 *
 * @param machineId     the configured machine id
 * @param start         the local hour's first instant
 * @param end           the next local hour's first instant
 * @param millis        milliseconds per state; states not present were not seen
 * @param unknownMillis milliseconds not observed
 * @param cycles        machine cycles counted in the hour (increments of the machine's counter signal)
 * @param parts         cycles times cavities, or {@code null} when the cavities are not configured
 * @param goodParts     advance of the machine's good parts counter in the hour, or {@code null} when the
 *                      machine never reported one
 * @param badParts      advance of the machine's bad parts counter in the hour, or {@code null} likewise
 * @param reservations  the reservations active in the hour, with their share of it; empty when none was
 */
public record MeterBucket(String machineId, Instant start, Instant end, Map<MachineState, Long> millis,
        long unknownMillis, long cycles, Long parts, Long goodParts, Long badParts,
        List<ReservationShare> reservations) {

    /** An hour in which no reservation was active, as the {@link Meter} closes it. */
    public MeterBucket(String machineId, Instant start, Instant end, Map<MachineState, Long> millis,
            long unknownMillis, long cycles, Long parts, Long goodParts, Long badParts) {
        this(machineId, start, end, millis, unknownMillis, cycles, parts, goodParts, badParts, List.of());
    }

    /** An hour of a machine without good and bad parts counters, in which no reservation was active. */
    public MeterBucket(String machineId, Instant start, Instant end, Map<MachineState, Long> millis,
            long unknownMillis, long cycles, Long parts) {
        this(machineId, start, end, millis, unknownMillis, cycles, parts, null, null);
    }

    public MeterBucket {
        Objects.requireNonNull(machineId, "machineId");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        EnumMap<MachineState, Long> copy = new EnumMap<>(MachineState.class);
        copy.putAll(millis);
        long sum = unknownMillis;
        for (long ms : copy.values()) {
            if (ms < 0) {
                throw new IllegalArgumentException("negative time in a bucket: " + copy);
            }
            sum += ms;
        }
        if (unknownMillis < 0 || cycles < 0 || (parts != null && parts < 0)
                || (goodParts != null && goodParts < 0) || (badParts != null && badParts < 0)) {
            throw new IllegalArgumentException("negative unknown time, cycles or parts");
        }
        if (sum != Duration.between(start, end).toMillis()) {
            throw new IllegalArgumentException("bucket " + start + " of " + machineId + " adds up to " + sum
                    + " ms, not its length " + Duration.between(start, end).toMillis() + " ms");
        }
        millis = Collections.unmodifiableMap(copy);
        reservations = List.copyOf(reservations);
        long shared = 0;
        for (ReservationShare share : reservations) {
            shared += share.millis();
        }
        if (shared > sum) {
            throw new IllegalArgumentException("reservations share " + shared + " ms of the " + sum + " ms hour "
                    + start + " of " + machineId + ": they overlap");
        }
    }

    /** The same hour with the reservations that were active in it. */
    public MeterBucket withReservations(List<ReservationShare> shares) {
        return new MeterBucket(machineId, start, end, millis, unknownMillis, cycles, parts, goodParts, badParts, shares);
    }

    public Duration length() {
        return Duration.between(start, end);
    }

    public long millisIn(MachineState state) {
        return millis.getOrDefault(state, 0L);
    }
}
