package io.edgeagent.drivers.sim.machinetool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.junit.jupiter.api.Test;

class MachineToolTest {

    private static final Duration TICK = Duration.ofMillis(100);
    private static final double SETPOINT = 8000;

    private final MachineTool machine = new MachineTool(Duration.ofSeconds(1), SETPOINT, "P-1", new Random(3),
            MachineToolPhase.PRODUCING);

    @Test
    void producingFinishesOnePartPerCycleWithTheSpindleNearItsSetpoint() {
        for (int i = 0; i < 35; i++) {
            machine.advance(TICK);
            double speed = machine.state().spindleSpeed();
            assertTrue(Math.abs(speed - SETPOINT) <= SETPOINT * MachineTool.SPEED_TOLERANCE, "speed " + speed);
        }

        assertEquals(3, machine.state().partsProduced());
        assertEquals(UInteger.valueOf(3), machine.state().value(MachineToolNode.PARTS_PRODUCED_IN_LIFETIME));
    }

    @Test
    void everyOtherPhaseHoldsTheCounterWithTheSpindleStillAndAStopLosesThePart() {
        run(Duration.ofMillis(1_500));
        for (MachineToolPhase phase : new MachineToolPhase[] {MachineToolPhase.IDLE, MachineToolPhase.SETUP,
            MachineToolPhase.FAULT, MachineToolPhase.MAINTENANCE, MachineToolPhase.NOT_AVAILABLE}) {
            machine.setPhase(phase);
            MachineTool.State entered = machine.state();
            run(Duration.ofSeconds(3));

            assertEquals(entered, machine.state(), "nothing moves in " + phase);
            assertEquals(0.0, entered.spindleSpeed());
            assertEquals(1, entered.partsProduced());
        }
        machine.setPhase(MachineToolPhase.PRODUCING);
        run(Duration.ofMillis(900));
        assertEquals(1, machine.state().partsProduced(), "the part cut short is not finished later");
    }

    @Test
    void statesAreEnglishLocalizedTexts() {
        machine.setPhase(MachineToolPhase.FAULT);

        assertEquals(LocalizedText.english("Aborted"), machine.state().value(MachineToolNode.PROGRAM_STATE));
        assertEquals(LocalizedText.english("OutOfService"),
                machine.state().value(MachineToolNode.MACHINERY_ITEM_STATE));
        assertEquals(LocalizedText.english("Processing"),
                machine.state().value(MachineToolNode.MACHINERY_OPERATION_MODE));
        assertEquals("P-1", machine.state().value(MachineToolNode.PROGRAM_NAME));
    }

    private void run(Duration simulated) {
        for (long t = 0; t < simulated.toMillis(); t += TICK.toMillis()) {
            machine.advance(TICK);
        }
    }

    /** OPC 40501-1 makes PartsProducedInLifetime a UInt32: past its range it wraps, as a control's counter does. */
    @Test
    void partsProducedWrapsAsUInt32() {
        MachineTool.State huge = new MachineTool.State(MachineToolPhase.PRODUCING, "O1", (1L << 32) + 3, 0);

        assertEquals(UInteger.valueOf(3), huge.value(MachineToolNode.PARTS_PRODUCED_IN_LIFETIME));
    }
}
