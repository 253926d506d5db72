package io.edgeagent.agent.state;

import io.edgeagent.agent.config.Condition;
import io.edgeagent.agent.config.SignalKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A state rule's condition checked against a machine's signals at one moment, in words a service engineer
 * reads in a state's reason and in {@code edge-agent why}: the rule as written ({@link #describe}), and
 * the values that made it hold or, when it does not, what it saw instead and which part failed.
 */
final class ConditionCheck {

    private ConditionCheck() {
    }

    /**
     * Whether a condition holds now.
     *
     * @param holds  whether it holds
     * @param detail when it holds, the rule with the values that made it hold
     *               ({@code machineMode eq 1 (machineMode=1)}); when not, what it saw ({@code machineMode=0})
     */
    record Verdict(boolean holds, String detail) {
    }

    /**
     * A signal's value that a comparison could not compare with its rule's value (text with a number): the
     * comparison does not hold, and the machine's tracker tells someone.
     *
     * @param signal the signal
     * @param value  its value
     * @param rule   the comparison as written, e.g. {@code standstillReason ne 0}
     */
    record Incomparable(String signal, Object value, String rule) {
    }

    /** The condition as written, e.g. {@code machineMode eq 1 and counting cycleCounter within 3 cycle times}. */
    static String describe(Condition condition) {
        if (condition instanceof Condition.Compare c) {
            return c.signal() + " " + c.op().key() + " " + c.value();
        }
        if (condition instanceof Condition.In c) {
            return c.signal() + " in " + c.values();
        }
        if (condition instanceof Condition.Counting c) {
            return "counting " + c.signal() + " within " + (c.within() != null ? seconds(c.within()) + " s"
                    : Condition.Counting.CYCLES + " cycle times" + (c.cycleTime() == null ? "" : " of " + c.cycleTime()));
        }
        if (condition instanceof Condition.ActiveAlarm c) {
            return "alarm of severity " + c.minSeverity() + " or more";
        }
        if (condition instanceof Condition.All c) {
            return c.conditions().stream().map(ConditionCheck::part).collect(Collectors.joining(" and "));
        }
        if (condition instanceof Condition.Any c) {
            return c.conditions().stream().map(ConditionCheck::part).collect(Collectors.joining(" or "));
        }
        return "otherwise";
    }

    /**
     * Checks {@code condition} against the signals at {@code now}; a signal without a good value makes a comparison
     * fail, and so does one whose value is of another kind than the rule's, which also goes to {@code incomparable}.
     */
    static Verdict check(Condition condition, SignalHistory signals, long nanos, Consumer<Incomparable> incomparable) {
        if (condition instanceof Condition.Compare c) {
            Object v = signals.value(c.signal());
            if (v != null && !Values.comparable(v, c.value())) {
                return incomparable(c, c.signal(), v, incomparable);
            }
            return compared(c, c.signal(), v, v != null && Values.compare(v, c.op(), c.value()));
        }
        if (condition instanceof Condition.In c) {
            Object v = signals.value(c.signal());
            if (v != null && c.values().stream().noneMatch(x -> Values.comparable(v, x))) {
                return incomparable(c, c.signal(), v, incomparable);
            }
            return compared(c, c.signal(), v, v != null && c.values().stream().anyMatch(x -> Values.same(v, x)));
        }
        if (condition instanceof Condition.Counting c) {
            return counting(c, signals, nanos);
        }
        if (condition instanceof Condition.ActiveAlarm c) {
            return alarm(c, signals.alarms());
        }
        if (condition instanceof Condition.All c) {
            return all(c, signals, nanos, incomparable);
        }
        if (condition instanceof Condition.Any c) {
            return any(c, signals, nanos, incomparable);
        }
        return new Verdict(true, "otherwise");
    }

    /**
     * The first monotonic time after {@code nanos} at which {@code condition} may stop holding, or start, with no new
     * reading: a counting window that ends; {@link Long#MAX_VALUE} when only a new value can change it.
     */
    static long changesAt(Condition condition, SignalHistory signals, long nanos) {
        if (condition instanceof Condition.Compare || condition instanceof Condition.In
                || condition instanceof Condition.Otherwise) {
            return Long.MAX_VALUE;
        }
        if (condition instanceof Condition.Counting c) {
            Duration window = signals.window(c).length();
            Long changed = signals.lastChange(c.signal());
            return window == null || changed == null ? Long.MAX_VALUE
                    : MachineStateTracker.after(changed + window.toNanos(), nanos);
        }
        if (condition instanceof Condition.All c) {
            return earliest(c.conditions(), signals, nanos);
        }
        if (condition instanceof Condition.Any c) {
            return earliest(c.conditions(), signals, nanos);
        }
        // A form of condition this does not know may depend on time: checked again at the next chance.
        return nanos + 1;
    }

    private static long earliest(List<Condition> parts, SignalHistory signals, long nanos) {
        long first = Long.MAX_VALUE;
        for (Condition part : parts) {
            first = Math.min(first, changesAt(part, signals, nanos));
        }
        return first;
    }

    // Never silently true: "text ne 0" would hold for every text and decide a state from nothing.
    private static Verdict incomparable(Condition condition, String signal, Object value,
                                        Consumer<Incomparable> incomparable) {
        incomparable.accept(new Incomparable(signal, value, describe(condition)));
        return new Verdict(false, signal + "=" + value + " is " + kind(value) + ", which the rule cannot compare");
    }

    /** For a person: the kind of a signal's value, {@code text} or {@code a number}. */
    static String kind(Object value) {
        return SignalKind.of(value).map(SignalKind::noun).orElse(value.getClass().getSimpleName());
    }

    private static Verdict compared(Condition condition, String signal, Object value, boolean holds) {
        return holds ? new Verdict(true, describe(condition) + " (" + signal + "=" + value + ")")
                : new Verdict(false, value == null ? "no good value of " + signal : signal + "=" + value);
    }

    // Measured on the monotonic clock: a wall clock stepped back must not keep a stopped counter counting.
    private static Verdict counting(Condition.Counting c, SignalHistory signals, long nanos) {
        SignalHistory.CountingWindow window = signals.window(c);
        Long changed = signals.lastChange(c.signal());
        Duration ago = changed == null ? null : Duration.ofNanos(nanos - changed);
        String basis = window.basis().isEmpty() ? "" : ", " + window.basis();
        if (ago != null && window.length() != null && ago.compareTo(window.length()) <= 0) {
            return new Verdict(true, c.signal() + " counting (advanced within the last " + seconds(window.length())
                    + " s" + basis + ")");
        }
        String windowText = window.length() == null ? window.basis() : "window " + seconds(window.length()) + " s" + basis;
        return new Verdict(false, ago == null
                ? c.signal() + " has not advanced since the driver connected (" + windowText + ")"
                : c.signal() + " last advanced " + seconds(ago) + " s ago (" + windowText + ")");
    }

    // The reason names the machine's own words for it: a person reads "spindle overload", not a code.
    private static Verdict alarm(Condition.ActiveAlarm c, AlarmBoard alarms) {
        return alarms.mostSevere(c.minSeverity())
                .map(a -> new Verdict(true, "alarm: " + a.message() + " (severity " + a.severity()
                        + (a.source().isEmpty() ? "" : ", " + a.source()) + ")"))
                .orElseGet(() -> new Verdict(false, alarms.active().isEmpty() ? "no active alarm"
                        : "no active alarm of severity " + c.minSeverity() + " or more (" + alarms.active().size()
                        + " below)"));
    }

    // Every part is checked, not only up to the first that fails, so a person sees all that is missing at once.
    private static Verdict all(Condition.All all, SignalHistory signals, long nanos,
                               Consumer<Incomparable> incomparable) {
        List<String> held = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (Condition part : all.conditions()) {
            Verdict verdict = check(part, signals, nanos, incomparable);
            if (verdict.holds()) {
                held.add(verdict.detail());
            } else {
                // A nested all already names its failing parts.
                failed.add(part instanceof Condition.All ? verdict.detail()
                        : part(part) + " does not hold: " + verdict.detail());
            }
        }
        return failed.isEmpty() ? new Verdict(true, String.join(" and ", held))
                : new Verdict(false, String.join("; ", failed));
    }

    // The first part that holds decides; when none does, what each saw (once, when parts look at one signal).
    private static Verdict any(Condition.Any any, SignalHistory signals, long nanos,
                               Consumer<Incomparable> incomparable) {
        List<String> seen = new ArrayList<>();
        for (Condition part : any.conditions()) {
            Verdict verdict = check(part, signals, nanos, incomparable);
            if (verdict.holds()) {
                return verdict;
            }
            if (!seen.contains(verdict.detail())) {
                seen.add(verdict.detail());
            }
        }
        return new Verdict(false, String.join("; ", seen));
    }

    /** A part of an all or any as written, in parentheses when it is itself an all or any. */
    private static String part(Condition condition) {
        boolean composed = condition instanceof Condition.All || condition instanceof Condition.Any;
        return composed ? "(" + describe(condition) + ")" : describe(condition);
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? Long.toString(ms / 1000) : String.format(Locale.ROOT, "%.1f", ms / 1000.0);
    }
}
