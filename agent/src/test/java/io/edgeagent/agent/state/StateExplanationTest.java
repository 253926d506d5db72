package io.edgeagent.agent.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.edgeagent.agent.config.Condition;
import io.edgeagent.agent.config.MachineState;
import io.edgeagent.agent.config.StateRule;
import io.edgeagent.agent.config.StateRules;
import io.edgeagent.drivers.ConnectionState;
import io.edgeagent.drivers.DriverHealth;
import io.edgeagent.drivers.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code edge-agent why} shows: every rule checked against the values now, and what waits for the dwell. */
class StateExplanationTest {

    private static final Instant T0 = Instant.parse("2026-11-24T08:00:00Z");
    private static final Duration DWELL = Duration.ofSeconds(2);
    private static final StateRules RULES = new StateRules(List.of(
            new StateRule(MachineState.DOWN, new Condition.Compare("alarmCode", Condition.Op.NE, 0L)),
            new StateRule(MachineState.SETUP, new Condition.In("execution", List.of(3L, 4L))),
            new StateRule(MachineState.RUNNING, new Condition.Counting("partCount", Duration.ofSeconds(10))),
            new StateRule(MachineState.IDLE, new Condition.Otherwise())));

    private final MachineStateTracker tracker = new MachineStateTracker("cnc-03", RULES, DWELL);

    @Test
    void everyRuleIsCheckedAgainstTheValuesNowAndTheStateInForceKeepsItsSinceAndReason() {
        tracker.onHealth(new DriverHealth(ConnectionState.CONNECTED, T0, null));
        read("alarmCode", 0L, T0);
        read("execution", 2L, T0);
        read("partCount", 100L, T0);
        tracker.evaluate(T0);
        tracker.evaluate(T0.plus(DWELL));
        read("partCount", 101L, T0.plusSeconds(4));

        StateExplanation why = tracker.explain(T0.plusSeconds(5));
        assertEquals(MachineState.IDLE, why.state());
        assertEquals(T0, why.since());
        assertEquals("otherwise", why.reason());
        assertEquals(Map.of("alarmCode", 0L, "execution", 2L, "partCount", 101L), why.values());
        assertEquals(List.of(
                new StateExplanation.RuleCheck(MachineState.DOWN, "alarmCode ne 0", false, "alarmCode=0"),
                new StateExplanation.RuleCheck(MachineState.SETUP, "execution in [3, 4]", false, "execution=2"),
                new StateExplanation.RuleCheck(MachineState.RUNNING, "counting partCount within 10 s", true,
                        "partCount counting (advanced within the last 10 s)"),
                new StateExplanation.RuleCheck(MachineState.IDLE, "otherwise", true, "otherwise")), why.rules());
        assertEquals(MachineState.RUNNING, why.decided());
        assertNull(why.pending(), "nothing waits until an evaluation has seen the new state");

        tracker.evaluate(T0.plusSeconds(5));
        StateExplanation waiting = tracker.explain(T0.plusSeconds(6));
        assertEquals(MachineState.IDLE, waiting.state(), "the change waits for the dwell");
        assertEquals(MachineState.RUNNING, waiting.pending());
        assertEquals(T0.plusSeconds(5), waiting.pendingSince());
        assertEquals(DWELL, waiting.dwell());
    }

    @Test
    void aCounterThatStoppedSaysHowLongAgoItMoved() {
        tracker.onHealth(new DriverHealth(ConnectionState.CONNECTED, T0, null));
        read("partCount", 100L, T0);
        read("partCount", 101L, T0.plusSeconds(1));
        StateExplanation why = tracker.explain(T0.plusSeconds(31));
        assertEquals("partCount last advanced 30 s ago (window 10 s)", why.rules().get(2).detail());
        assertEquals("no good value of alarmCode", why.rules().get(0).detail());
    }

    @Test
    void aMachineThatCannotBeReadHasItsRulesUncheckedAndTheReasonSaysWhy() {
        tracker.onHealth(new DriverHealth(ConnectionState.DISCONNECTED, T0, "connection refused"));
        StateExplanation why = tracker.explain(T0);
        assertNull(why.state(), "no state before the first evaluation");
        assertEquals(MachineState.OFFLINE, why.decided());
        assertEquals("not reachable: connection refused", why.decidedReason());
        assertEquals("not checked: the driver is not connected", why.rules().get(0).detail());
    }

    @Test
    void aCompositeRuleSaysWhichPartFailedAndWithWhatValues() {
        MachineStateTracker imm = new MachineStateTracker("imm-07", MachineStateTrackerTest.EUROMAP77, DWELL);
        imm.onHealth(new DriverHealth(ConnectionState.CONNECTED, T0, null));
        read(imm, "isPresent", true, T0);
        read(imm, "standstillReason", 0L, T0);
        read(imm, "productionStatus", 2L, T0);
        read(imm, "machineMode", 1L, T0);
        read(imm, "expectedCycleTime", 32.0, T0);
        read(imm, "cycleCounter", 5L, T0);
        read(imm, "cycleCounter", 6L, T0.plusSeconds(30));

        assertEquals(List.of(
                new StateExplanation.RuleCheck(MachineState.OFFLINE, "isPresent eq false", false, "isPresent=true"),
                new StateExplanation.RuleCheck(MachineState.DOWN, "standstillReason ne 0 and productionStatus eq 4", false,
                        "standstillReason ne 0 does not hold: standstillReason=0;"
                                + " productionStatus eq 4 does not hold: productionStatus=2"),
                new StateExplanation.RuleCheck(MachineState.SETUP, "machineMode in [3, 4]", false, "machineMode=1"),
                new StateExplanation.RuleCheck(MachineState.RUNNING, "machineMode eq 1 and productionStatus eq 4 and"
                        + " counting cycleCounter within 3 cycle times of expectedCycleTime", false,
                        "productionStatus eq 4 does not hold: productionStatus=2"),
                new StateExplanation.RuleCheck(MachineState.IDLE, "machineMode ge 0", true,
                        "machineMode ge 0 (machineMode=1)")), imm.explain(T0.plusSeconds(40)).rules());

        read(imm, "productionStatus", 4L, T0.plusSeconds(40));
        StateExplanation running = imm.explain(T0.plusSeconds(40));
        assertEquals(MachineState.RUNNING, running.decided());
        assertEquals("machineMode eq 1 (machineMode=1) and productionStatus eq 4 (productionStatus=4) and cycleCounter"
                + " counting (advanced within the last 96 s, 3 cycle times of expectedCycleTime=32.0)",
                running.decidedReason());

        StateExplanation stopped = imm.explain(T0.plusSeconds(130));
        assertEquals("counting cycleCounter within 3 cycle times of expectedCycleTime does not hold: cycleCounter last"
                + " advanced 100 s ago (window 96 s, 3 cycle times of expectedCycleTime=32.0)",
                stopped.rules().get(3).detail());
    }

    @Test
    void nestedRulesAreWrittenWithParenthesesAndAnAnyThatFailsShowsWhatEachPartSaw() {
        MachineStateTracker m = new MachineStateTracker("m", new StateRules(List.of(
                new StateRule(MachineState.DOWN, new Condition.Any(List.of(
                        new Condition.All(List.of(new Condition.Compare("a", Condition.Op.EQ, 1L),
                                new Condition.Compare("b", Condition.Op.EQ, 2L))),
                        new Condition.Compare("c", Condition.Op.EQ, true)))),
                new StateRule(MachineState.RUNNING, new Condition.All(List.of(
                        new Condition.Any(List.of(new Condition.Compare("x", Condition.Op.EQ, 1L),
                                new Condition.Compare("x", Condition.Op.EQ, 2L))),
                        new Condition.Compare("y", Condition.Op.EQ, 1L)))))), DWELL);
        m.onHealth(new DriverHealth(ConnectionState.CONNECTED, T0, null));
        read(m, "a", 1L, T0);
        read(m, "b", 0L, T0);
        read(m, "x", 3L, T0);
        read(m, "y", 1L, T0);

        assertEquals(List.of(
                new StateExplanation.RuleCheck(MachineState.DOWN, "(a eq 1 and b eq 2) or c eq true", false,
                        "b eq 2 does not hold: b=0; no good value of c"),
                new StateExplanation.RuleCheck(MachineState.RUNNING, "(x eq 1 or x eq 2) and y eq 1", false,
                        "(x eq 1 or x eq 2) does not hold: x=3")), m.explain(T0).rules());
    }

    private static void read(MachineStateTracker t, String signal, Object value, Instant at) {
        t.onReading(Reading.good("m", signal, value, at), at);
    }

    private void read(String signal, Object value, Instant at) {
        tracker.onReading(Reading.good("cnc-03", signal, value, at), at);
    }
}
