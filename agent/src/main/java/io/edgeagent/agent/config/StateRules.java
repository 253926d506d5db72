package io.edgeagent.agent.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a machine's signals give its state ({@code machines[i].state}). The rules are in the contract's
 * priority order (DOWN, MAINTENANCE, SETUP, RUNNING, IDLE) whatever the order in the file; the first
 * rule whose condition holds wins. When none holds, the machine counts as OFFLINE: a machine we cannot
 * classify is never offered as idle capacity.
 *
 * @param rules the rules, in priority order
 * @param dwell how long a new state must hold before it is taken ({@code state.dwellSeconds}), so a
 *              flickering signal does not make flickering states; default {@link #DEFAULT_DWELL}
 */
public record StateRules(List<StateRule> rules, Duration dwell) {

    public static final Duration DEFAULT_DWELL = Duration.ofSeconds(2);

    public StateRules {
        rules = List.copyOf(rules);
        Objects.requireNonNull(dwell, "dwell");
    }

    public StateRules(List<StateRule> rules) {
        this(rules, DEFAULT_DWELL);
    }
}
