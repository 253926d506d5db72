package io.edgeagent.agent.state;

import io.edgeagent.agent.config.Condition;
import io.edgeagent.agent.config.MachineState;
import io.edgeagent.agent.config.StateRule;
import io.edgeagent.agent.config.StateRules;
import io.edgeagent.drivers.Alarm;
import io.edgeagent.drivers.DriverHealth;
import io.edgeagent.drivers.Quality;
import io.edgeagent.drivers.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works out one machine's state from its signals and its driver's health. Plain logic over values and the
 * time it is given: no threads, no I/O, no clock of its own, so it is tested without waiting.
 *
 * <p>A machine whose driver is not connected is OFFLINE; so is a connected one whose {@code offline} rule
 * holds (its signals say it is not there), and one that no rule matches, because a machine we cannot
 * classify must never be offered as idle capacity. A new state is taken only after it has held for the
 * minimum dwell, so a flickering signal does not make flickering states; the change then reports the time
 * the state really began. The first state is published one dwell after start, so a restart does not flash
 * every machine OFFLINE while the drivers connect, and a machine that flaps from the start still gets a state.
 *
 * <p>IDLE, the state offered as capacity, is taken only while every signal it rests on reads GOOD and fresh
 * ({@link #idleRestsOn}); the dwell, counting windows and freshness are measured on the monotonic clock, so a
 * wall clock that steps changes none of them.
 */
public final class MachineStateTracker {

    private static final Logger LOG = LoggerFactory.getLogger(MachineStateTracker.class);

    /** The OFFLINE reason of a connected machine that no rule fits because none of its signals has reported yet. */
    public static final String WAITING_FOR_FIRST_VALUES = "waiting for first values";

    private final String machineId;
    private final List<StateRule> rules;
    private final Duration minDwell;
    private final Function<Instant, Optional<String>> plannedMaintenance;
    private final SignalHistory signals;
    private final Consumer<String> warnings;
    private final SignalFreshness freshness;
    private final List<String> idleRestsOn;
    private DriverHealth health;
    private MachineState current;
    private Instant currentSince;
    private String currentReason;
    private Candidate pending;
    /** Monotonic nanoseconds of the first evaluation, or {@code null} before it. */
    private Long firstEvaluation;
    /** Signals whose value a rule could not compare, told once each: a tick every 200 ms must not flood the log. */
    private final Set<String> toldIncomparable = new HashSet<>();
    /** Whether a reading or a health report came since the last evaluation. */
    private boolean inputsChanged = true;
    /** Monotonic nanoseconds at which the rules' answer or a pending change may be due without new input. */
    private long dueNanos = Long.MIN_VALUE;
    /** The planned maintenance the last evaluation saw. */
    private Optional<String> maintenanceSeen = Optional.empty();

    public MachineStateTracker(String machineId, StateRules rules, Duration minDwell) {
        this(machineId, rules, minDwell, null, t -> Optional.empty());
    }

    /**
     * @param nominalCycleSeconds the configured cycle time, for counting rules without {@code withinSeconds}
     *                            (or whose {@code cycleTime} signal has no good value) until a cycle time has
     *                            been measured; may be {@code null}
     * @param plannedMaintenance  at a given time, why the machine is in planned maintenance, or empty: planned
     *                            maintenance outranks every configured rule except OFFLINE and DOWN
     */
    public MachineStateTracker(String machineId, StateRules rules, Duration minDwell, Double nominalCycleSeconds,
                               Function<Instant, Optional<String>> plannedMaintenance) {
        this(machineId, rules, minDwell, nominalCycleSeconds, plannedMaintenance, SignalFreshness.byException());
    }

    /** @param freshness how long each signal's last reading stays fresh, for IDLE (see {@link #idleRestsOn}) */
    public MachineStateTracker(String machineId, StateRules rules, Duration minDwell, Double nominalCycleSeconds,
                               Function<Instant, Optional<String>> plannedMaintenance, SignalFreshness freshness) {
        this(machineId, rules, minDwell, nominalCycleSeconds, plannedMaintenance, freshness, LOG::warn);
    }

    /** {@code warnings}: where the one-line notices go (the log; a list in tests). */
    MachineStateTracker(String machineId, StateRules rules, Duration minDwell, Double nominalCycleSeconds,
                        Function<Instant, Optional<String>> plannedMaintenance, SignalFreshness freshness,
                        Consumer<String> warnings) {
        this.warnings = Objects.requireNonNull(warnings);
        this.freshness = Objects.requireNonNull(freshness);
        this.machineId = Objects.requireNonNull(machineId);
        this.rules = rules == null ? List.of() : rules.rules();
        this.minDwell = Objects.requireNonNull(minDwell);
        this.plannedMaintenance = Objects.requireNonNull(plannedMaintenance);
        this.signals = new SignalHistory(nominalCycleSeconds, cycleTimeSignals(this.rules));
        this.idleRestsOn = idleRestsOn(this.rules);
    }

    /**
     * The signals an IDLE decision rests on: those the IDLE rule and every rule before it compare or count. IDLE
     * means "no rule before it holds, and its own does", and a rule that fails for want of a good value says
     * nothing about the machine: an alarm code that reads BAD may be hiding a fault. A {@code cycleTime} signal
     * only sets how long a count keeps a machine running, with a fallback of its own, so it is not among them.
     */
    private static List<String> idleRestsOn(List<StateRule> rules) {
        return rules.stream().filter(rule -> rule.state().compareTo(MachineState.IDLE) <= 0)
                .flatMap(rule -> rule.when().decidingSignals()).distinct().toList();
    }

    /** Per counted signal, the cycle time signal of the first counting rule (in priority order) that names one. */
    private static Map<String, String> cycleTimeSignals(List<StateRule> rules) {
        return rules.stream().flatMap(rule -> rule.when().tree())
                .filter(c -> c instanceof Condition.Counting counting && counting.cycleTime() != null)
                .map(Condition.Counting.class::cast)
                .collect(Collectors.toMap(Condition.Counting::signal, Condition.Counting::cycleTime, (first, later) -> first));
    }

    /**
     * Takes a reading that arrived at {@code nanos} on the monotonic clock ({@code System.nanoTime()}); a value that
     * is not good counts as unknown. Counting windows are measured on that clock, so a wall clock that steps (NTP
     * on a Pi without a real-time clock) neither keeps a stopped machine RUNNING nor cuts a window short.
     */
    public void onReading(Reading reading, long nanos) {
        signals.take(reading, nanos);
        inputsChanged = true;
    }

    /** {@link #onReading(Reading, long)} for a caller whose wall clock never steps (tests, replays). */
    public void onReading(Reading reading, Instant now) {
        onReading(reading, nanosOf(now));
    }

    /**
     * Takes an alarm's raise, change or clear as the driver reported it; empty when it changes nothing. Rules
     * with {@code alarm:} see it at the next evaluation.
     */
    public Optional<AlarmChange> onAlarm(Alarm alarm) {
        return signals.alarms().apply(alarm);
    }

    /** The machine's active alarms, in the order they were raised. */
    public List<Alarm> alarms() {
        return signals.alarms().active();
    }

    public void onHealth(DriverHealth health) {
        this.health = health;
        inputsChanged = true;
        if (!health.isConnected()) {
            signals.forget();
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
    public StateExplanation explain(Instant now, long nanos) {
        Candidate decided = decide(now, nanos, plannedMaintenance.apply(now), ignored -> { });
        boolean connected = health != null && health.isConnected();
        List<StateExplanation.RuleCheck> checks = rules.stream()
                .map(rule -> check(rule, connected, nanos))
                .toList();
        return new StateExplanation(machineId, current, currentSince, currentReason, health,
                new TreeMap<>(signals.values()), checks, decided.state(), decided.reason(),
                pending == null ? null : pending.state(), pending == null ? null : pending.since(), minDwell);
    }

    /** {@link #explain(Instant, long)} for a caller whose wall clock never steps (tests, replays). */
    public StateExplanation explain(Instant now) {
        return explain(now, nanosOf(now));
    }

    private StateExplanation.RuleCheck check(StateRule rule, boolean connected, long nanos) {
        String when = ConditionCheck.describe(rule.when());
        if (!connected) {
            return new StateExplanation.RuleCheck(rule.state(), when, false, "not checked: the driver is not connected");
        }
        ConditionCheck.Verdict verdict = ConditionCheck.check(rule.when(), signals, nanos, ignored -> { });
        return new StateExplanation.RuleCheck(rule.state(), when, verdict.holds(), verdict.detail());
    }

    /**
     * Re-evaluates the rules at {@code now} on the wall clock and {@code nanos} on the monotonic clock; returns a
     * change when the state in force changes. The dwell is measured on the monotonic clock, so a wall clock stepped
     * back by days does not hold every change back until it catches up; the published {@code since} is wall time,
     * which is what the platform reads.
     */
    public Optional<StateChange> evaluate(Instant now, long nanos) {
        if (firstEvaluation == null) {
            firstEvaluation = nanos;
        }
        maintenanceSeen = plannedMaintenance.apply(now);
        inputsChanged = false;
        Optional<StateChange> change = settle(decide(now, nanos, maintenanceSeen, this::tell), nanos);
        dueNanos = nextDue(nanos);
        return change;
    }

    /**
     * Whether {@link #evaluate} could give anything new at {@code now} and {@code nanos}: a reading or a health
     * report came since the last evaluation, a time the rules' answer or a pending change depends on has come (a
     * counter's window, a signal's freshness, the dwell), or planned maintenance began or ended. An evaluation while
     * this is false would find what the last one found, so a caller with many machines evaluates only these.
     */
    public boolean evaluationDue(Instant now, long nanos) {
        return inputsChanged || nanos >= dueNanos || !plannedMaintenance.apply(now).equals(maintenanceSeen);
    }

    private Optional<StateChange> settle(Candidate candidate, long nanos) {
        if (candidate.state() == current) {
            pending = null;
            return Optional.empty();
        }
        if (pending == null || pending.state() != candidate.state()) {
            pending = candidate;
        }
        boolean held = nanos - pending.sinceNanos() >= minDwell.toNanos();
        // Even a machine that never holds one state for the dwell gets a published state one dwell after start.
        boolean firstDue = current == null && nanos - firstEvaluation >= minDwell.toNanos();
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

    /**
     * After an evaluation at {@code nanos}, the first monotonic time at which one could give something else with no
     * new input: the end of the dwell of a pending change or of the first state's, the end of a counter's window,
     * a signal IDLE rests on going stale. Each of these only passes once between inputs, so the earliest one still
     * ahead is all that needs watching.
     */
    private long nextDue(long nanos) {
        long due = Long.MAX_VALUE;
        if (current == null) {
            due = Math.min(due, firstEvaluation + minDwell.toNanos());
        }
        if (pending != null) {
            due = Math.min(due, pending.sinceNanos() + minDwell.toNanos());
        }
        for (StateRule rule : rules) {
            due = Math.min(due, ConditionCheck.changesAt(rule.when(), signals, nanos));
        }
        for (String signal : idleRestsOn) {
            SignalHistory.LastSeen seen = signals.lastSeen(signal);
            Duration maxAge = freshness.maxAge(signal);
            if (seen != null && maxAge != null) {
                due = Math.min(due, after(seen.nanos() + maxAge.toNanos(), nanos));
            }
        }
        return due;
    }

    /** {@code deadline + 1}, the first time past it, when that is still ahead of {@code nanos}; else never. */
    static long after(long deadline, long nanos) {
        return deadline >= nanos ? deadline + 1 : Long.MAX_VALUE;
    }

    /** {@link #evaluate(Instant, long)} for a caller whose wall clock never steps (tests, replays). */
    public Optional<StateChange> evaluate(Instant now) {
        return evaluate(now, nanosOf(now));
    }

    /** The wall time as if it were the monotonic clock: only for callers whose wall clock never steps. */
    private static long nanosOf(Instant wall) {
        return Math.addExact(Math.multiplyExact(wall.getEpochSecond(), 1_000_000_000L), wall.getNano());
    }

    private Candidate decide(Instant now, long nanos, Optional<String> maintenance,
                             Consumer<ConditionCheck.Incomparable> incomparable) {
        if (health == null || !health.isConnected()) {
            String why = health == null ? "not connected yet"
                    : health.lastError() != null ? "not reachable: " + health.lastError()
                    : "driver " + health.state().name().toLowerCase(Locale.ROOT);
            return new Candidate(MachineState.OFFLINE, why, now, nanos);
        }
        if (rules.isEmpty()) {
            return new Candidate(MachineState.OFFLINE, "no state rules configured for this machine", now, nanos);
        }
        for (StateRule rule : rules) {
            // A machine that is not there, or is broken, is so whatever the plan says.
            if (maintenance.isPresent() && rule.state().compareTo(MachineState.MAINTENANCE) >= 0) {
                return new Candidate(MachineState.MAINTENANCE, maintenance.get(), now, nanos);
            }
            ConditionCheck.Verdict verdict = ConditionCheck.check(rule.when(), signals, nanos, incomparable);
            if (verdict.holds()) {
                // Capacity is offered only on good data: an IDLE that rests on a BAD, missing or stale signal is OFFLINE.
                Optional<String> unsure = rule.state() == MachineState.IDLE ? withoutGoodData(nanos) : Optional.empty();
                return unsure.map(why -> new Candidate(MachineState.OFFLINE, why, now, nanos))
                        .orElseGet(() -> new Candidate(rule.state(), verdict.detail(), now, nanos));
            }
        }
        if (maintenance.isPresent()) {
            return new Candidate(MachineState.MAINTENANCE, maintenance.get(), now, nanos);
        }
        // Connected before the first values come (an OPC UA subscription's first publish follows its interval):
        // "no state rule matched {}" would read as rules that miss the machine.
        String why = signals.noneSeen() ? WAITING_FOR_FIRST_VALUES : "no state rule matched " + signals.values();
        return new Candidate(MachineState.OFFLINE, why, now, nanos);
    }

    /** Why the signals IDLE rests on are not all good and fresh at {@code nanos}, or empty when they are. */
    private Optional<String> withoutGoodData(long nanos) {
        List<String> why = new ArrayList<>();
        for (String signal : idleRestsOn) {
            SignalHistory.LastSeen seen = signals.lastSeen(signal);
            Duration maxAge = freshness.maxAge(signal);
            if (seen == null) {
                why.add("no reading of " + signal + " yet");
            } else if (seen.quality() != Quality.GOOD) {
                why.add(signal + " " + seen.quality() + (seen.detail() == null ? "" : ": " + seen.detail()));
            } else if (signals.value(signal) == null) {
                why.add(signal + " has no value");
            } else if (maxAge != null && nanos - seen.nanos() > maxAge.toNanos()) {
                why.add("no reading of " + signal + " for " + Duration.ofNanos(nanos - seen.nanos()).toSeconds()
                        + " s (due at least every " + maxAge.dividedBy(SignalFreshness.MISSED_REPORTS).toSeconds()
                        + " s)");
            }
        }
        return why.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", why));
    }

    private void tell(ConditionCheck.Incomparable mismatch) {
        if (toldIncomparable.add(mismatch.signal())) {
            warnings.accept(machineId + ": rule '" + mismatch.rule() + "' cannot compare " + mismatch.signal() + "="
                    + mismatch.value() + " (" + ConditionCheck.kind(mismatch.value()) + "), so it does not hold; check"
                    + " the rule's value against what the machine sends (told once per signal)");
        }
    }

    /** A state the rules give, since {@code since} on the wall clock and {@code sinceNanos} on the monotonic one. */
    private record Candidate(MachineState state, String reason, Instant since, long sinceNanos) {
    }
}
