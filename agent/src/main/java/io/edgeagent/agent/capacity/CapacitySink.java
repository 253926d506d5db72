package io.edgeagent.agent.capacity;

import java.util.List;

/** Where the capacity side hands what it publishes; called on the thread that drives the engine. */
public interface CapacitySink {

    /** The machine's current offer changed: retained, replaces the previous picture. */
    void capacity(CapacityPicture picture);

    /** A live idle window closed: measured idle capacity. */
    void windowClosed(LiveWindow window);

    /** An hour of metering closed. */
    void metered(MeterBucket bucket);

    /** The machine's current (booked and active) reservations changed: retained, replaces the previous list. */
    void reservations(String machineId, List<CurrentReservation> current);

    /** A reservation changed status, or became at risk or safe again. */
    void reservationChanged(ReservationEvent event);

    /** A reservation ended (or was released while it ran): what it delivered. */
    void delivered(DeliveryReport report);
}
