package io.edgeagent.agent.capacity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What capacity remembers across restarts. The agent's implementation is an H2 file in the data dir;
 * every write returns once it is durable enough for its purpose (an accepted reservation: on the device).
 */
public interface CapacityMemory {

    List<Reservation> reservations();

    /** The answer already given to {@code requestId}, if any. */
    Optional<CommandAnswer> answer(String requestId);

    /** Records an answer and its effect (a reservation added or removed) atomically. */
    void record(CommandAnswer answer, Instant at);

    /** Forgets reservations that ended, and answers given, before {@code before}. */
    void prune(Instant before);

    Optional<MeterSnapshot> meter(String machineId);

    void saveMeters(List<MeterSnapshot> snapshots);

    Optional<UsageProfile.Snapshot> profile(String machineId);

    void saveProfile(String machineId, UsageProfile.Snapshot profile);
}
