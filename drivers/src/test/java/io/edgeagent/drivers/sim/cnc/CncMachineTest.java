package io.edgeagent.drivers.sim.cnc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CncMachineTest {

    private static final Duration TICK = Duration.ofMillis(100);
    private static final Duration CYCLE = Duration.ofMillis(300);
    private static final double SETPOINT = 8000;

    @Test
    void cuttingCountsOnePartPerCycleTime() {
        CncMachine machine = machine(CncPhase.CUTTING);

        run(machine, Duration.ofMillis(1_000));
        assertEquals(3, machine.state().partCount(), "three 300 ms cycles in 1 s");

        run(machine, Duration.ofMillis(200));
        assertEquals(4, machine.state().partCount(), "the fourth finishes at 1.2 s");
    }

    @Test
    void whileCuttingTheSpindleRunsNearItsSetpointUnderAChangingLoad() {
        CncMachine machine = machine(CncPhase.CUTTING);
        double minLoad = Double.MAX_VALUE;
        double maxLoad = 0;
        for (int i = 0; i < 50; i++) {
            machine.advance(TICK);
            CncMachine.State state = machine.state();
            assertTrue(Math.abs(state.spindleRpm() - SETPOINT) <= SETPOINT * CncMachine.RPM_TOLERANCE, "rpm " + state);
            assertTrue(state.spindleLoad() >= CncMachine.LOAD_MIN && state.spindleLoad() <= CncMachine.LOAD_MAX,
                    "load " + state);
            minLoad = Math.min(minLoad, state.spindleLoad());
            maxLoad = Math.max(maxLoad, state.spindleLoad());
        }
        assertTrue(maxLoad - minLoad > 5, "the load follows the cut: " + minLoad + ".." + maxLoad);
        assertEquals("O1234", machine.state().program());
    }

    @Test
    void everyOtherPhaseHoldsTheCounterAndStopsTheSpindle() {
        CncMachine machine = machine(CncPhase.CUTTING);
        run(machine, Duration.ofMillis(700));
        for (CncPhase phase : new CncPhase[] {CncPhase.IDLE, CncPhase.SETUP, CncPhase.ALARM, CncPhase.FEED_HOLD}) {
            machine.setPhase(phase);
            CncMachine.State entered = machine.state();
            assertEquals(new CncMachine.State(phase, 2, 0, 0, "O1234"), entered, "entering " + phase);

            run(machine, Duration.ofSeconds(5));
            assertEquals(entered, machine.state(), "nothing moves in " + phase);
        }
    }

    @Test
    void aFeedHoldPausesTheCycleWhileAnyOtherStopAbortsIt() {
        CncMachine machine = machine(CncPhase.CUTTING);
        run(machine, Duration.ofMillis(200));
        machine.setPhase(CncPhase.FEED_HOLD);
        run(machine, Duration.ofSeconds(1));
        machine.setPhase(CncPhase.CUTTING);
        run(machine, Duration.ofMillis(100));
        assertEquals(1, machine.state().partCount(), "200 ms before the hold and 100 ms after finish one part");

        run(machine, Duration.ofMillis(200));
        machine.setPhase(CncPhase.IDLE);
        machine.setPhase(CncPhase.CUTTING);
        run(machine, Duration.ofMillis(200));
        assertEquals(1, machine.state().partCount(), "the aborted cycle starts over");
        run(machine, Duration.ofMillis(100));
        assertEquals(2, machine.state().partCount());
    }

    @Test
    void theSpindleAgreesWithThePhaseTheMomentItChanges() {
        CncMachine machine = machine(CncPhase.IDLE);
        assertEquals(0, machine.state().spindleRpm());

        machine.setPhase(CncPhase.CUTTING);
        assertTrue(machine.state().spindleRpm() > 0, "spinning without waiting for time: " + machine.state());
        assertTrue(machine.state().spindleLoad() >= CncMachine.LOAD_MIN, "cutting: " + machine.state());

        machine.setPhase(CncPhase.ALARM);
        assertEquals(0, machine.state().spindleRpm());
        assertEquals(0, machine.state().spindleLoad());
    }

    private static CncMachine machine(CncPhase initial) {
        return new CncMachine(CYCLE, SETPOINT, "O1234", new Random(7), initial);
    }

    private static void run(CncMachine machine, Duration simulated) {
        for (long t = 0; t < simulated.toMillis(); t += TICK.toMillis()) {
            machine.advance(TICK);
        }
    }
}
