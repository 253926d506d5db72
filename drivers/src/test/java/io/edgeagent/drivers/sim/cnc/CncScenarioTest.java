package io.edgeagent.drivers.sim.cnc;

import static io.edgeagent.drivers.sim.cnc.CncScenario.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.EnumSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CncScenarioTest {

    private final CncScenario scenario = CncScenario.of(
            step(CncPhase.CUTTING, Duration.ofSeconds(10)),
            step(CncPhase.FEED_HOLD, Duration.ofSeconds(2)),
            step(CncPhase.IDLE, Duration.ofSeconds(3)));

    @Test
    void runsEachStepForItsDurationAndLoops() {
        assertEquals(CncPhase.CUTTING, scenario.phaseAt(Duration.ZERO));
        assertEquals(CncPhase.CUTTING, scenario.phaseAt(Duration.ofMillis(9_999)));
        assertEquals(CncPhase.FEED_HOLD, scenario.phaseAt(Duration.ofSeconds(10)));
        assertEquals(CncPhase.IDLE, scenario.phaseAt(Duration.ofMillis(14_999)));
        assertEquals(CncPhase.CUTTING, scenario.phaseAt(Duration.ofSeconds(15)));
        assertEquals(CncPhase.IDLE, scenario.phaseAt(Duration.ofSeconds(15 * 1000 + 13)));
        assertEquals(Duration.ofSeconds(15), scenario.length());
    }

    @Test
    void theDemoLoopsThroughEveryPhaseInNinetySeconds() {
        CncScenario demo = CncScenario.demo();

        assertEquals(EnumSet.allOf(CncPhase.class),
                demo.steps().stream().map(CncScenario.Step::phase).collect(Collectors.toCollection(
                        () -> EnumSet.noneOf(CncPhase.class))));
        assertEquals(Duration.ofSeconds(90), demo.length());
    }

    @Test
    void rejectsEmptyScenariosAndStepsWithoutDuration() {
        assertThrows(IllegalArgumentException.class, CncScenario::of);
        assertThrows(IllegalArgumentException.class, () -> step(CncPhase.SETUP, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> step(CncPhase.SETUP, Duration.ofSeconds(-1)));
    }
}
