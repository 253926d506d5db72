package io.edgeagent.agent.ingest;

import io.edgeagent.agent.config.MachineState;
import io.edgeagent.drivers.DriverHealth;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What ingest knows of one machine at one moment, for the service engineer's tools.
 *
 * @param machineId   the machine
 * @param state       the state in force, or {@code null} before the first one
 * @param since       when it began, or {@code null}
 * @param reason      which rule or fault gave it, or {@code null}
 * @param health      the driver's last health report, or {@code null} before the first
 * @param lastReading when the newest reading of any signal arrived, or {@code null} if none has
 * @param readings    readings of the machine ingest has taken since the agent started (dropped ones not counted)
 * @param signals     the latest reading of each signal that has reported, in arrival order of their first reading
 */
public record MachineSnapshot(String machineId, MachineState state, Instant since, String reason,
        DriverHealth health, Instant lastReading, long readings, List<LastReading> signals) {

    public MachineSnapshot {
        Objects.requireNonNull(machineId, "machineId");
        signals = List.copyOf(signals);
    }
}
