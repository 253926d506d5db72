package io.edgeagent.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** State rules as the tracker and a profile's defaults rely on them: priority order, one rule per state. */
class StateRulesTest {

    private static final StateRule OFFLINE = new StateRule(MachineState.OFFLINE,
            new Condition.Compare("isPresent", Condition.Op.EQ, false));
    private static final StateRule DOWN = new StateRule(MachineState.DOWN,
            new Condition.Compare("standstillReason", Condition.Op.NE, 0L));
    private static final StateRule SETUP = new StateRule(MachineState.SETUP,
            new Condition.In("machineMode", List.of(3L, 4L)));
    private static final StateRule RUNNING = new StateRule(MachineState.RUNNING,
            new Condition.Counting("cycleCounter", null, "expectedCycleTime"));
    private static final StateRule IDLE = new StateRule(MachineState.IDLE, new Condition.Otherwise());

    @Test
    void rulesAreKeptInPriorityOrderWhateverOrderTheyAreGivenIn() {
        assertEquals(List.of(OFFLINE, DOWN, RUNNING, IDLE), new StateRules(List.of(IDLE, RUNNING, OFFLINE, DOWN)).rules());
    }

    @Test
    void theFileReplacesAProfilesRulePerStateAndTheProfilesOtherRulesStay() {
        StateRules profile = new StateRules(List.of(OFFLINE, DOWN, SETUP, RUNNING));
        StateRule fileDown = new StateRule(MachineState.DOWN, new Condition.Compare("alarm", Condition.Op.EQ, true));
        StateRules file = new StateRules(List.of(IDLE, fileDown), Duration.ofSeconds(5));

        StateRules merged = profile.overriddenBy(file);

        assertEquals(List.of(OFFLINE, fileDown, SETUP, RUNNING, IDLE), merged.rules());
        assertEquals(Duration.ofSeconds(5), merged.dwell(), "the dwell is the technician's");
    }

    @Test
    void aStateHasOneRuleAndOfflineNeverAlwaysHolds() {
        assertThrows(IllegalArgumentException.class, () -> new StateRules(List.of(DOWN, IDLE, DOWN)));
        assertThrows(IllegalArgumentException.class,
                () -> new StateRule(MachineState.OFFLINE, new Condition.Otherwise()));
        assertThrows(IllegalArgumentException.class, () -> new Condition.All(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Condition.Any(List.of(new Condition.Otherwise())));
        assertThrows(IllegalArgumentException.class,
                () -> new Condition.Counting("cycleCounter", Duration.ofSeconds(3), "expectedCycleTime"));
    }
}
