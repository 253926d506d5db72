package io.edgeagent.agent.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Binds {@code state:}: one condition per state, kept in the contract's priority order (OFFLINE, DOWN,
 * MAINTENANCE, SETUP, RUNNING, IDLE) whatever the order in the file, because the first matching rule wins.
 * Signal names are checked against the list the caller gives: the machine's own signals, and any a
 * profile adds.
 */
final class StateRulesBinder {

    static final List<String> STATES = List.of("offline", "down", "maintenance", "setup", "running", "idle");
    private static final String DWELL = "dwellSeconds";
    private static final double MAX_DWELL_SECONDS = 600;

    private StateRulesBinder() {
    }

    static Optional<StateRules> bind(YamlValue value, List<String> signals) {
        return bind(value, signals, SignalKinds.none());
    }

    /** {@code kinds}: the signals' kinds known from the config, which the rules' values must match. */
    static Optional<StateRules> bind(YamlValue value, List<String> signals, SignalKinds kinds) {
        List<String> keys = new ArrayList<>(STATES);
        keys.add(DWELL);
        return value.map(keys.toArray(String[]::new)).flatMap(map -> bind(map, signals, kinds));
    }

    private static Optional<StateRules> bind(YamlMap map, List<String> signals, SignalKinds kinds) {
        Problems problems = map.context().problems();
        int before = problems.count();
        List<String> written = STATES.stream().filter(map::has).toList();
        // Only dwellSeconds, or nothing: a mistyped state name is reported on its own, with a suggestion.
        if (written.isEmpty() && map.node().getValue().size() == (map.has(DWELL) ? 1 : 0)) {
            map.problem(map.path() + " has no rules: add at least one of " + String.join(", ", STATES)
                    + ", e.g. running: { signal: execution, eq: 1 }");
        }
        List<StateRule> rules = new ArrayList<>();
        for (String state : written) {
            YamlValue value = map.get(state).orElseThrow();
            ConditionBinder.bind(value, signals, kinds).filter(condition -> !alwaysOffline(value, state, condition))
                    .ifPresent(condition -> rules.add(new StateRule(toState(state), condition)));
        }
        rules.stream().filter(rule -> rule.when() instanceof Condition.Otherwise).findFirst()
                .ifPresent(catchAll -> reportShadowed(map, catchAll, written));
        Optional<Double> dwell = map.read(DWELL, StateRulesBinder::dwell, (double) StateRules.DEFAULT_DWELL.toSeconds());
        return problems.ifNoneSince(before, () -> new StateRules(rules,
                Duration.ofMillis(Math.round(dwell.orElseThrow() * 1000))));
    }

    private static boolean alwaysOffline(YamlValue value, String state, Condition condition) {
        if (state.equals("offline") && condition instanceof Condition.Otherwise) {
            value.problem(value.path() + " has otherwise: true, so the machine would always be OFFLINE: write when"
                    + " the machine is not there, e.g. offline: { signal: isPresent, eq: false }");
            return true;
        }
        return false;
    }

    // A rule that always holds hides every rule of lower priority: they could never apply.
    private static void reportShadowed(YamlMap map, StateRule catchAll, List<String> written) {
        String key = catchAll.state().name().toLowerCase(Locale.ROOT);
        List<String> hidden = written.subList(written.indexOf(key) + 1, written.size());
        if (!hidden.isEmpty()) {
            map.get(key).orElseThrow().problem(map.child(key) + " has otherwise: true, so "
                    + String.join(" and ", hidden) + " can never apply: put otherwise: true only on the last"
                    + " state in the order " + String.join(", ", STATES));
        }
    }

    private static Optional<Double> dwell(YamlValue value) {
        return value.number(0, false, "seconds").flatMap(seconds -> {
            if (seconds > MAX_DWELL_SECONDS) {
                value.problem(value.path() + " is " + Scalars.plainNumber(seconds) + " s: a state would be published"
                        + " that long after it began; use at most " + Scalars.plainNumber(MAX_DWELL_SECONDS)
                        + " (a few seconds is usual)");
                return Optional.empty();
            }
            return Optional.of(seconds);
        });
    }

    private static MachineState toState(String key) {
        return MachineState.valueOf(key.toUpperCase(Locale.ROOT));
    }
}
