package io.edgeagent.agent.config;

import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a machine's signals give its state ({@code machines[i].state}). The rules are in the contract's
 * priority order (OFFLINE, DOWN, MAINTENANCE, SETUP, RUNNING, IDLE) whatever the order they are given in;
 * the first rule whose condition holds wins. When none holds, the machine counts as OFFLINE: a machine we
 * cannot classify is never offered as idle capacity.
 *
 * @param rules the rules, at most one per state; kept in priority order
 * @param dwell how long a new state must hold before it is taken ({@code state.dwellSeconds}), so a
 *              flickering signal does not make flickering states; default {@link #DEFAULT_DWELL}
 */
public record StateRules(List<StateRule> rules, Duration dwell) {

    public static final Duration DEFAULT_DWELL = Duration.ofSeconds(2);

    public StateRules {
        rules = rules.stream().sorted(Comparator.comparing(StateRule::state)).toList();
        for (int i = 1; i < rules.size(); i++) {
            if (rules.get(i).state() == rules.get(i - 1).state()) {
                throw new IllegalArgumentException("two rules for " + rules.get(i).state() + ": a state has one rule");
            }
        }
        Objects.requireNonNull(dwell, "dwell");
    }

    public StateRules(List<StateRule> rules) {
        this(rules, DEFAULT_DWELL);
    }

    /**
     * These rules (a profile's defaults, say) with {@code fileRules} written over them: per state, the rule
     * of {@code fileRules} replaces this one's, and the states it has no rule for keep theirs. The dwell is
     * that of {@code fileRules}, the technician's {@code state.dwellSeconds} (its default when not written).
     */
    public StateRules overriddenBy(StateRules fileRules) {
        Map<MachineState, StateRule> byState = new EnumMap<>(MachineState.class);
        rules.forEach(rule -> byState.put(rule.state(), rule));
        fileRules.rules().forEach(rule -> byState.put(rule.state(), rule));
        return new StateRules(List.copyOf(byState.values()), fileRules.dwell());
    }
}
