package io.edgeagent.agent.state;

import io.edgeagent.agent.config.MachineState;
import java.time.Instant;
import java.util.Objects;

/**
 * A machine entered a new state.
 *
 * @param machineId the configured machine id
 * @param state     the new state
 * @param since     when the machine really entered it (the first observation, before the dwell time)
 * @param previous  the state it left, or {@code null} for the first state after start
 * @param reason    which rule or fault gave the state, with the values that decided it
 */
public record StateChange(String machineId, MachineState state, Instant since, MachineState previous, String reason) {

    public StateChange {
        Objects.requireNonNull(machineId, "machineId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(reason, "reason");
    }
}
