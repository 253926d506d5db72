package io.edgeagent.agent.capacity;

import io.edgeagent.agent.config.MachineState;
import java.util.List;
import java.util.Objects;

/**
 * What one machine offers right now: the retained {@code capacity} message.
 *
 * @param machineId    the machine
 * @param state        its state in force, or {@code null} before the first one is known
 * @param open         the open live idle window, or {@code null}
 * @param windows      the forecast windows, sorted by start; empty while the machine is down or offline
 * @param reservations its reservations that have not ended, sorted by start
 */
public record CapacityPicture(String machineId, MachineState state, LiveWindow open, List<ForecastWindow> windows,
        List<Reservation> reservations) {

    public CapacityPicture {
        Objects.requireNonNull(machineId, "machineId");
        windows = List.copyOf(windows);
        reservations = List.copyOf(reservations);
    }
}
