package io.edgeagent.agent.state;

import io.edgeagent.agent.config.MachineState;
import io.edgeagent.drivers.DriverHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Why a machine is in its state, at one moment: what a service engineer asks when a machine counts as idle
 * and should not.
 *
 * @param machineId     the machine
 * @param state         the state in force, or {@code null} before the first one
 * @param since         when it began, or {@code null}
 * @param reason        which rule or fault gave it, with the values that decided it, or {@code null}
 * @param health        the driver's last health report, or {@code null} before the first
 * @param values        the good values the rules see now, by signal
 * @param rules         every configured rule, in order, checked against those values now
 * @param decided       what the rules give now; differs from {@code state} while a change waits for the dwell
 * @param decidedReason why they give it
 * @param pending       the state waiting to have held for the dwell, or {@code null}
 * @param pendingSince  when it was first seen, or {@code null}
 * @param dwell         how long a new state must hold before it is taken
 */
public record StateExplanation(String machineId, MachineState state, Instant since, String reason,
        DriverHealth health, Map<String, Object> values, List<RuleCheck> rules, MachineState decided,
        String decidedReason, MachineState pending, Instant pendingSince, Duration dwell) {

    public StateExplanation {
        Objects.requireNonNull(machineId, "machineId");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        rules = List.copyOf(rules);
        Objects.requireNonNull(decided, "decided");
        Objects.requireNonNull(decidedReason, "decidedReason");
        Objects.requireNonNull(dwell, "dwell");
    }

    /**
     * One rule checked now.
     *
     * @param state  the state the rule gives
     * @param when   its condition as written, e.g. {@code machineMode in [3, 4]}
     * @param holds  whether it holds now (the first rule that holds decides, planned maintenance aside)
     * @param detail what it saw: the values that made it hold, or the value or count that did not (for an
     *               all or any, which parts did not hold and with what values)
     */
    public record RuleCheck(MachineState state, String when, boolean holds, String detail) {

        public RuleCheck {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(when, "when");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
