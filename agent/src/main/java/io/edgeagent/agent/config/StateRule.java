package io.edgeagent.agent.config;

import java.util.Objects;

/** The machine is in {@code state} when {@code when} holds (and no rule before it matched). */
public record StateRule(MachineState state, Condition when) {

    public StateRule {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(when, "when");
        if (state == MachineState.OFFLINE && when instanceof Condition.Otherwise) {
            throw new IllegalArgumentException("an OFFLINE rule that always holds makes the machine always offline");
        }
    }
}
