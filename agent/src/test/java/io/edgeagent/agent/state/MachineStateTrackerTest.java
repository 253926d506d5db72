package io.edgeagent.agent.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import org.junit.jupiter.api.Test;

/** The state rules of the contract, driven by values and an explicit time: no waiting, no clock. */
class MachineStateTrackerTest {

    private static final Instant T0 = Instant.parse("2026-11-24T08:00:00Z");
    private static final Duration DWELL = Duration.ofSeconds(2);
    /** The CNC example of CONFIG.md, plus a counting rule as the presses use. */
    private static final StateRules CNC = new StateRules(List.of(
            new StateRule(MachineState.DOWN, new Condition.Compare("alarmCode", Condition.Op.NE, 0L)),
            new StateRule(MachineState.SETUP, new Condition.Compare("execution", Condition.Op.EQ, 4L)),
            new StateRule(MachineState.RUNNING, new Condition.Counting("partCount", Duration.ofSeconds(10))),
            new StateRule(MachineState.IDLE, new Condition.In("execution", List.of(0L, 2L)))));

    /** The EUROMAP 77 rules of the docs: offline, all, and counting against the machine's own cycle time. */
    static final StateRules EUROMAP77 = new StateRules(List.of(
            new StateRule(MachineState.OFFLINE, new Condition.Compare("isPresent", Condition.Op.EQ, false)),
            new StateRule(MachineState.DOWN, new Condition.All(List.of(
                    new Condition.Compare("standstillReason", Condition.Op.NE, 0L),
                    new Condition.Compare("productionStatus", Condition.Op.EQ, 4L)))),
            new StateRule(MachineState.SETUP, new Condition.In("machineMode", List.of(3L, 4L))),
            new StateRule(MachineState.RUNNING, new Condition.All(List.of(
                    new Condition.Compare("machineMode", Condition.Op.EQ, 1L),
                    new Condition.Compare("productionStatus", Condition.Op.EQ, 4L),
                    new Condition.Counting("cycleCounter", null, "expectedCycleTime")))),
            new StateRule(MachineState.IDLE, new Condition.Compare("machineMode", Condition.Op.GE, 0L))));

    private final MachineStateTracker tracker = new MachineStateTracker("cnc-03", CNC, DWELL);

    @Test
    void aMachineThatCannotBeReadIsOfflineNeverIdle() {
        assertEquals(Optional.empty(), tracker.evaluate(T0), "the first state waits for the dwell as well");
        StateChange first = tracker.evaluate(T0.plus(DWELL)).orElseThrow();
        assertEquals(MachineState.OFFLINE, first.state());
        assertEquals(T0, first.since());
        assertNull(first.previous());

        tracker.onHealth(new DriverHealth(ConnectionState.DISCONNECTED, T0, "connection refused: opc.tcp://10.0.3.17:4840"));
        read("execution", 0L, T0);
        assertEquals(Optional.empty(), tracker.evaluate(T0.plusSeconds(30)), "values from a dead link do not count");
        assertEquals(MachineState.OFFLINE, tracker.current());
    }

    @Test
    void statesFollowTheRulesInPriorityOrderAfterTheDwell() {
        tracker.evaluate(T0.minus(DWELL));
        tracker.evaluate(T0);
        connect(T0);
        read("alarmCode", 0L, T0);
        read("execution", 0L, T0);
        read("partCount", 0L, T0);
        assertEquals(Optional.empty(), tracker.evaluate(T0.plusSeconds(1)), "not yet held for the dwell time");
        StateChange idle = tracker.evaluate(T0.plusSeconds(3)).orElseThrow();
        assertEquals(MachineState.IDLE, idle.state());
        assertEquals(MachineState.OFFLINE, idle.previous());
        assertEquals(T0.plusSeconds(1), idle.since(), "since is when the state began, not when the dwell ended");
        assertEquals("execution in [0, 2] (execution=0)", idle.reason());

        read("alarmCode", 17L, T0.plusSeconds(4));
        read("execution", 4L, T0.plusSeconds(4));
        tracker.evaluate(T0.plusSeconds(4));
        StateChange down = tracker.evaluate(T0.plusSeconds(7)).orElseThrow();
        assertEquals(MachineState.DOWN, down.state(), "DOWN outranks SETUP");
        assertEquals("alarmCode ne 0 (alarmCode=17)", down.reason());
    }

    @Test
    void runningWhileTheCounterAdvancesThenIdleWhenItStops() {
        connect(T0);
        read("alarmCode", 0L, T0);
        read("execution", 2L, T0);
        read("partCount", 100L, T0);
        tracker.evaluate(T0);
        tracker.evaluate(T0.plus(DWELL));
        assertEquals(MachineState.IDLE, tracker.current(), "a first counter value is not an advance");

        read("partCount", 101L, T0.plusSeconds(5));
        tracker.evaluate(T0.plusSeconds(5));
        StateChange running = tracker.evaluate(T0.plusSeconds(7)).orElseThrow();
        assertEquals(MachineState.RUNNING, running.state());
        assertEquals("partCount counting (advanced within the last 10 s)", running.reason());

        tracker.evaluate(T0.plusSeconds(15));
        assertEquals(MachineState.RUNNING, tracker.current(), "still within 10 s of the last count");
        tracker.evaluate(T0.plusSeconds(16));
        assertEquals(MachineState.IDLE, tracker.evaluate(T0.plusSeconds(18)).orElseThrow().state());
    }

    @Test
    void aFlickerShorterThanTheDwellChangesNothing() {
        connect(T0);
        read("alarmCode", 0L, T0);
        read("execution", 0L, T0);
        read("partCount", 0L, T0);
        tracker.evaluate(T0);
        assertEquals(MachineState.IDLE, tracker.evaluate(T0.plus(DWELL)).orElseThrow().state());
        read("alarmCode", 5L, T0.plusSeconds(3));
        assertEquals(Optional.empty(), tracker.evaluate(T0.plusSeconds(3)));
        read("alarmCode", 0L, T0.plusMillis(3_500));
        assertEquals(Optional.empty(), tracker.evaluate(T0.plusMillis(3_500)));
        assertEquals(Optional.empty(), tracker.evaluate(T0.plusSeconds(6)));
        assertEquals(MachineState.IDLE, tracker.current());
    }

    @Test
    void badQualityAndUnmatchedRulesNeverOfferCapacity() {
        connect(T0);
        tracker.onReading(new Reading("cnc-03", "execution", 0L, T0, Quality.BAD, "Bad_CommunicationError"), T0);
        read("alarmCode", 0L, T0);
        tracker.evaluate(T0);
        StateChange change = tracker.evaluate(T0.plus(DWELL)).orElseThrow();
        assertEquals(MachineState.OFFLINE, change.state());
        assertTrue(change.reason().startsWith("no state rule matched"), change.reason());

        MachineStateTracker noRules = new MachineStateTracker("x", null, DWELL);
        noRules.onHealth(new DriverHealth(ConnectionState.CONNECTED, T0, null));
        noRules.evaluate(T0);
        assertEquals(MachineState.OFFLINE, noRules.evaluate(T0.plus(DWELL)).orElseThrow().state());
    }

    /**
     * Issue 21: connected, but the subscription's first publish has not come yet. The first state, due one dwell
     * after start, says so instead of "no state rule matched {}", which sends a technician to the rules.
     */
    @Test
    void aConnectedMachineWithoutItsFirstValuesIsOfflineWaitingForThem() {
        tracker.evaluate(T0);
        connect(T0);
        StateChange first = tracker.evaluate(T0.plus(DWELL)).orElseThrow();
        assertEquals(MachineState.OFFLINE, first.state());
        assertEquals("waiting for first values", first.reason());

        read("alarmCode", 0L, T0.plusSeconds(3));
        read("execution", 0L, T0.plusSeconds(3));
        read("partCount", 0L, T0.plusSeconds(3));
        tracker.evaluate(T0.plusSeconds(3));
        assertEquals(MachineState.IDLE, tracker.evaluate(T0.plusSeconds(3).plus(DWELL)).orElseThrow().state());
    }

    @Test
    void aMachineThatFlapsFromTheStartStillGetsAStateOneDwellAfterStart() {
        tracker.evaluate(T0);
        connect(T0.plusSeconds(1));
        read("alarmCode", 0L, T0.plusSeconds(1));
        read("execution", 0L, T0.plusSeconds(1));
        read("partCount", 0L, T0.plusSeconds(1));
        assertEquals(Optional.empty(), tracker.evaluate(T0.plusSeconds(1)));
        StateChange first = tracker.evaluate(T0.plus(DWELL)).orElseThrow();
        assertEquals(MachineState.IDLE, first.state(), "the state of the moment, not the one it left");
        assertEquals(T0.plusSeconds(1), first.since());
    }

    @Test
    void numbersCompareByValueWhateverTheirType() {
        MachineStateTracker t = new MachineStateTracker("m", new StateRules(List.of(
                new StateRule(MachineState.DOWN, new Condition.Compare("temp", Condition.Op.GT, 250L)),
                new StateRule(MachineState.RUNNING, new Condition.Compare("mode", Condition.Op.EQ, 1.0)),
                new StateRule(MachineState.IDLE, new Condition.Otherwise()))), Duration.ZERO);
        t.onHealth(new DriverHealth(ConnectionState.CONNECTED, T0, null));
        t.onReading(Reading.good("m", "temp", 240.5, T0), T0);
        t.onReading(Reading.good("m", "mode", 1L, T0), T0);
        assertEquals(MachineState.RUNNING, t.evaluate(T0).orElseThrow().state());
        t.onReading(Reading.good("m", "temp", 250.1, T0), T0);
        assertEquals(MachineState.DOWN, t.evaluate(T0).orElseThrow().state());
    }

    @Test
    void aCounterWithoutAWindowRunsForThreeCycleTimesNominalThenMeasured() {
        MachineStateTracker t = new MachineStateTracker("press-01", new StateRules(List.of(
                new StateRule(MachineState.RUNNING, new Condition.Counting("strokes", null)),
                new StateRule(MachineState.IDLE, new Condition.Otherwise()))), Duration.ZERO, 4.0, at -> Optional.empty());
        t.onHealth(new DriverHealth(ConnectionState.CONNECTED, T0, null));
        t.onReading(Reading.good("press-01", "strokes", 1L, T0), T0);
        t.onReading(Reading.good("press-01", "strokes", 2L, T0.plusSeconds(1)), T0.plusSeconds(1));
        assertEquals(MachineState.RUNNING, t.evaluate(T0.plusSeconds(1)).orElseThrow().state());
        t.onReading(Reading.good("press-01", "strokes", 3L, T0.plusSeconds(2)), T0.plusSeconds(2));
        // One interval measured (1 s): three cycle times are now 3 s, not the nominal 12 s.
        assertEquals(Optional.empty(), t.evaluate(T0.plusSeconds(5)), "within 3 s of the last stroke");
        StateChange idle = t.evaluate(T0.plusMillis(5_100)).orElseThrow();
        assertEquals(MachineState.IDLE, idle.state());
        // A pause of a minute is not a cycle: after it, three cycle times are still about 3 s.
        t.onReading(Reading.good("press-01", "strokes", 4L, T0.plusSeconds(62)), T0.plusSeconds(62));
        assertEquals(MachineState.RUNNING, t.evaluate(T0.plusSeconds(62)).orElseThrow().state());
        assertEquals(MachineState.IDLE, t.evaluate(T0.plusMillis(65_100)).orElseThrow().state(),
                "the pause did not stretch the running window");

        MachineStateTracker nominal = new MachineStateTracker("press-02", new StateRules(List.of(
                new StateRule(MachineState.RUNNING, new Condition.Counting("strokes", null)),
                new StateRule(MachineState.IDLE, new Condition.Otherwise()))), Duration.ZERO, 4.0, at -> Optional.empty());
        nominal.onHealth(new DriverHealth(ConnectionState.CONNECTED, T0, null));
        nominal.onReading(Reading.good("press-02", "strokes", 7L, T0), T0);
        nominal.onReading(Reading.good("press-02", "strokes", 8L, T0.plusSeconds(100)), T0.plusSeconds(100));
        StateChange running = nominal.evaluate(T0.plusSeconds(100)).orElseThrow();
        assertEquals("strokes counting (advanced within the last 12 s, 3 cycle times)", running.reason(),
                "no interval measured yet: three nominal cycle times");
    }

    @Test
    void plannedMaintenanceOutranksEveryRuleButOfflineAndDown() {
        MachineStateTracker t = new MachineStateTracker("cnc-03", CNC, Duration.ZERO, null,
                at -> at.isBefore(T0.plusSeconds(60)) ? Optional.of("planned maintenance until 09:00") : Optional.empty());
        t.onHealth(new DriverHealth(ConnectionState.CONNECTED, T0, null));
        t.onReading(Reading.good("cnc-03", "alarmCode", 0L, T0), T0);
        t.onReading(Reading.good("cnc-03", "execution", 0L, T0), T0);
        t.onReading(Reading.good("cnc-03", "partCount", 0L, T0), T0);
        StateChange maintenance = t.evaluate(T0).orElseThrow();
        assertEquals(MachineState.MAINTENANCE, maintenance.state());
        assertEquals("planned maintenance until 09:00", maintenance.reason());
        t.onReading(Reading.good("cnc-03", "alarmCode", 7L, T0.plusSeconds(10)), T0.plusSeconds(10));
        assertEquals(MachineState.DOWN, t.evaluate(T0.plusSeconds(10)).orElseThrow().state());
        t.onReading(Reading.good("cnc-03", "alarmCode", 0L, T0.plusSeconds(70)), T0.plusSeconds(70));
        assertEquals(MachineState.IDLE, t.evaluate(T0.plusSeconds(70)).orElseThrow().state());
    }

    @Test
    void anOfflineRuleBeatsEveryOtherRuleAndPlannedMaintenance() {
        MachineStateTracker t = new MachineStateTracker("imm-07", EUROMAP77, Duration.ZERO, null,
                at -> Optional.of("planned maintenance until 12:00"));
        t.onHealth(new DriverHealth(ConnectionState.CONNECTED, T0, null));
        read(t, "isPresent", false, T0);
        read(t, "standstillReason", 3L, T0);
        read(t, "productionStatus", 4L, T0);
        read(t, "machineMode", 1L, T0);
        StateChange offline = t.evaluate(T0).orElseThrow();
        assertEquals(MachineState.OFFLINE, offline.state(), "connected, but the machine says it is not there");
        assertEquals("isPresent eq false (isPresent=false)", offline.reason());

        read(t, "isPresent", true, T0.plusSeconds(1));
        StateChange down = t.evaluate(T0.plusSeconds(1)).orElseThrow();
        assertEquals(MachineState.DOWN, down.state());
        assertEquals("standstillReason ne 0 (standstillReason=3) and productionStatus eq 4 (productionStatus=4)",
                down.reason());

        read(t, "standstillReason", 0L, T0.plusSeconds(2));
        assertEquals(MachineState.MAINTENANCE, t.evaluate(T0.plusSeconds(2)).orElseThrow().state());

        t.onReading(new Reading("imm-07", "isPresent", false, T0.plusSeconds(3), Quality.BAD, "Bad_NodeIdUnknown"),
                T0.plusSeconds(3));
        assertEquals(Optional.empty(), t.evaluate(T0.plusSeconds(3)), "an unknown isPresent says nothing");
    }

    @Test
    void allNeedsEveryPartAnyOnePartAndAMissingValueNeverHolds() {
        MachineStateTracker t = new MachineStateTracker("cnc-03", new StateRules(List.of(
                new StateRule(MachineState.DOWN, new Condition.Any(List.of(
                        new Condition.Compare("alarmCode", Condition.Op.NE, 0L),
                        new Condition.All(List.of(new Condition.Compare("estop", Condition.Op.EQ, true),
                                new Condition.Compare("mode", Condition.Op.EQ, 2L)))))),
                new StateRule(MachineState.RUNNING, new Condition.All(List.of(
                        new Condition.Compare("mode", Condition.Op.EQ, 1L),
                        new Condition.Any(List.of(new Condition.Compare("program", Condition.Op.EQ, "AUTO"),
                                new Condition.Compare("program", Condition.Op.EQ, "MDI")))))),
                new StateRule(MachineState.IDLE, new Condition.Otherwise()))), Duration.ZERO);
        t.onHealth(new DriverHealth(ConnectionState.CONNECTED, T0, null));
        read(t, "alarmCode", 0L, T0);
        read(t, "estop", true, T0);
        read(t, "mode", 2L, T0);
        StateChange down = t.evaluate(T0).orElseThrow();
        assertEquals(MachineState.DOWN, down.state(), "the nested all holds, so the any does");
        assertEquals("estop eq true (estop=true) and mode eq 2 (mode=2)", down.reason());

        read(t, "estop", false, T0.plusSeconds(1));
        read(t, "mode", 1L, T0.plusSeconds(1));
        StateChange unsure = t.evaluate(T0.plusSeconds(1)).orElseThrow();
        assertEquals(MachineState.OFFLINE, unsure.state(), "no program value: the any, so the all, does not hold,"
                + " but without it IDLE would rest on nothing");
        assertEquals("no reading of program yet", unsure.reason());

        read(t, "program", "MDI", T0.plusSeconds(2));
        StateChange running = t.evaluate(T0.plusSeconds(2)).orElseThrow();
        assertEquals(MachineState.RUNNING, running.state());
        assertEquals("mode eq 1 (mode=1) and program eq MDI (program=MDI)", running.reason());

        t.onReading(new Reading("cnc-03", "alarmCode", 0L, T0.plusSeconds(3), Quality.BAD, "Bad_Timeout"),
                T0.plusSeconds(3));
        read(t, "mode", 2L, T0.plusSeconds(3));
        StateChange badAlarm = t.evaluate(T0.plusSeconds(3)).orElseThrow();
        assertEquals(MachineState.OFFLINE, badAlarm.state(),
                "alarmCode ne 0 does not hold without an alarmCode, and estop is false, but a BAD alarm code may hide"
                        + " a fault");
        assertEquals("alarmCode BAD: Bad_Timeout", badAlarm.reason());
    }

    @Test
    void aCycleTimeSignalSetsTheCountingWindowAsItChangesElseTheMeasuredOrNominalOneDoes() {
        MachineStateTracker t = new MachineStateTracker("imm-07", new StateRules(List.of(
                new StateRule(MachineState.RUNNING, new Condition.Counting("cycleCounter", null, "expectedCycleTime")),
                new StateRule(MachineState.IDLE, new Condition.Otherwise()))), Duration.ZERO, 4.0, at -> Optional.empty());
        t.onHealth(new DriverHealth(ConnectionState.CONNECTED, T0, null));
        read(t, "expectedCycleTime", 10.0, T0);
        read(t, "cycleCounter", 1L, T0);
        read(t, "cycleCounter", 2L, T0.plusSeconds(10));
        StateChange running = t.evaluate(T0.plusSeconds(10)).orElseThrow();
        assertEquals("cycleCounter counting (advanced within the last 30 s, 3 cycle times of expectedCycleTime=10.0)",
                running.reason());
        assertEquals(Optional.empty(), t.evaluate(T0.plusSeconds(40)), "three announced cycle times after the count");
        assertEquals(MachineState.IDLE, t.evaluate(T0.plusSeconds(41)).orElseThrow().state());

        read(t, "expectedCycleTime", 20L, T0.plusSeconds(41));
        assertEquals("cycleCounter counting (advanced within the last 60 s, 3 cycle times of expectedCycleTime=20)",
                t.evaluate(T0.plusSeconds(41)).orElseThrow().reason(), "a longer cycle time widens the window at once");

        t.onReading(new Reading("imm-07", "expectedCycleTime", 20L, T0.plusSeconds(42), Quality.BAD, "Bad_Timeout"),
                T0.plusSeconds(42));
        StateChange fallback = t.evaluate(T0.plusSeconds(42)).orElseThrow();
        assertEquals(MachineState.IDLE, fallback.state(), "no cycle measured yet: three nominal cycle times, 12 s");
        assertEquals("cycleCounter last advanced 32 s ago (window 12 s, 3 cycle times; no good value of"
                + " expectedCycleTime)", t.explain(T0.plusSeconds(42)).rules().get(0).detail());

        read(t, "expectedCycleTime", 0L, T0.plusSeconds(43));
        assertEquals("cycleCounter last advanced 33 s ago (window 12 s, 3 cycle times; expectedCycleTime=0 is not a"
                + " cycle time)", t.explain(T0.plusSeconds(43)).rules().get(0).detail());
    }

    @Test
    void aCycleTimeSignalTellsACycleFromAPauseWhileTheCycleTimeIsLearned() {
        MachineStateTracker t = new MachineStateTracker("imm-07", new StateRules(List.of(
                new StateRule(MachineState.RUNNING, new Condition.Counting("cycleCounter", null, "expectedCycleTime")),
                new StateRule(MachineState.IDLE, new Condition.Otherwise()))), Duration.ZERO, null, at -> Optional.empty());
        t.onHealth(new DriverHealth(ConnectionState.CONNECTED, T0, null));
        read(t, "cycleCounter", 1L, T0);
        read(t, "cycleCounter", 2L, T0.plusSeconds(1));
        read(t, "cycleCounter", 3L, T0.plusSeconds(2));
        read(t, "expectedCycleTime", 20L, T0.plusSeconds(2));
        // 40 s after cycles of 1 s would be a pause; with 20 s cycles announced it is a cycle, and is learned.
        read(t, "cycleCounter", 4L, T0.plusSeconds(42));
        t.onReading(new Reading("imm-07", "expectedCycleTime", 20L, T0.plusSeconds(42), Quality.BAD, "Bad_Timeout"),
                T0.plusSeconds(42));
        assertEquals("cycleCounter counting (advanced within the last 26.4 s, 3 cycle times; no good value of"
                + " expectedCycleTime)", t.evaluate(T0.plusSeconds(42)).orElseThrow().reason(),
                "measured: 1 s, then 40 s weighing 0.2, 8.8 s");
    }

    /** The EUROMAP 77 bug of issue 16: "standstillReason ne 0" on a text signal held for every text. */
    @Test
    void aRuleMeetingAValueOfAnotherKindDoesNotHoldAndIsToldOncePerSignal() {
        List<String> warnings = new ArrayList<>();
        MachineStateTracker imm = new MachineStateTracker("imm-02", new StateRules(List.of(
                new StateRule(MachineState.DOWN, new Condition.Compare("standstillReason", Condition.Op.NE, 0L)),
                new StateRule(MachineState.SETUP, new Condition.In("machineMode", List.of(3L, 4L))),
                new StateRule(MachineState.IDLE, new Condition.Otherwise()))), DWELL, null, t -> Optional.empty(), SignalFreshness.byException(),
                warnings::add);
        imm.onHealth(new DriverHealth(ConnectionState.CONNECTED, T0, null));
        read(imm, "standstillReason", "", T0);
        read(imm, "machineMode", "SETUP", T0);
        imm.evaluate(T0);

        StateChange first = imm.evaluate(T0.plus(DWELL)).orElseThrow();
        read(imm, "standstillReason", "MATERIAL_SHORTAGE", T0.plusSeconds(3));
        imm.evaluate(T0.plusSeconds(3));
        imm.evaluate(T0.plusSeconds(6));

        assertEquals(MachineState.IDLE, first.state(), "neither text compares with the rules' numbers");
        assertEquals(MachineState.IDLE, imm.current());
        assertEquals(List.of(
                "imm-02: rule 'standstillReason ne 0' cannot compare standstillReason= (text), so it does not hold;"
                        + " check the rule's value against what the machine sends (told once per signal)",
                "imm-02: rule 'machineMode in [3, 4]' cannot compare machineMode=SETUP (text), so it does not hold;"
                        + " check the rule's value against what the machine sends (told once per signal)"), warnings);
        assertEquals("standstillReason=MATERIAL_SHORTAGE is text, which the rule cannot compare",
                imm.explain(T0.plusSeconds(6)).rules().get(0).detail());
    }

    /** Issue 16, item 4: a connected machine whose signals are all BAD was offered as IDLE. */
    @Test
    void otherwiseOverABadOrMissingSignalIsOfflineNamingTheSignal() {
        MachineStateTracker cnc = new MachineStateTracker("cnc-01", new StateRules(List.of(
                new StateRule(MachineState.DOWN, new Condition.Compare("alarmCode", Condition.Op.NE, 0L)),
                new StateRule(MachineState.RUNNING, new Condition.Compare("spindleRpm", Condition.Op.GT, 50L)),
                new StateRule(MachineState.IDLE, new Condition.Otherwise()))), Duration.ZERO);
        cnc.onHealth(new DriverHealth(ConnectionState.CONNECTED, T0, null));
        cnc.onReading(new Reading("cnc-01", "alarmCode", null, T0, Quality.BAD, "Illegal Data Address"), T0);
        cnc.onReading(new Reading("cnc-01", "spindleRpm", null, T0, Quality.BAD, "Illegal Data Address"), T0);

        StateChange allBad = cnc.evaluate(T0).orElseThrow();
        read(cnc, "alarmCode", 0L, T0.plusSeconds(1));
        assertEquals(Optional.empty(), cnc.evaluate(T0.plusSeconds(1)), "still OFFLINE");
        StateExplanation oneBad = cnc.explain(T0.plusSeconds(1));
        read(cnc, "spindleRpm", 0L, T0.plusSeconds(2));
        StateChange idle = cnc.evaluate(T0.plusSeconds(2)).orElseThrow();

        assertEquals(MachineState.OFFLINE, allBad.state(), "otherwise: true over BAD signals offers nothing");
        assertEquals("alarmCode BAD: Illegal Data Address; spindleRpm BAD: Illegal Data Address", allBad.reason());
        assertEquals("spindleRpm BAD: Illegal Data Address", oneBad.decidedReason());
        assertEquals(MachineState.IDLE, idle.state());
    }

    /** Staleness is on the monotonic clock, and re-evaluated on ticks without a new reading. */
    @Test
    void aPolledSignalWithoutAReadingForThreeReportIntervalsIsStaleSoNotIdle() {
        MachineStateTracker cnc = new MachineStateTracker("cnc-01", new StateRules(List.of(
                new StateRule(MachineState.DOWN, new Condition.Compare("alarmCode", Condition.Op.NE, 0L)),
                new StateRule(MachineState.IDLE, new Condition.Otherwise()))), Duration.ZERO, null,
                at -> Optional.empty(), new SignalFreshness(Map.of("alarmCode", Duration.ofSeconds(3))));
        long start = 5_000_000_000L;
        cnc.onHealth(new DriverHealth(ConnectionState.CONNECTED, T0, null));
        cnc.onReading(Reading.good("cnc-01", "alarmCode", 0L, T0), start);
        assertEquals(MachineState.IDLE, cnc.evaluate(T0, start).orElseThrow().state());

        // The wall clock steps back a day meanwhile: staleness does not care.
        Instant wall = T0.minus(Duration.ofDays(1));
        assertEquals(Optional.empty(), cnc.evaluate(wall, start + 3_000_000_000L), "3 s: still fresh");
        StateChange stale = cnc.evaluate(wall.plusSeconds(1), start + 4_000_000_000L).orElseThrow();
        cnc.onReading(Reading.good("cnc-01", "alarmCode", 0L, wall), start + 5_000_000_000L);
        StateChange fresh = cnc.evaluate(wall.plusSeconds(2), start + 5_000_000_000L).orElseThrow();

        assertEquals(MachineState.OFFLINE, stale.state());
        assertEquals("no reading of alarmCode for 4 s (due at least every 1 s)", stale.reason());
        assertEquals(MachineState.IDLE, fresh.state());
    }

    private static void read(MachineStateTracker t, String signal, Object value, Instant at) {
        t.onReading(Reading.good("m", signal, value, at), at);
    }

    private void connect(Instant at) {
        tracker.onHealth(new DriverHealth(ConnectionState.CONNECTED, at, null));
    }

    private void read(String signal, Object value, Instant at) {
        tracker.onReading(Reading.good("cnc-03", signal, value, at), at);
    }
}
