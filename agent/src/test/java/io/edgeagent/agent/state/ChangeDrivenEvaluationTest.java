package io.edgeagent.agent.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.agent.config.Condition;
import io.edgeagent.agent.config.MachineState;
import io.edgeagent.agent.config.StateRule;
import io.edgeagent.agent.config.StateRules;
import io.edgeagent.drivers.ConnectionState;
import io.edgeagent.drivers.DriverHealth;
import io.edgeagent.drivers.Quality;
import io.edgeagent.drivers.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, item 2: a machine's state is evaluated only when its inputs changed or a timer its rules depend on ran
 * out ({@link MachineStateTracker#evaluationDue}), and that finds every change an evaluation at every tick finds, at
 * the same tick, with the same reason. Time is given, never waited for.
 */
class ChangeDrivenEvaluationTest {

    private static final Instant T0 = Instant.parse("2026-12-05T08:00:00Z");
    private static final Duration TICK = Duration.ofMillis(200);
    private static final Duration DWELL = Duration.ofSeconds(2);
    /** "No cycle for 10 s -> IDLE": the counting rule of the docs' presses, an alarm above it. */
    private static final StateRules PRESS = new StateRules(List.of(
            new StateRule(MachineState.DOWN, new Condition.Compare("alarm", Condition.Op.NE, 0L)),
            new StateRule(MachineState.RUNNING, new Condition.Counting("strokes", Duration.ofSeconds(10))),
            new StateRule(MachineState.IDLE, new Condition.Compare("alarm", Condition.Op.EQ, 0L))));

    @Test
    void aCounterThatStopsTurnsTheMachineIdleWithNoNewReadingAndNothingIsEvaluatedMeanwhile() {
        MachineStateTracker press = connectedPress(1L);
        read(press, "strokes", 2L, T0.plusSeconds(1));
        assertTrue(press.evaluationDue(T0.plusSeconds(1), nanos(T0.plusSeconds(1))), "new readings came");
        press.evaluate(T0.plusSeconds(1));
        assertTrue(press.evaluationDue(T0.plusSeconds(3), nanos(T0.plusSeconds(3))), "the first state's dwell ends");
        assertEquals(MachineState.RUNNING, press.evaluate(T0.plusSeconds(3)).orElseThrow().state());

        // The last stroke was at 1 s: the window of 10 s ends at 11 s, and not a tick before needs an evaluation.
        List<Instant> evaluated = new ArrayList<>();
        List<StateChange> changes = new ArrayList<>();
        for (Instant t = T0.plusSeconds(3).plus(TICK); !t.isAfter(T0.plusSeconds(20)); t = t.plus(TICK)) {
            if (press.evaluationDue(t, nanos(t))) {
                evaluated.add(t);
                press.evaluate(t).ifPresent(changes::add);
            }
        }
        Instant windowEnds = T0.plusSeconds(11).plus(TICK);
        assertEquals(List.of(windowEnds, windowEnds.plus(DWELL)), evaluated,
                "evaluated once when the window ran out and once when IDLE had held for the dwell, and never else");
        assertEquals(1, changes.size());
        assertEquals(MachineState.IDLE, changes.get(0).state());
        assertEquals(windowEnds, changes.get(0).since());
        assertEquals(MachineState.RUNNING, changes.get(0).previous());
    }

    @Test
    void aMachineWhoseInputsDoNotChangeIsNotEvaluatedAgain() {
        MachineStateTracker press = connectedPress(7L);
        press.evaluate(T0);
        press.evaluate(T0.plus(DWELL));
        assertEquals(MachineState.IDLE, press.current());
        assertFalse(press.evaluationDue(T0.plusSeconds(3600), nanos(T0.plusSeconds(3600))),
                "an IDLE press with no counter and no new reading has nothing to re-evaluate, however long");
        read(press, "alarm", 0L, T0.plusSeconds(3600));
        assertTrue(press.evaluationDue(T0.plusSeconds(3600), nanos(T0.plusSeconds(3600))), "a reading came");
    }

    /**
     * The same inputs to two trackers, one evaluated at every tick (as before issue 17), one only when due: the same
     * changes at the same times with the same reasons, through counting windows measured from the machine's own cycle
     * time, signals going stale, a lost connection, planned maintenance and flicker shorter than the dwell.
     */
    @Test
    void evaluatingOnlyWhenDueFindsWhatEvaluatingEveryTickFinds() {
        Duration fresh = Duration.ofSeconds(6);
        SignalFreshness freshness = new SignalFreshness(Map.of("machineMode", fresh, "productionStatus", fresh,
                "cycleCounter", fresh, "isPresent", fresh, "standstillReason", fresh, "expectedCycleTime", fresh));
        Function<Instant, Optional<String>> maintenance = t ->
                !t.isBefore(T0.plusSeconds(150)) && t.isBefore(T0.plusSeconds(170))
                        ? Optional.of("planned maintenance until 08:02:50Z") : Optional.empty();
        MachineStateTracker everyTick = new MachineStateTracker("imm-01", MachineStateTrackerTest.EUROMAP77, DWELL,
                5.0, maintenance, freshness);
        MachineStateTracker whenDue = new MachineStateTracker("imm-01", MachineStateTrackerTest.EUROMAP77, DWELL,
                5.0, maintenance, freshness);

        TreeMap<Instant, List<Object>> inputs = new TreeMap<>();
        input(inputs, T0, connected());
        // Polled, reported when changed or every 4 s (keep-alive), until 100 s; after a reconnect at 210 s, again.
        for (int sec = 0; sec <= 240; sec += 4) {
            if (sec <= 100 || sec > 210) {
                Instant at = T0.plusSeconds(sec);
                input(inputs, at, Reading.good("imm-01", "isPresent", true, at));
                input(inputs, at, Reading.good("imm-01", "standstillReason", 0L, at));
                input(inputs, at, Reading.good("imm-01", "productionStatus", 4L, at));
                input(inputs, at, Reading.good("imm-01", "machineMode", sec <= 100 ? 1L : 0L, at));
                input(inputs, at, Reading.good("imm-01", "expectedCycleTime", 3L, at));
            }
        }
        // Cycles every 3 s; a pause from 58 s to 82 s with the counter still reported (IDLE), and not after 100 s.
        for (int sec = 1; sec <= 240; sec += 3) {
            if (sec <= 100 || sec > 210) {
                long count = sec < 60 ? sec : sec < 82 ? 58 : sec <= 100 ? sec : 100;
                input(inputs, T0.plusSeconds(sec), Reading.good("imm-01", "cycleCounter", count, T0.plusSeconds(sec)));
            }
        }
        // A DOWN shorter than the dwell, then one that holds; a BAD reading shorter than the dwell.
        input(inputs, T0.plusMillis(30_300), Reading.good("imm-01", "standstillReason", 7L, T0.plusMillis(30_300)));
        input(inputs, T0.plusMillis(31_100), Reading.good("imm-01", "standstillReason", 0L, T0.plusMillis(31_100)));
        input(inputs, T0.plusMillis(40_500), Reading.good("imm-01", "standstillReason", 7L, T0.plusMillis(40_500)));
        input(inputs, T0.plusMillis(90_500), new Reading("imm-01", "machineMode", null, T0.plusMillis(90_500),
                Quality.BAD, "Bad_CommunicationError"));
        input(inputs, T0.plusSeconds(91), Reading.good("imm-01", "machineMode", 1L, T0.plusSeconds(91)));
        input(inputs, T0.plusSeconds(200), new DriverHealth(ConnectionState.DISCONNECTED, T0.plusSeconds(200), "reset"));
        input(inputs, T0.plusSeconds(210), connected());

        List<StateChange> seenEveryTick = new ArrayList<>();
        List<StateChange> seenWhenDue = new ArrayList<>();
        int evaluations = 0;
        int ticks = 0;
        for (Instant t = T0; !t.isAfter(T0.plusSeconds(240)); t = t.plus(TICK)) {
            for (List<Object> due : inputs.headMap(t, true).values()) {
                for (Object input : due) {
                    give(input, t, everyTick, whenDue);
                }
            }
            inputs.headMap(t, true).clear();
            everyTick.evaluate(t).ifPresent(seenEveryTick::add);
            if (whenDue.evaluationDue(t, nanos(t))) {
                evaluations++;
                whenDue.evaluate(t).ifPresent(seenWhenDue::add);
            }
            ticks++;
        }
        assertEquals(seenEveryTick, seenWhenDue);
        List<MachineState> states = seenEveryTick.stream().map(StateChange::state).toList();
        assertEquals(List.of(MachineState.IDLE, MachineState.RUNNING, MachineState.DOWN, MachineState.RUNNING,
                MachineState.IDLE, MachineState.RUNNING, MachineState.OFFLINE, MachineState.MAINTENANCE,
                MachineState.OFFLINE, MachineState.IDLE), states,
                "the script goes through every kind of change: " + seenEveryTick);
        assertTrue(evaluations < ticks / 3, evaluations + " evaluations in " + ticks + " ticks");
    }

    private static void give(Object input, Instant t, MachineStateTracker... trackers) {
        for (MachineStateTracker tracker : trackers) {
            if (input instanceof Reading r) {
                tracker.onReading(r, t);
            } else {
                tracker.onHealth((DriverHealth) input);
            }
        }
    }

    private static void input(TreeMap<Instant, List<Object>> inputs, Instant at, Object input) {
        inputs.computeIfAbsent(at, ignored -> new ArrayList<>()).add(input);
    }

    /** A press connected at {@link #T0}, without an alarm, its stroke counter at {@code strokes}. */
    private static MachineStateTracker connectedPress(long strokes) {
        MachineStateTracker press = new MachineStateTracker("press-01", PRESS, DWELL);
        press.onHealth(connected());
        read(press, "alarm", 0L, T0);
        read(press, "strokes", strokes, T0);
        return press;
    }

    private static void read(MachineStateTracker tracker, String signal, Object value, Instant at) {
        tracker.onReading(Reading.good("press-01", signal, value, at), at);
    }

    private static DriverHealth connected() {
        return new DriverHealth(ConnectionState.CONNECTED, T0, null);
    }

    /** The wall time as the monotonic clock, as the trackers' one-argument methods take it. */
    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
