package io.edgeagent.agent.capacity;

import io.edgeagent.agent.config.MachineState;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link Meter} needs to carry its open bucket across a restart, made of plain values so the store
 * can keep it in one row. The times in {@code millis} plus {@code unknownMillis} are exactly the time from
 * the bucket's start to the cursor: a snapshot read back from disk that does not add up is refused, not
 * resumed into a bucket that would not.
 *
 * <p>The bucket's end is kept, not recomputed, so a changed time zone after the restart cannot make the
 * open bucket shorter than the time already accounted in it.
 *
 * @param machineId     the configured machine id
 * @param bucketStart   the open bucket's first instant
 * @param bucketEnd     the open bucket's end (exclusive)
 * @param cursor        up to when time has been accounted; in {@code [bucketStart, bucketEnd)}
 * @param millis        milliseconds per state accounted in the open bucket
 * @param unknownMillis milliseconds not observed in the open bucket
 * @param cycles        cycles counted in the open bucket
 * @param lastCounter   the machine's counter at its last reading, or {@code null} when there is no baseline
 * @param cycleSeconds  the measured cycle time, or {@code null} when none was measured yet
 * @param goodParts     good parts counted in the open bucket, or {@code null} when the machine never
 *                      reported a good parts counter (and in stores written before good parts were metered)
 * @param lastGoodCounter the good parts counter at its last reading, or {@code null} when there is no baseline
 * @param badParts      bad parts counted in the open bucket, or {@code null} as for {@code goodParts}
 * @param lastBadCounter the bad parts counter at its last reading, or {@code null} when there is no baseline
 */
public record MeterSnapshot(String machineId, Instant bucketStart, Instant bucketEnd, Instant cursor,
        Map<MachineState, Long> millis, long unknownMillis, long cycles, Long lastCounter, Double cycleSeconds,
        Long goodParts, Long lastGoodCounter, Long badParts, Long lastBadCounter) {

    /** The snapshot of a machine without good and bad parts counters. */
    public MeterSnapshot(String machineId, Instant bucketStart, Instant bucketEnd, Instant cursor,
            Map<MachineState, Long> millis, long unknownMillis, long cycles, Long lastCounter, Double cycleSeconds) {
        this(machineId, bucketStart, bucketEnd, cursor, millis, unknownMillis, cycles, lastCounter, cycleSeconds,
                null, null, null, null);
    }

    public MeterSnapshot {
        Objects.requireNonNull(machineId, "machineId");
        Objects.requireNonNull(bucketStart, "bucketStart");
        Objects.requireNonNull(bucketEnd, "bucketEnd");
        Objects.requireNonNull(cursor, "cursor");
        if (cursor.isBefore(bucketStart) || !cursor.isBefore(bucketEnd)) {
            throw new IllegalArgumentException("cursor " + cursor + " outside the open bucket " + bucketStart
                    + " .. " + bucketEnd);
        }
        EnumMap<MachineState, Long> copy = new EnumMap<>(MachineState.class);
        copy.putAll(millis);
        long sum = unknownMillis;
        for (long ms : copy.values()) {
            if (ms < 0) {
                throw new IllegalArgumentException("negative time in a snapshot: " + copy);
            }
            sum += ms;
        }
        if (unknownMillis < 0 || cycles < 0 || (goodParts != null && goodParts < 0)
                || (badParts != null && badParts < 0)) {
            throw new IllegalArgumentException("negative unknown time, cycles or parts in a snapshot of " + machineId);
        }
        long accounted = Duration.between(bucketStart, cursor).toMillis();
        if (sum != accounted) {
            throw new IllegalArgumentException("snapshot of " + machineId + " adds up to " + sum
                    + " ms, not the " + accounted + " ms from its bucket's start to its cursor");
        }
        millis = Collections.unmodifiableMap(copy);
    }
}
