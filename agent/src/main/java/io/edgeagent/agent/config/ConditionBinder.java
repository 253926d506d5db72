package io.edgeagent.agent.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Binds the condition of one state rule. Its keys decide its form: {@code signal} with exactly one
 * comparison ({@code eq}, {@code ne}, {@code gt}, {@code ge}, {@code lt}, {@code le}, {@code in}),
 * {@code counting} with an optional {@code withinSeconds}, or {@code otherwise: true} alone.
 */
final class ConditionBinder {

    private static final List<String> KEYS = List.of("signal", "eq", "ne", "gt", "ge", "lt", "le", "in",
            "counting", "withinSeconds", "otherwise");
    private static final List<String> COMPARISONS = List.of("eq", "ne", "gt", "ge", "lt", "le", "in");
    private static final Set<String> COMPARISON_KEYS = Set.of("signal", "eq", "ne", "gt", "ge", "lt", "le", "in");
    private static final String FORMS = "{ signal: <name>, eq: <value> } (or ne, gt, ge, lt, le, in),"
            + " { counting: <signal> } (optionally withinSeconds: <seconds>) or { otherwise: true }";

    private ConditionBinder() {
    }

    static Optional<Condition> bind(YamlValue value, List<String> signals) {
        return value.map(KEYS.toArray(String[]::new)).flatMap(map -> {
            if (map.has("otherwise")) {
                return onlyKeys(map, "an otherwise", Set.of("otherwise")) ? otherwise(map) : Optional.empty();
            }
            if (map.has("counting")) {
                return onlyKeys(map, "a counting", Set.of("counting", "withinSeconds"))
                        ? counting(map, signals) : Optional.empty();
            }
            if (map.has("signal")) {
                return onlyKeys(map, "a comparison", COMPARISON_KEYS) ? comparison(map, signals) : Optional.empty();
            }
            map.problem(map.path() + " has no condition: write " + FORMS);
            return Optional.empty();
        });
    }

    /** Reports every key that does not belong to this form of condition. */
    private static boolean onlyKeys(YamlMap map, String form, Set<String> allowed) {
        Problems problems = map.context().problems();
        int before = problems.count();
        KEYS.stream().filter(key -> map.has(key) && !allowed.contains(key)).forEach(key -> problems.at(
                map.keyNode(key), "'" + key + "' does not belong in " + form + " rule under " + map.path()
                        + ": remove it; a rule is one of " + FORMS));
        return !problems.addedSince(before);
    }

    private static Optional<Condition> otherwise(YamlMap map) {
        YamlValue value = map.get("otherwise").orElseThrow();
        return value.bool().filter(always -> {
            if (!always) {
                value.problem(value.path() + " is false, so the rule never applies: write otherwise: true or remove"
                        + " the rule");
            }
            return always;
        }).map(always -> new Condition.Otherwise());
    }

    private static Optional<Condition> counting(YamlMap map, List<String> signals) {
        Problems problems = map.context().problems();
        int before = problems.count();
        Optional<String> signal = map.get("counting").flatMap(v -> SignalReference.read(v, signals));
        Optional<Double> seconds = map.get("withinSeconds").flatMap(v -> v.number(0, true, "seconds"));
        return problems.ifNoneSince(before, () -> new Condition.Counting(signal.orElseThrow(),
                seconds.map(s -> Duration.ofMillis(Math.round(s * 1000))).orElse(null)));
    }

    private static Optional<Condition> comparison(YamlMap map, List<String> signals) {
        Problems problems = map.context().problems();
        int before = problems.count();
        Optional<String> signal = map.get("signal").flatMap(v -> SignalReference.read(v, signals));
        List<String> written = COMPARISONS.stream().filter(map::has).toList();
        if (written.isEmpty()) {
            map.problem(map.path() + " compares signal with nothing: add one of " + String.join(", ", COMPARISONS)
                    + ", e.g. eq: 1");
            return Optional.empty();
        }
        if (written.size() > 1) {
            problems.at(map.keyNode(written.get(1)), map.path() + " has both " + written.get(0) + " and "
                    + written.get(1) + ": keep exactly one comparison");
            return Optional.empty();
        }
        String key = written.get(0);
        YamlValue operand = map.get(key).orElseThrow();
        if (key.equals("in")) {
            Optional<List<Object>> values = operand.nonEmptyListOf("value to compare with", YamlValue::scalar);
            return problems.ifNoneSince(before, () -> new Condition.In(signal.orElseThrow(), values.orElseThrow()));
        }
        Condition.Op op = Arrays.stream(Condition.Op.values()).filter(o -> o.key().equals(key)).findFirst()
                .orElseThrow();
        Optional<Object> value = operand.scalar().filter(v -> isComparable(operand, op, v));
        return problems.ifNoneSince(before, () -> new Condition.Compare(signal.orElseThrow(), op, value.orElseThrow()));
    }

    private static boolean isComparable(YamlValue operand, Condition.Op op, Object value) {
        if (op.ordering() && !(value instanceof Number)) {
            operand.problem(operand.path() + " must be a number: " + op.key() + " compares by size, e.g. "
                    + op.key() + ": 100");
            return false;
        }
        return true;
    }
}
