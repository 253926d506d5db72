package io.edgeagent.agent.capacity;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a reservation is still owed in the metering hours not closed yet: its accounted time, and what was made in
 * it since the last hour closed. Kept with the open hour, so a restart before an hour closes cannot drop the share of
 * a reservation that ended in it.
 *
 * @param reservationId the reservation
 * @param reference     the platform's own reference of it, or {@code null}
 * @param start         the first instant of its accounted time
 * @param end           up to where its time is accounted: the cursor of a running one, the report's end of an ended one
 * @param cycles        cycles counted for it since the last hour closed
 * @param goodParts     good parts counted for it since the last hour closed
 * @param badParts      bad parts likewise
 */
public record OwedShare(String reservationId, String reference, Instant start, Instant end, long cycles,
        long goodParts, long badParts) {

    public OwedShare {
        Objects.requireNonNull(reservationId, "reservationId");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (cycles < 0 || goodParts < 0 || badParts < 0) {
            throw new IllegalArgumentException("negative count owed to " + reservationId);
        }
    }

    /**
     * Its share of {@code hour}, the hour closing first: its time inside it, and all it has made since the last hour
     * closed, which the meter counted into that hour as well. Good and bad parts are {@code null} where the hour has
     * none (the machine never reported the counter). Empty when it has neither time nor anything made in the hour.
     */
    public Optional<ReservationShare> shareOf(MeterBucket hour, Integer cavities) {
        Instant s = start.isAfter(hour.start()) ? start : hour.start();
        Instant e = end.isBefore(hour.end()) ? end : hour.end();
        long ms = e.isAfter(s) ? Duration.between(s, e).toMillis() : 0;
        if (ms == 0 && cycles == 0 && goodParts == 0 && badParts == 0) {
            return Optional.empty();
        }
        return Optional.of(new ReservationShare(reservationId, reference, ms, cycles,
                cavities == null ? null : cycles * cavities, hour.goodParts() == null ? null : goodParts,
                hour.badParts() == null ? null : badParts));
    }

    /** What is still owed once an hour took {@link #shareOf its share}: the time after it, nothing made yet. */
    public OwedShare billed() {
        return new OwedShare(reservationId, reference, start, end, 0, 0, 0);
    }
}
