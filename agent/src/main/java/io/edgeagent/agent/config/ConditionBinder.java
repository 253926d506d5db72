package io.edgeagent.agent.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Binds the condition of one state rule. Its keys decide its form: {@code signal} with exactly one
 * comparison ({@code eq}, {@code ne}, {@code gt}, {@code ge}, {@code lt}, {@code le}, {@code in}),
 * {@code counting} with an optional {@code withinSeconds} or {@code cycleTime}, {@code all} or {@code any}
 * with a list of conditions, or {@code otherwise: true} alone (never inside all or any).
 */
final class ConditionBinder {

    private static final List<String> KEYS = List.of("signal", "eq", "ne", "gt", "ge", "lt", "le", "in",
            "counting", "withinSeconds", "cycleTime", "alarm", "all", "any", "otherwise");
    private static final List<String> COMPARISONS = List.of("eq", "ne", "gt", "ge", "lt", "le", "in");
    private static final Set<String> COMPARISON_KEYS = Set.of("signal", "eq", "ne", "gt", "ge", "lt", "le", "in");
    private static final String FORMS = "{ signal: <name>, eq: <value> } (or ne, gt, ge, lt, le, in),"
            + " { counting: <signal> } (optionally withinSeconds: <seconds> or cycleTime: <signal>),"
            + " { alarm: { minSeverity: <1..1000> } }, { all: [ <conditions> ] }, { any: [ <conditions> ] } or"
            + " { otherwise: true }";

    // A window longer than a day would still call a machine that stopped on Friday evening running on Saturday,
    // and offer none of its idle weekend; 1e300 passed and kept a machine running for ever after one count.
    private static final double MAX_WINDOW_SECONDS = 86_400;

    private ConditionBinder() {
    }

    /** {@code kinds}: the signals' kinds known from the config, which a comparison's values must match. */
    static Optional<Condition> bind(YamlValue value, List<String> signals, SignalKinds kinds) {
        return bind(value, signals, kinds, null);
    }

    /** {@code inside} is the key of the list ({@code all} or {@code any}) the condition is an item of, or null. */
    private static Optional<Condition> bind(YamlValue value, List<String> signals, SignalKinds kinds, String inside) {
        return value.map(KEYS.toArray(String[]::new)).flatMap(map -> {
            if (map.has("otherwise")) {
                if (!onlyKeys(map, "an otherwise", Set.of("otherwise"))) {
                    return Optional.empty();
                }
                return inside == null ? otherwise(map) : otherwiseInside(value, inside);
            }
            if (map.has("all") || map.has("any")) {
                String key = map.has("all") ? "all" : "any";
                return onlyKeys(map, "an " + key, Set.of(key)) ? composed(map, key, signals, kinds) : Optional.empty();
            }
            if (map.has("alarm")) {
                return onlyKeys(map, "an alarm", Set.of("alarm")) ? alarm(map) : Optional.empty();
            }
            if (map.has("counting")) {
                return onlyKeys(map, "a counting", Set.of("counting", "withinSeconds", "cycleTime"))
                        ? counting(map, signals, kinds) : Optional.empty();
            }
            if (map.has("signal")) {
                return onlyKeys(map, "a comparison", COMPARISON_KEYS) ? comparison(map, signals, kinds) : Optional.empty();
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

    // Always holding, it would add nothing to an all and make an any always hold.
    private static Optional<Condition> otherwiseInside(YamlValue item, String inside) {
        item.problem(item.path() + " has otherwise, which does not belong inside " + inside + ": "
                + (inside.equals("all") ? "it always holds, so it adds nothing; remove it"
                        : "it always holds, so the any would too; remove it, or make the whole rule { otherwise: true }"));
        return Optional.empty();
    }

    private static Optional<Condition> composed(YamlMap map, String key, List<String> signals, SignalKinds kinds) {
        return map.get(key).orElseThrow()
                .nonEmptyListOf("condition, e.g. " + key + ": [ { signal: machineMode, eq: 1 },"
                        + " { signal: productionStatus, eq: 4 } ]", item -> bind(item, signals, kinds, key))
                .map(parts -> key.equals("all") ? new Condition.All(parts) : new Condition.Any(parts));
    }

    private static Optional<Condition> alarm(YamlMap map) {
        return map.get("alarm").orElseThrow().map("minSeverity").flatMap(alarm -> {
            if (!alarm.has("minSeverity")) {
                return Optional.of(new Condition.ActiveAlarm(1));
            }
            return alarm.get("minSeverity").orElseThrow().wholeInt(1, 1000, "severity")
                    .map(Condition.ActiveAlarm::new);
        });
    }

    private static Optional<Condition> counting(YamlMap map, List<String> signals, SignalKinds kinds) {
        Problems problems = map.context().problems();
        int before = problems.count();
        Optional<String> signal = map.get("counting").flatMap(v -> SignalReference.read(v, signals)
                .filter(name -> kinds.isNumberFor(v, "counting", name)));
        Optional<Double> seconds = map.get("withinSeconds").flatMap(v -> v.number(0, true, MAX_WINDOW_SECONDS, "seconds"));
        Optional<String> cycleTime = map.get("cycleTime").flatMap(v -> SignalReference.read(v, signals)
                .filter(name -> kinds.isNumberFor(v, "cycleTime", name)));
        if (map.has("withinSeconds") && map.has("cycleTime")) {
            problems.at(map.keyNode("cycleTime"), map.path() + " has both withinSeconds and cycleTime: keep one;"
                    + " withinSeconds is a fixed window, cycleTime names the signal whose value in seconds makes"
                    + " the window " + Condition.Counting.CYCLES + " cycle times");
        }
        return problems.ifNoneSince(before, () -> new Condition.Counting(signal.orElseThrow(),
                seconds.map(s -> Duration.ofMillis(Math.round(s * 1000))).orElse(null), cycleTime.orElse(null)));
    }

    private static Optional<Condition> comparison(YamlMap map, List<String> signals, SignalKinds kinds) {
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
            Optional<List<Object>> values = operand.nonEmptyListOf("value to compare with", item -> item.scalar()
                    .filter(v -> signal.isEmpty() || kinds.fits(item, signal.get(), null, v)));
            return problems.ifNoneSince(before, () -> new Condition.In(signal.orElseThrow(), values.orElseThrow()));
        }
        Condition.Op op = Arrays.stream(Condition.Op.values()).filter(o -> o.key().equals(key)).findFirst()
                .orElseThrow();
        Optional<Object> value = operand.scalar().filter(v -> isComparable(operand, op, v))
                .filter(v -> signal.isEmpty() || kinds.fits(operand, signal.get(), op, v));
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
