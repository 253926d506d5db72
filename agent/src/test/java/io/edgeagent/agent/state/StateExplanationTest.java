package io.edgeagent.agent.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.edgeagent.agent.config.Condition;
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

    private void read(String signal, Object value, Instant at) {
        tracker.onReading(Reading.good("cnc-03", signal, value, at), at);
    }
}
