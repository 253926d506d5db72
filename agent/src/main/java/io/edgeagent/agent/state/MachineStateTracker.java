package io.edgeagent.agent.state;

import io.edgeagent.agent.config.Condition;
import io.edgeagent.agent.config.StateRule;
import io.edgeagent.agent.config.StateRules;
import io.edgeagent.drivers.DriverHealth;
import io.edgeagent.drivers.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Works out one machine's state from its signals and its driver's health. Plain logic over values and the
 * time it is given: no threads, no I/O, no clock of its own, so it is tested without waiting.
 *
 * <p>A machine whose driver is not connected is OFFLINE; so is a connected one that no rule matches,
 * because a machine we cannot classify must never be offered as idle capacity. A new state is taken only
 * after it has held for the minimum dwell, so a flickering signal does not make flickering states; the
 * change then reports the time the state really began. The first state is published one dwell after
 * start, so a restart does not flash every machine OFFLINE while the drivers connect, and a machine that
 * flaps from the start still gets a state.
 */
public final class MachineStateTracker {

    private static final Duration MAX_CYCLE = Duration.ofMinutes(10);

    private final String machineId;
    private final List<StateRule> rules;
    private final Duration minDwell;
    private final Function<Instant, Optional<String>> plannedMaintenance;
    private final Double nominalCycleSeconds;
    /** Per signal, the smoothed time between its changes: the measured cycle time of a counter. */
    private final Map<String, Double> intervalSeconds = new HashMap<>();
    private final Map<String, Object> values = new HashMap<>();
    private final Map<String, Instant> lastChange = new HashMap<>();
    private DriverHealth health;
    private MachineState current;
    private Instant currentSince;
    private String currentReason;
    private Candidate pending;
    private Instant firstEvaluation;

    public MachineStateTracker(String machineId, StateRules rules, Duration minDwell) {
        this(machineId, rules, minDwell, null, t -> Optional.empty());
    }

    /**
     * @param nominalCycleSeconds the configured cycle time, for counting rules without {@code withinSeconds}
     *                            until a cycle time has been measured; may be {@code null}
     * @param plannedMaintenance  at a given time, why the machine is in planned maintenance, or empty: planned
     *                            maintenance outranks every configured rule except DOWN
     */
    public MachineStateTracker(String machineId, StateRules rules, Duration minDwell, Double nominalCycleSeconds,
                               Function<Instant, Optional<String>> plannedMaintenance) {
        this.machineId = Objects.requireNonNull(machineId);
        this.rules = rules == null ? List.of() : rules.rules();
        this.minDwell = Objects.requireNonNull(minDwell);
        this.nominalCycleSeconds = nominalCycleSeconds;
        this.plannedMaintenance = Objects.requireNonNull(plannedMaintenance);
    }

    /** Takes a reading that arrived at {@code now}; a value that is not good counts as unknown. */
    public void onReading(Reading reading, Instant now) {
        Object value = reading.isGood() ? reading.value() : null;
        Object before = value == null ? values.remove(reading.signal()) : values.put(reading.signal(), value);
        if (before != null && value != null && !Values.same(before, value)) {
            Instant previous = lastChange.put(reading.signal(), now);
            if (previous != null) {
                learnInterval(reading.signal(), Duration.between(previous, now));
            }
        }
    }

    public void onHealth(DriverHealth health) {
        this.health = health;
        if (!health.isConnected()) {
            // Values from a lost connection say nothing about the machine when it comes back.
            values.clear();
            lastChange.clear();
        }
    }

    /** The state in force, or {@code null} before the first evaluation. */
    public MachineState current() {
        return current;
    }

    /** When the state in force began, or {@code null} before the first state. */
    public Instant since() {
        return currentSince;
    }

    /** Which rule or fault gave the state in force, with the values that decided it; {@code null} before the first state. */
    public String reason() {
        return currentReason;
    }

    /** The driver's last reported health, or {@code null} before the first report. */
    public DriverHealth health() {
        return health;
    }

    /**
     * Why the machine is in its state, for a person: every rule checked against the values held now, what
     * the rules give now and what is waiting for the dwell. A read: nothing changes.
     */
    public StateExplanation explain(Instant now) {
        Candidate decided = decide(now);
        boolean connected = health != null && health.isConnected();
        List<StateExplanation.RuleCheck> checks = rules.stream()
                .map(rule -> check(rule, connected, now))
                .toList();
        return new StateExplanation(machineId, current, currentSince, currentReason, health,
                new TreeMap<>(values), checks, decided.state(), decided.reason(),
                pending == null ? null : pending.state(), pending == null ? null : pending.since(), minDwell);
    }

    private StateExplanation.RuleCheck check(StateRule rule, boolean connected, Instant now) {
        String when = describe(rule.when());
        if (!connected) {
            return new StateExplanation.RuleCheck(rule.state(), when, false, "not checked: the driver is not connected");
        }
        Optional<String> match = matches(rule.when(), now);
        return match.map(detail -> new StateExplanation.RuleCheck(rule.state(), when, true, detail))
                .orElseGet(() -> new StateExplanation.RuleCheck(rule.state(), when, false, seen(rule.when(), now)));
    }

    private static String describe(Condition condition) {
        if (condition instanceof Condition.Compare c) {
            return c.signal() + " " + c.op().key() + " " + c.value();
        }
        if (condition instanceof Condition.In c) {
            return c.signal() + " in " + c.values();
        }
        if (condition instanceof Condition.Counting c) {
            return "counting " + c.signal() + (c.within() != null ? " within " + seconds(c.within()) + " s"
                    : " within " + Condition.Counting.CYCLES + " cycle times");
        }
        return "otherwise";
    }

    /** What a rule that does not hold saw: the value it compared, or how long ago the counter last moved. */
    private String seen(Condition condition, Instant now) {
        if (condition instanceof Condition.Compare c) {
            return valueOf(c.signal());
        }
        if (condition instanceof Condition.In c) {
            return valueOf(c.signal());
        }
        if (condition instanceof Condition.Counting c) {
            Instant changed = lastChange.get(c.signal());
            Duration within = c.within() != null ? c.within() : cyclesWindow(c.signal());
            String window = within == null ? "no cycle time measured or configured yet"
                    : "window " + seconds(within) + " s";
            return changed == null ? c.signal() + " has not advanced since the driver connected (" + window + ")"
                    : c.signal() + " last advanced " + seconds(Duration.between(changed, now)) + " s ago (" + window + ")";
        }
        return "always holds";
    }

    private String valueOf(String signal) {
        Object v = values.get(signal);
        return v == null ? "no good value of " + signal : signal + "=" + v;
    }

    /** Re-evaluates the rules at {@code now}; returns a change when the state in force changes. */
    public Optional<StateChange> evaluate(Instant now) {
        if (firstEvaluation == null) {
            firstEvaluation = now;
        }
        Candidate candidate = decide(now);
        if (candidate.state() == current) {
            pending = null;
            return Optional.empty();
        }
        if (pending == null || pending.state() != candidate.state()) {
            pending = new Candidate(candidate.state(), candidate.reason(), now);
        }
        boolean held = Duration.between(pending.since(), now).compareTo(minDwell) >= 0;
        // Even a machine that never holds one state for the dwell gets a published state one dwell after start.
        boolean firstDue = current == null && Duration.between(firstEvaluation, now).compareTo(minDwell) >= 0;
        if (!held && !firstDue) {
            return Optional.empty();
        }
        StateChange change = new StateChange(machineId, pending.state(), pending.since(), current, candidate.reason());
        current = pending.state();
        currentSince = pending.since();
        currentReason = candidate.reason();
        pending = null;
        return Optional.of(change);
    }

    private Candidate decide(Instant now) {
        if (health == null || !health.isConnected()) {
            String why = health == null ? "not connected yet"
                    : health.lastError() != null ? "not reachable: " + health.lastError()
                    : "driver " + health.state().name().toLowerCase(Locale.ROOT);
            return new Candidate(MachineState.OFFLINE, why, now);
        }
        if (rules.isEmpty()) {
            return new Candidate(MachineState.OFFLINE, "no state rules configured for this machine", now);
        }
        Optional<String> maintenance = plannedMaintenance.apply(now);
        for (StateRule rule : rules) {
            if (maintenance.isPresent() && rule.state().compareTo(MachineState.MAINTENANCE) >= 0) {
                return new Candidate(MachineState.MAINTENANCE, maintenance.get(), now);
            }
            Optional<String> match = matches(rule.when(), now);
            if (match.isPresent()) {
                return new Candidate(rule.state(), match.get(), now);
            }
        }
        if (maintenance.isPresent()) {
            return new Candidate(MachineState.MAINTENANCE, maintenance.get(), now);
        }
        return new Candidate(MachineState.OFFLINE, "no state rule matched " + values, now);
    }

    private Optional<String> matches(Condition condition, Instant now) {
        if (condition instanceof Condition.Compare c) {
            Object v = values.get(c.signal());
            return v != null && Values.compare(v, c.op(), c.value())
                    ? Optional.of(c.signal() + " " + c.op().key() + " " + c.value()
                            + " (" + c.signal() + "=" + v + ")")
                    : Optional.empty();
        }
        if (condition instanceof Condition.In c) {
            Object v = values.get(c.signal());
            return v != null && c.values().stream().anyMatch(x -> Values.same(v, x))
                    ? Optional.of(c.signal() + " in " + c.values() + " (" + c.signal() + "=" + v + ")")
                    : Optional.empty();
        }
        if (condition instanceof Condition.Counting c) {
            Instant changed = lastChange.get(c.signal());
            Duration within = c.within() != null ? c.within() : cyclesWindow(c.signal());
            if (changed == null || within == null || Duration.between(changed, now).compareTo(within) > 0) {
                return Optional.empty();
            }
            return Optional.of(c.signal() + " counting (advanced within the last " + seconds(within) + " s"
                    + (c.within() == null ? ", " + Condition.Counting.CYCLES + " cycle times" : "") + ")");
        }
        return Optional.of("otherwise");
    }

    /** {@link Condition.Counting#CYCLES} expected cycle times: measured from the signal, else the nominal one. */
    private Duration cyclesWindow(String signal) {
        Double cycle = intervalSeconds.getOrDefault(signal, nominalCycleSeconds);
        return cycle == null ? null : Duration.ofMillis(Math.round(cycle * 1000 * Condition.Counting.CYCLES));
    }

    /**
     * An interval longer than {@link Condition.Counting#CYCLES} expected cycles (or ten minutes) is a pause
     * between runs, not a cycle, and would stretch the running window after every break; the smoothing (a
     * new interval weighs 0.2) keeps one slow cycle from stopping the machine counting as running.
     */
    private void learnInterval(String signal, Duration interval) {
        double seconds = interval.toMillis() / 1000.0;
        Double expected = intervalSeconds.getOrDefault(signal, nominalCycleSeconds);
        if (seconds <= 0 || seconds > MAX_CYCLE.toSeconds()
                || (expected != null && seconds > expected * Condition.Counting.CYCLES)) {
            return;
        }
        intervalSeconds.merge(signal, seconds, (old, sample) -> old + 0.2 * (sample - old));
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? Long.toString(ms / 1000) : String.format(Locale.ROOT, "%.1f", ms / 1000.0);
    }

    private record Candidate(MachineState state, String reason, Instant since) {
    }
}
