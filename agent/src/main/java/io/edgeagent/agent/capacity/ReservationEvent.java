package io.edgeagent.agent.capacity;

import java.util.Objects;

/**
 * One change of a reservation: it moved to {@code status} ({@code event} is the status's name), or, with
 * {@code event} {@value #AT_RISK}, its machine became unable to deliver ({@code atRisk} true) or able again.
 *
 * @param event       the status reached, or {@value #AT_RISK}
 * @param reservation the reservation
 * @param status      its status after the change
 * @param atRisk      whether it is at risk after the change
 * @param reason      what caused the change, for a person
 */
public record ReservationEvent(String event, Reservation reservation, ReservationStatus status, boolean atRisk,
        String reason) {

    public static final String AT_RISK = "at_risk";

    public ReservationEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(reservation, "reservation");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
    }

    static ReservationEvent moved(Reservation r, ReservationStatus status, boolean atRisk, String reason) {
        return new ReservationEvent(status.wire(), r, status, atRisk, reason);
    }
}
