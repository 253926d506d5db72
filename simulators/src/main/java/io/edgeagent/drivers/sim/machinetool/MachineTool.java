package io.edgeagent.drivers.sim.machinetool;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.edgeagent.drivers.sim.opcua.SimMachine;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;

/**
 * The simulated machine tool itself, without OPC UA: phase, parts counter and spindle, advanced by simulated
 * time. Not thread-safe; {@link MachineToolSimulator} serialises access.
 */
final class MachineTool implements SimMachine<MachineToolPhase, MachineToolNode, MachineTool.State> {

    /**
     * Everything the machine shows at one moment; the rest follows from the phase.
     *
     * @param program      the active program's name
     * @param partsProduced finished cycles since the machine was built
     * @param spindleSpeed rpm, 0 unless producing
     */
    record State(MachineToolPhase phase, String program, long partsProduced, double spindleSpeed)
            implements SimMachine.State<MachineToolPhase, MachineToolNode> {

        State {
            Objects.requireNonNull(phase, "phase");
            Objects.requireNonNull(program, "program");
        }

        @Override
        public Object value(MachineToolNode node) {
            return switch (node) {
                case OPERATION_MODE -> phase.operationMode().value();
                case CHANNEL_STATE -> phase.channelState().value();
                case FEED_OVERRIDE -> phase.feedOverride();
                case SPINDLE_IS_ROTATING -> spindleSpeed > 0;
                case SPINDLE_SPEED -> spindleSpeed;
                case PROGRAM_NAME -> program;
                case PROGRAM_STATE -> LocalizedText.english(phase.programState().text());
                case PROGRAM_STATE_ID -> phase.programState().id();
                case PROGRAM_STATE_NUMBER -> uint(phase.programState().number());
                case PARTS_PRODUCED_IN_LIFETIME -> uint32(partsProduced);
                case MACHINERY_ITEM_STATE -> LocalizedText.english(phase.itemState().text());
                case MACHINERY_ITEM_STATE_ID -> phase.itemState().id();
                case MACHINERY_OPERATION_MODE -> LocalizedText.english(phase.machineryOperationMode().text());
                case MACHINERY_OPERATION_MODE_ID -> phase.machineryOperationMode().id();
            };
        }

        /** A UInt32 counter wraps like the control's own would. */
        private static Object uint32(long counter) {
            return uint(counter & 0xFFFF_FFFFL);
        }
    }

    /** Speed noise never takes the spindle further than this fraction from its setpoint. */
    static final double SPEED_TOLERANCE = 0.01;
    private static final double SPEED_NOISE = 0.002;

    private final long cycleNanos;
    private final double spindleSetpoint;
    private final String program;
    private final Random random;

    private MachineToolPhase phase;
    private long partsProduced;
    private long inCycleNanos;
    private double spindleSpeed;

    MachineTool(Duration cycleTime, double spindleSetpoint, String program, Random random, MachineToolPhase initial) {
        this.cycleNanos = cycleTime.toNanos();
        this.spindleSetpoint = spindleSetpoint;
        this.program = program;
        this.random = random;
        this.phase = initial;
        sampleSpindle();
    }

    @Override
    public void setPhase(MachineToolPhase next) {
        if (next != phase) {
            phase = next;
            // A stopped program does not resume: the part it was cutting is not counted.
            inCycleNanos = 0;
            sampleSpindle();
        }
    }

    /** Only production moves anything: in the other phases the counter holds and the spindle stands. */
    @Override
    public void advance(Duration elapsed) {
        if (phase != MachineToolPhase.PRODUCING) {
            return;
        }
        inCycleNanos += elapsed.toNanos();
        partsProduced += inCycleNanos / cycleNanos;
        inCycleNanos %= cycleNanos;
        sampleSpindle();
    }

    @Override
    public State state() {
        return new State(phase, program, partsProduced, spindleSpeed);
    }

    private void sampleSpindle() {
        if (phase != MachineToolPhase.PRODUCING) {
            spindleSpeed = 0;
            return;
        }
        double noise = Math.max(-SPEED_TOLERANCE, Math.min(SPEED_TOLERANCE, random.nextGaussian() * SPEED_NOISE));
        spindleSpeed = Math.round(spindleSetpoint * (1 + noise) * 10) / 10.0;
    }
}
