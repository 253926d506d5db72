package io.edgeagent.drivers.sim;

import static io.edgeagent.drivers.sim.Scenario.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioTest {

    private final Scenario scenario = Scenario.of(
            step(Phase.PRODUCING, Duration.ofSeconds(10)),
            step(Phase.IDLE, Duration.ofSeconds(5)));

    @Test
    void runsEachStepForItsDurationAndLoops() {
        assertEquals(Phase.PRODUCING, scenario.phaseAt(Duration.ZERO));
        assertEquals(Phase.PRODUCING, scenario.phaseAt(Duration.ofMillis(9_999)));
        assertEquals(Phase.IDLE, scenario.phaseAt(Duration.ofSeconds(10)));
        assertEquals(Phase.IDLE, scenario.phaseAt(Duration.ofMillis(14_999)));
        assertEquals(Phase.PRODUCING, scenario.phaseAt(Duration.ofSeconds(15)));
        assertEquals(Phase.IDLE, scenario.phaseAt(Duration.ofSeconds(15 * 1000 + 12)));
        assertEquals(Duration.ofSeconds(15), scenario.length());
    }

    @Test
    void theDemoVisitsEveryPhase() {
        assertEquals(List.of(Phase.values()).stream().sorted().toList(),
                Scenario.demo().steps().stream().map(Scenario.Step::phase).distinct().sorted().toList());
    }

    @Test
    void rejectsEmptyScenariosAndStepsWithoutDuration() {
        assertThrows(IllegalArgumentException.class, Scenario::of);
        assertThrows(IllegalArgumentException.class, () -> step(Phase.SETUP, Duration.ZERO));
    }
}
