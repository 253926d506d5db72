package io.edgeagent.agent.config;

import java.util.List;

/**
 * How a machine's signals give its state ({@code machines[i].state}). The rules are in the contract's
 * priority order (DOWN, MAINTENANCE, SETUP, RUNNING, IDLE) whatever the order in the file; the first
 * rule whose condition holds wins. When none holds, the machine counts as OFFLINE: a machine we cannot
 * classify is never offered as idle capacity.
 */
public record StateRules(List<StateRule> rules) {

    public StateRules {
        rules = List.copyOf(rules);
    }
}
