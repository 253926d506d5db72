package io.edgeagent.drivers.sim;

import static io.edgeagent.drivers.sim.Scenario.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.EnumSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ScenarioTest {

    private final Scenario<Phase> scenario = Scenario.of(
            step(Phase.PRODUCING, Duration.ofSeconds(10)),
            step(Phase.STANDSTILL, Duration.ofSeconds(2)),
            step(Phase.IDLE, Duration.ofSeconds(3)));

    @Test
    void runsEachStepForItsDurationAndLoops() {
        assertEquals(Phase.PRODUCING, scenario.phaseAt(Duration.ZERO));
        assertEquals(Phase.PRODUCING, scenario.phaseAt(Duration.ofMillis(9_999)));
        assertEquals(Phase.STANDSTILL, scenario.phaseAt(Duration.ofSeconds(10)));
        assertEquals(Phase.IDLE, scenario.phaseAt(Duration.ofSeconds(12)));
        assertEquals(Phase.IDLE, scenario.phaseAt(Duration.ofMillis(14_999)));
        assertEquals(Phase.PRODUCING, scenario.phaseAt(Duration.ofSeconds(15)));
        assertEquals(Phase.IDLE, scenario.phaseAt(Duration.ofSeconds(15 * 1000 + 13)));
        assertEquals(Duration.ofSeconds(15), scenario.length());
    }

    @Test
    void theDemoLoopsThroughProductionAPauseAStandstillAndASetupInNinetySeconds() {
        Scenario<Phase> demo = Scenario.demo();

        assertEquals(EnumSet.of(Phase.PRODUCING, Phase.IDLE, Phase.STANDSTILL, Phase.SETUP), demo.steps().stream().map(Scenario.Step::phase)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Phase.class))));
        assertEquals(Duration.ofSeconds(90), demo.length());
    }

    @Test
    void rejectsEmptyScenariosAndStepsWithoutDuration() {
        assertThrows(IllegalArgumentException.class, Scenario::of);
        assertThrows(IllegalArgumentException.class, () -> step(Phase.SETUP, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> step(Phase.SETUP, Duration.ofSeconds(-1)));
    }
}
