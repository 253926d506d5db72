package io.edgeagent.agent.capacity;

import java.util.Objects;

/**
 * The part of one metering hour that belonged to one reservation, so an hour can be billed to several buyers.
 *
 * @param reservationId the reservation
 * @param reference     the platform's own reference of it, or {@code null}
 * @param millis        milliseconds of the hour inside the reservation's accounted time
 * @param cycles        cycles counted in the hour while the reservation was active
 * @param parts         cycles times cavities, or {@code null} when the cavities are not configured
 * @param goodParts     good parts counted in the hour while it was active, or {@code null} when the hour has none
 *                      (the machine never reported a good parts counter)
 * @param badParts      bad parts likewise
 */
public record ReservationShare(String reservationId, String reference, long millis, long cycles, Long parts,
        Long goodParts, Long badParts) {

    public ReservationShare {
        Objects.requireNonNull(reservationId, "reservationId");
        if (millis < 0 || cycles < 0 || (parts != null && parts < 0) || (goodParts != null && goodParts < 0)
                || (badParts != null && badParts < 0)) {
            throw new IllegalArgumentException("negative share of an hour for " + reservationId);
        }
    }
}
