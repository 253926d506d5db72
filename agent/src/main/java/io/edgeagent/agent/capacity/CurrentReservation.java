package io.edgeagent.agent.capacity;

import java.util.Objects;

/**
 * A reservation that has not ended, with where it is: one entry of the retained {@code reservations} list.
 *
 * @param reservation the reservation
 * @param status      booked or active
 * @param atRisk      the machine is down, offline or in maintenance while the reservation is active
 */
public record CurrentReservation(Reservation reservation, ReservationStatus status, boolean atRisk) {

    public CurrentReservation {
        Objects.requireNonNull(reservation, "reservation");
        Objects.requireNonNull(status, "status");
    }
}
