package io.edgeagent.drivers.sim.cnc;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * The simulated machine itself, without Modbus: phase, part counter and spindle, advanced by simulated time.
 * Not thread-safe; {@link CncSimulator} serialises access.
 */
final class CncMachine {

    /**
     * Everything the control shows at one moment; the rest follows from the phase.
     *
     * @param partCount   finished cycles
     * @param spindleRpm  revolutions per minute, 0 unless cutting
     * @param spindleLoad percent of rated spindle power, 0 unless cutting
     * @param program     the active program's name
     */
    record State(CncPhase phase, long partCount, double spindleRpm, double spindleLoad, String program) {

        State {
            Objects.requireNonNull(phase, "phase");
            Objects.requireNonNull(program, "program");
        }
    }

    static final double LOAD_MIN = 30.0;
    static final double LOAD_MAX = 60.0;
    /** Speed noise never takes the spindle further than this fraction from its setpoint. */
    static final double RPM_TOLERANCE = 0.01;
    private static final double RPM_NOISE = 0.002;
    private static final double LOAD_MEAN = 45.0;
    private static final double LOAD_SWING = 12.0;
    private static final double LOAD_NOISE = 1.5;

    private final long cycleNanos;
    private final double spindleSetpoint;
    private final String program;
    private final Random random;

    private CncPhase phase;
    private long partCount;
    private long inCycleNanos;
    private double spindleRpm;
    private double spindleLoad;

    CncMachine(Duration cycleTime, double spindleSetpoint, String program, Random random, CncPhase initial) {
        this.cycleNanos = cycleTime.toNanos();
        this.spindleSetpoint = spindleSetpoint;
        this.program = program;
        this.random = random;
        this.phase = initial;
        sample();
    }

    void setPhase(CncPhase next) {
        if (next == phase) {
            return;
        }
        phase = next;
        // A feed hold keeps the cycle to resume it; any other stop aborts it, and that part is not counted.
        if (next != CncPhase.CUTTING && next != CncPhase.FEED_HOLD) {
            inCycleNanos = 0;
        }
        sample();
    }

    /** Only cutting moves anything: in the other phases the counter holds and the spindle stands. */
    void advance(Duration elapsed) {
        if (phase != CncPhase.CUTTING) {
            return;
        }
        inCycleNanos += elapsed.toNanos();
        partCount += inCycleNanos / cycleNanos;
        inCycleNanos %= cycleNanos;
        sample();
    }

    State state() {
        return new State(phase, partCount, spindleRpm, spindleLoad, program);
    }

    /** Fresh process values for the current phase, so the spindle agrees with the phase at every moment. */
    private void sample() {
        if (phase != CncPhase.CUTTING) {
            spindleRpm = 0;
            spindleLoad = 0;
            return;
        }
        double deviation = clamp(random.nextGaussian() * RPM_NOISE, -RPM_TOLERANCE, RPM_TOLERANCE);
        spindleRpm = round(spindleSetpoint * (1 + deviation));
        // The load follows the cut through the cycle: engaging, full depth, finishing pass.
        double cycleAngle = 2 * Math.PI * inCycleNanos / cycleNanos;
        double load = LOAD_MEAN + LOAD_SWING * Math.sin(cycleAngle) + random.nextGaussian() * LOAD_NOISE;
        spindleLoad = round(clamp(load, LOAD_MIN, LOAD_MAX));
    }

    private static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }

    /** One decimal, as a control displays it. */
    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
