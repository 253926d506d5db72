package io.edgeagent.drivers.sim;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ulong;

import io.edgeagent.drivers.sim.opcua.SimMachine;
import java.time.Duration;
import java.util.Random;

/**
 * The simulated machine itself, without OPC UA: phase, presence, counters and process values, advanced by
 * simulated time. Not thread-safe; {@link ImmSimulator} serialises access.
 */
final class ImmMachine implements SimMachine<Phase, ImmNode, ImmMachine.State> {

    /**
     * Everything the machine shows at one moment.
     *
     * @param present        false while switched off behind its gateway
     * @param cycleCounter   finished cycles
     * @param goodParts      good parts of those cycles
     * @param lastCycleTime  milliseconds (an OPC UA Duration), 0 before the first cycle
     * @param clampForce     kN
     */
    record State(Phase phase, boolean present, ActiveJob job, long cycleCounter, long goodParts,
                 double lastCycleTime, double mouldTemperature, double meltTemperature, double clampForce)
            implements SimMachine.State<Phase, ImmNode> {

        long partsCounter() {
            return cycleCounter * job.cavities();
        }

        /** Milliseconds, as an OPC UA Duration. */
        double expectedCycleTime() {
            return round(job.cycleTime().toNanos() / 1e6, 1);
        }

        @Override
        public Object value(ImmNode node) {
            return switch (node) {
                case MACHINE_MODE -> phase.machineMode().value();
                case IS_PRESENT -> present;
                case PRODUCTION_STATUS -> phase.productionStatus().value();
                case STANDSTILL_REASON_ID -> phase.standstillReasonId();
                case JOB_CYCLE_COUNTER -> ulong(cycleCounter);
                case JOB_PARTS_COUNTER -> ulong(partsCounter());
                case JOB_GOOD_PARTS_COUNTER -> ulong(goodParts);
                case JOB_BAD_PARTS_COUNTER -> ulong(partsCounter() - goodParts);
                case LAST_CYCLE_TIME -> lastCycleTime;
                case JOB_NAME -> job.name();
                case MOULD_ID -> job.mouldId();
                case EXPECTED_CYCLE_TIME -> expectedCycleTime();
                case NUM_CAVITIES -> uint(job.cavities());
                case MOULD_TEMPERATURE -> mouldTemperature;
                case MELT_TEMPERATURE -> meltTemperature;
                case CLAMP_FORCE -> clampForce;
            };
        }
    }

    static final double MOULD_SETPOINT = 45.0;
    static final double MELT_SETPOINT = 230.0;
    static final double CLAMP_FORCE_NOMINAL = 800.0;
    /** Every this many cycles, one part of the shot is a reject. */
    static final int REJECT_EVERY = 50;
    private static final double MOULD_NOISE = 0.3;
    private static final double MELT_NOISE = 1.0;
    private static final double CLAMP_NOISE = 5.0;
    private static final double CYCLE_JITTER = 0.02;

    private final ActiveJob job;
    private final long cycleNanos;
    private final Random random;

    private Phase phase;
    private boolean present = true;
    private long cycleCounter;
    private long goodParts;
    private double lastCycleTime;
    private double mouldTemperature = MOULD_SETPOINT;
    private double meltTemperature = MELT_SETPOINT;
    private double clampForce;
    private long inCycleNanos;
    private long thisCycleNanos;

    ImmMachine(ActiveJob job, Random random, Phase initial) {
        this.job = job;
        this.cycleNanos = job.cycleTime().toNanos();
        this.random = random;
        this.phase = initial;
        this.thisCycleNanos = nextCycleNanos();
    }

    @Override
    public void setPhase(Phase next) {
        if (next != phase) {
            phase = next;
            abortCycle();
        }
    }

    /** Switched off, the machine holds every value and its time stands still; switched on, it starts a new cycle. */
    void setPresent(boolean value) {
        if (value != present) {
            present = value;
            abortCycle();
        }
    }

    /** Only a present machine in a cycling phase moves anything: otherwise it holds its values. */
    @Override
    public void advance(Duration elapsed) {
        if (!present || !phase.cycling()) {
            return;
        }
        inCycleNanos += elapsed.toNanos();
        while (inCycleNanos >= thisCycleNanos) {
            inCycleNanos -= thisCycleNanos;
            cycleCounter++;
            if (phase == Phase.PRODUCING) {
                goodParts += cycleCounter % REJECT_EVERY == 0 ? job.cavities() - 1 : job.cavities();
            }
            lastCycleTime = round(thisCycleNanos / 1e6, 1);
            thisCycleNanos = nextCycleNanos();
        }
        mouldTemperature = round(MOULD_SETPOINT + random.nextGaussian() * MOULD_NOISE, 10);
        meltTemperature = round(MELT_SETPOINT + random.nextGaussian() * MELT_NOISE, 10);
        clampForce = round(clampForceAt((double) inCycleNanos / thisCycleNanos), 10);
    }

    @Override
    public State state() {
        return new State(phase, present, job, cycleCounter, goodParts, lastCycleTime, mouldTemperature,
                meltTemperature, clampForce);
    }

    /** An interrupted cycle is not counted; the next one starts afresh. */
    private void abortCycle() {
        inCycleNanos = 0;
        clampForce = 0;
    }

    /** Close and lock (ramp up), inject and hold at full force, then release, open and eject at none. */
    private double clampForceAt(double cycleFraction) {
        if (cycleFraction < 0.1) {
            return CLAMP_FORCE_NOMINAL * cycleFraction / 0.1;
        }
        if (cycleFraction < 0.7) {
            return CLAMP_FORCE_NOMINAL + random.nextGaussian() * CLAMP_NOISE;
        }
        if (cycleFraction < 0.8) {
            return CLAMP_FORCE_NOMINAL * (0.8 - cycleFraction) / 0.1;
        }
        return 0;
    }

    private long nextCycleNanos() {
        double factor = 1 + (random.nextDouble() * 2 - 1) * CYCLE_JITTER;
        return Math.max(1, Math.round(cycleNanos * factor));
    }

    private static double round(double value, int scale) {
        return Math.round(value * scale) / (double) scale;
    }
}
