package io.edgeagent.agent.state;

import io.edgeagent.agent.config.Condition;
import io.edgeagent.agent.config.StateRule;
import io.edgeagent.agent.config.StateRules;
import io.edgeagent.drivers.DriverHealth;
import io.edgeagent.drivers.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.HashSet;
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
 */
public final class MachineStateTracker {

    private static final Logger LOG = LoggerFactory.getLogger(MachineStateTracker.class);

    private final String machineId;
    private final List<StateRule> rules;
    private final Duration minDwell;
    private final Function<Instant, Optional<String>> plannedMaintenance;
    private final SignalHistory signals;
    private final Consumer<String> warnings;
    private DriverHealth health;
    private MachineState current;
    private Instant currentSince;
    private String currentReason;
    private Candidate pending;
    private Instant firstEvaluation;
    /** Signals whose value a rule could not compare, told once each: a tick every 200 ms must not flood the log. */
    private final Set<String> toldIncomparable = new HashSet<>();

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
        this(machineId, rules, minDwell, nominalCycleSeconds, plannedMaintenance, LOG::warn);
    }

    /** {@code warnings}: where the one-line notices go (the log; a list in tests). */
    MachineStateTracker(String machineId, StateRules rules, Duration minDwell, Double nominalCycleSeconds,
                        Function<Instant, Optional<String>> plannedMaintenance, Consumer<String> warnings) {
        this.warnings = Objects.requireNonNull(warnings);
        this.machineId = Objects.requireNonNull(machineId);
        this.rules = rules == null ? List.of() : rules.rules();
        this.minDwell = Objects.requireNonNull(minDwell);
        this.plannedMaintenance = Objects.requireNonNull(plannedMaintenance);
        this.signals = new SignalHistory(nominalCycleSeconds, cycleTimeSignals(this.rules));
    }

    /** Per counted signal, the cycle time signal of the first counting rule (in priority order) that names one. */
    private static Map<String, String> cycleTimeSignals(List<StateRule> rules) {
        return rules.stream().flatMap(rule -> rule.when().tree())
                .filter(c -> c instanceof Condition.Counting counting && counting.cycleTime() != null)
                .map(Condition.Counting.class::cast)
                .collect(Collectors.toMap(Condition.Counting::signal, Condition.Counting::cycleTime, (first, later) -> first));
    }

    /** Takes a reading that arrived at {@code now}; a value that is not good counts as unknown. */
    public void onReading(Reading reading, Instant now) {
        signals.take(reading, now);
    }

    public void onHealth(DriverHealth health) {
        this.health = health;
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
    public StateExplanation explain(Instant now) {
        Candidate decided = decide(now, ignored -> { });
        boolean connected = health != null && health.isConnected();
        List<StateExplanation.RuleCheck> checks = rules.stream()
                .map(rule -> check(rule, connected, now))
                .toList();
        return new StateExplanation(machineId, current, currentSince, currentReason, health,
                new TreeMap<>(signals.values()), checks, decided.state(), decided.reason(),
                pending == null ? null : pending.state(), pending == null ? null : pending.since(), minDwell);
    }

    private StateExplanation.RuleCheck check(StateRule rule, boolean connected, Instant now) {
        String when = ConditionCheck.describe(rule.when());
        if (!connected) {
            return new StateExplanation.RuleCheck(rule.state(), when, false, "not checked: the driver is not connected");
        }
        ConditionCheck.Verdict verdict = ConditionCheck.check(rule.when(), signals, now, ignored -> { });
        return new StateExplanation.RuleCheck(rule.state(), when, verdict.holds(), verdict.detail());
    }

    /** Re-evaluates the rules at {@code now}; returns a change when the state in force changes. */
    public Optional<StateChange> evaluate(Instant now) {
        if (firstEvaluation == null) {
            firstEvaluation = now;
        }
        Candidate candidate = decide(now, this::tell);
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

    private Candidate decide(Instant now, Consumer<ConditionCheck.Incomparable> incomparable) {
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
            // A machine that is not there, or is broken, is so whatever the plan says.
            if (maintenance.isPresent() && rule.state().compareTo(MachineState.MAINTENANCE) >= 0) {
                return new Candidate(MachineState.MAINTENANCE, maintenance.get(), now);
            }
            ConditionCheck.Verdict verdict = ConditionCheck.check(rule.when(), signals, now, incomparable);
            if (verdict.holds()) {
                return new Candidate(rule.state(), verdict.detail(), now);
            }
        }
        if (maintenance.isPresent()) {
            return new Candidate(MachineState.MAINTENANCE, maintenance.get(), now);
        }
        return new Candidate(MachineState.OFFLINE, "no state rule matched " + signals.values(), now);
    }

    private void tell(ConditionCheck.Incomparable mismatch) {
        if (toldIncomparable.add(mismatch.signal())) {
            warnings.accept(machineId + ": rule '" + mismatch.rule() + "' cannot compare " + mismatch.signal() + "="
                    + mismatch.value() + " (" + ConditionCheck.kind(mismatch.value()) + "), so it does not hold; check"
                    + " the rule's value against what the machine sends (told once per signal)");
        }
    }

    private record Candidate(MachineState state, String reason, Instant since) {
    }
}
