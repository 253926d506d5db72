package io.edgeagent.drivers.sim;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What every simulator's builder offers, whatever protocol it speaks: the machine's name, its cycle time and how
 * simulated time runs (a looping scenario, or a phase changed by hand). A simulator's own builder adds its
 * protocol's and its machine's options.
 *
 * @param <P> what the machine can be doing
 * @param <B> the builder itself, so that every option returns it
 */
public abstract class SimBuilder<P, B extends SimBuilder<P, B>> {

    private static final Pattern MACHINE_NAME = Pattern.compile("[A-Za-z0-9._-]+");

    /**
     * How the simulated time of one simulator runs, as its builder was told.
     *
     * @param scenario     drives the phase, or {@code null} in manual mode
     * @param initialPhase the scenario's first phase, or the manual one
     */
    public record Settings<P>(String machineName, Duration cycleTime, Duration tick, Scenario<P> scenario,
                              P initialPhase) {
    }

    private final String machineName;
    private Duration cycleTime;
    private Duration tick = Duration.ofMillis(100);
    private Scenario<P> scenario;
    private P manualPhase;

    protected SimBuilder(String machineName, Duration defaultCycleTime, P defaultPhase) {
        this.machineName = requireMachineName(machineName);
        this.cycleTime = defaultCycleTime;
        this.manualPhase = defaultPhase;
    }

    /**
     * The name, checked: it becomes part of thread names, node ids and browse names, so letters, digits, {@code .},
     * {@code _} and {@code -} only.
     */
    public static String requireMachineName(String machineName) {
        Objects.requireNonNull(machineName, "machineName");
        if (!MACHINE_NAME.matcher(machineName).matches()) {
            throw new IllegalArgumentException("machine name must be letters, digits, '.', '_' or '-', was '"
                    + machineName + "'");
        }
        return machineName;
    }

    /** The time one cycle (one part, one shot) takes; each simulator says its default and its jitter. */
    public B cycleTime(Duration value) {
        this.cycleTime = positive(value, "cycleTime");
        return self();
    }

    /** How often simulated time advances and values are published (default 100 ms). */
    public B tick(Duration value) {
        this.tick = positive(value, "tick");
        return self();
    }

    /** Let the scenario drive the phase, looping. Replaces an earlier {@link #manual}. */
    public B scenario(Scenario<P> value) {
        this.scenario = Objects.requireNonNull(value, "scenario");
        return self();
    }

    /** Start in this phase and change only on the simulator's {@code setPhase} (the default mode). */
    public B manual(P initial) {
        this.manualPhase = Objects.requireNonNull(initial, "initial");
        this.scenario = null;
        return self();
    }

    protected abstract B self();

    protected Settings<P> settings() {
        return new Settings<>(machineName, cycleTime, tick, scenario,
                scenario == null ? manualPhase : scenario.phaseAt(Duration.ZERO));
    }

    private static Duration positive(Duration value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + value);
        }
        return value;
    }
}
