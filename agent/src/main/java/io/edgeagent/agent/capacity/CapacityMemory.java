package io.edgeagent.agent.capacity;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What capacity remembers across restarts. The agent's implementation is an H2 file in the data dir;
 * every write returns once it is durable enough for its purpose (an accepted reservation: on the device).
 */
public interface CapacityMemory {

    List<Reservation> reservations();

    /** The status of every stored reservation that has moved on from {@code booked}; absent ones are booked. */
    Map<String, ReservationStatus> statuses();

    /** Stores a reservation's new status; returns once it is on the device. */
    void saveStatus(String reservationId, ReservationStatus status);

    /** The account of the reservation that was active on the machine, if any. */
    Optional<Delivery.Snapshot> delivery(String machineId);

    /** What reservations that ended on the machine are still owed in its metering hours not closed yet. */
    List<OwedShare> owed(String machineId);

    /** The answer already given to {@code requestId}, if any. */
    Optional<CommandAnswer> answer(String requestId);

    /** Records an answer and its effect (a reservation added or removed) atomically. */
    void record(CommandAnswer answer, Instant at);

    /** Forgets reservations that ended, and answers given, before {@code before}. */
    void prune(Instant before);

    Optional<MeterSnapshot> meter(String machineId);

    /**
     * Saves open metering hours, each in one transaction with its running reservation's account (removed when
     * {@code null}: it ended) and the shares owed to ended ones.
     */
    void saveOpenHours(List<OpenHour> hours);

    Optional<UsageProfile.Snapshot> profile(String machineId);

    void saveProfile(String machineId, UsageProfile.Snapshot profile);
}
