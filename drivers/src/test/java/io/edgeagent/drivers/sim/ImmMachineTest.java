package io.edgeagent.drivers.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImmMachineTest {

    private static final Duration TICK = Duration.ofMillis(100);

    private final ImmMachine machine = new ImmMachine(Duration.ofSeconds(1), 4, new Random(7), Phase.PRODUCING);

    @Test
    void producingCountsOneCyclePerCycleTimeWithinTheJitter() {
        run(Duration.ofMillis(5_500));

        ImmMachine.State state = machine.state();
        assertEquals(5, state.cycleCounter(), "cycles of 0.98..1.02 s in 5.5 s");
        assertTrue(state.lastCycleTime() >= 0.98 && state.lastCycleTime() <= 1.02, "last: " + state.lastCycleTime());
        assertEquals(1.0, state.expectedCycleTime());
        assertEquals(4, state.numCavities());
    }

    @Test
    void clampForcePeaksOnceEachCycleAndProcessValuesStayNearSetpoints() {
        double max = 0;
        double min = Double.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            machine.advance(TICK);
            ImmMachine.State state = machine.state();
            max = Math.max(max, state.clampForce());
            min = Math.min(min, state.clampForce());
            assertTrue(Math.abs(state.mouldTemperature() - ImmMachine.MOULD_SETPOINT) < 3, "mould " + state);
            assertTrue(Math.abs(state.meltTemperature() - ImmMachine.MELT_SETPOINT) < 10, "melt " + state);
        }
        assertTrue(max > 0.9 * ImmMachine.CLAMP_FORCE_NOMINAL, "peak " + max);
        assertEquals(0, min, "the mould opens each cycle");
    }

    @Test
    void everyOtherPhaseHoldsTheCounterAndProcessValues() {
        run(Duration.ofMillis(2_550));
        for (Phase phase : new Phase[] {Phase.IDLE, Phase.SETUP, Phase.STANDSTILL}) {
            machine.setPhase(phase);
            ImmMachine.State entered = machine.state();
            run(Duration.ofSeconds(5));

            assertEquals(entered, machine.state(), "nothing moves in " + phase);
            assertEquals(0, entered.clampForce());
        }
        machine.setPhase(Phase.PRODUCING);
        long before = machine.state().cycleCounter();
        run(Duration.ofMillis(1_100));
        assertEquals(before + 1, machine.state().cycleCounter(), "an interrupted cycle starts over");
    }

    private void run(Duration simulated) {
        for (long t = 0; t < simulated.toMillis(); t += TICK.toMillis()) {
            machine.advance(TICK);
        }
    }
}
