package io.edgeagent.drivers.sim;

import java.time.Duration;
import java.util.Random;

/**
 * The simulated machine itself, without OPC UA: phase, cycle counter and process values, advanced by simulated
 * time. Not thread-safe; {@link ImmSimulator} serialises access.
 */
final class ImmMachine {

    /**
     * Everything the machine shows at one moment.
     *
     * @param lastCycleTime     seconds, 0 before the first cycle
     * @param expectedCycleTime seconds
     * @param clampForce        kN
     */
    record State(Phase phase, long cycleCounter, double lastCycleTime, double expectedCycleTime, long numCavities,
                 double mouldTemperature, double meltTemperature, double clampForce) {
    }

    static final double MOULD_SETPOINT = 45.0;
    static final double MELT_SETPOINT = 230.0;
    static final double CLAMP_FORCE_NOMINAL = 800.0;
    private static final double MOULD_NOISE = 0.3;
    private static final double MELT_NOISE = 1.0;
    private static final double CLAMP_NOISE = 5.0;
    private static final double CYCLE_JITTER = 0.02;

    private final long cycleNanos;
    private final int cavities;
    private final Random random;

    private Phase phase;
    private long cycleCounter;
    private double lastCycleTime;
    private double mouldTemperature = MOULD_SETPOINT;
    private double meltTemperature = MELT_SETPOINT;
    private double clampForce;
    private long inCycleNanos;
    private long thisCycleNanos;

    ImmMachine(Duration cycleTime, int cavities, Random random, Phase initial) {
        this.cycleNanos = cycleTime.toNanos();
        this.cavities = cavities;
        this.random = random;
        this.phase = initial;
        this.thisCycleNanos = nextCycleNanos();
    }

    void setPhase(Phase next) {
        if (next != phase) {
            phase = next;
            // An interrupted cycle is not counted; the next production starts a fresh one.
            inCycleNanos = 0;
            clampForce = 0;
        }
    }

    /** Only production moves anything: in the other phases the machine holds its values. */
    void advance(Duration elapsed) {
        if (phase != Phase.PRODUCING) {
            return;
        }
        inCycleNanos += elapsed.toNanos();
        while (inCycleNanos >= thisCycleNanos) {
            inCycleNanos -= thisCycleNanos;
            cycleCounter++;
            lastCycleTime = round(thisCycleNanos / 1e9, 1000);
            thisCycleNanos = nextCycleNanos();
        }
        mouldTemperature = round(MOULD_SETPOINT + random.nextGaussian() * MOULD_NOISE, 10);
        meltTemperature = round(MELT_SETPOINT + random.nextGaussian() * MELT_NOISE, 10);
        clampForce = round(clampForceAt((double) inCycleNanos / thisCycleNanos), 10);
    }

    State state() {
        return new State(phase, cycleCounter, lastCycleTime, round(cycleNanos / 1e9, 1000), cavities,
                mouldTemperature, meltTemperature, clampForce);
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
