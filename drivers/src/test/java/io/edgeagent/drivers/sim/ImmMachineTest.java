package io.edgeagent.drivers.sim;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ulong;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImmMachineTest {

    private static final Duration TICK = Duration.ofMillis(100);

    private final ImmMachine machine = new ImmMachine(new ActiveJob("JOB-7", "M-7", Duration.ofSeconds(1), 4),
            new Random(7), Phase.PRODUCING);

    @Test
    void producingCountsOneCyclePerCycleTimeWithinTheJitter() {
        run(Duration.ofMillis(5_500));

        ImmMachine.State state = machine.state();
        assertEquals(5, state.cycleCounter(), "cycles of 0.98..1.02 s in 5.5 s");
        assertTrue(state.lastCycleTime() >= 980 && state.lastCycleTime() <= 1020, "last ms: " + state.lastCycleTime());
        assertEquals(1000.0, state.expectedCycleTime(), "a Duration: milliseconds");
        assertEquals(4, state.job().cavities());
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
        for (Phase phase : new Phase[] {Phase.IDLE, Phase.SETUP, Phase.STANDSTILL, Phase.MANUAL, Phase.SLEEP,
            Phase.STALLED}) {
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

    @Test
    void partsCountPerCavityAndEveryFiftiethCycleHasOneReject() {
        run(Duration.ofMillis(50_500));

        ImmMachine.State state = machine.state();
        assertEquals(50, state.cycleCounter(), "cycles of 0.98..1.02 s in 50.5 s");
        assertEquals(200, state.partsCounter());
        assertEquals(199, state.goodParts());
        assertEquals(ulong(199), state.value(ImmNode.JOB_GOOD_PARTS_COUNTER));
    }

    @Test
    void readyCyclesButItsPartsAreNotGoodYet() {
        machine.setPhase(Phase.READY);
        run(Duration.ofMillis(2_500));

        ImmMachine.State state = machine.state();
        assertEquals(2, state.cycleCounter());
        assertEquals(8, state.partsCounter());
        assertEquals(0, state.goodParts());
    }

    @Test
    void aMachineSwitchedOffHoldsEverythingAndStartsAFreshCycleWhenBack() {
        run(Duration.ofMillis(1_550));
        machine.setPresent(false);
        ImmMachine.State off = machine.state();
        run(Duration.ofSeconds(5));

        assertEquals(off, machine.state(), "nothing moves while off");
        assertEquals(false, off.value(ImmNode.IS_PRESENT));
        machine.setPresent(true);
        run(Duration.ofMillis(900));
        assertEquals(off.cycleCounter(), machine.state().cycleCounter(), "the cycle cut by switching off is lost");
        assertEquals(true, machine.state().value(ImmNode.IS_PRESENT));
    }

    /** OPC 40083 makes the job counters UInt64: a count beyond UInt32 does not wrap. */
    @Test
    void countersAreUInt64() {
        ImmMachine.State huge = new ImmMachine.State(Phase.PRODUCING, true, machine.state().job(), (1L << 32) + 3,
                (1L << 32) + 1, 0, 0, 0, 0);

        assertEquals(ulong((1L << 32) + 3), huge.value(ImmNode.JOB_CYCLE_COUNTER));
        assertEquals(ulong(((1L << 32) + 3) * 4), huge.value(ImmNode.JOB_PARTS_COUNTER));
        assertEquals(ulong(((1L << 32) + 3) * 4 - (1L << 32) - 1), huge.value(ImmNode.JOB_BAD_PARTS_COUNTER));
    }
}
