package io.edgeagent.drivers.sim;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A looping sequence of phases, e.g. {@code Scenario.of(step(PRODUCING, 20s), step(IDLE, 15s))}: the
 * simulator runs each step for its duration of simulated time, then starts again at the first. The same type
 * drives every simulator: {@code P} is its phase, {@link Phase} for the injection-moulding machine,
 * {@link io.edgeagent.drivers.sim.cnc.CncPhase} for the CNC control.
 *
 * @param steps at least one step, in order
 * @param <P>   what the machine can be doing
 */
public record Scenario<P>(List<Step<P>> steps) {

    /**
     * @param phase    what the machine does
     * @param duration for how long, positive
     * @param <P>      what the machine can be doing
     */
    public record Step<P>(P phase, Duration duration) {

        public Step {
            Objects.requireNonNull(phase, "phase");
            Objects.requireNonNull(duration, "duration");
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("step " + phase + ": duration must be positive, was " + duration);
            }
        }
    }

    public Scenario {
        steps = List.copyOf(Objects.requireNonNull(steps, "steps"));
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a scenario needs at least one step");
        }
    }

    // Safe: the steps are only copied into the list, never written to.
    @SafeVarargs
    @SuppressWarnings("varargs")
    public static <P> Scenario<P> of(Step<P>... steps) {
        return new Scenario<>(List.of(steps));
    }

    public static <P> Step<P> step(P phase, Duration duration) {
        return new Step<>(phase, duration);
    }

    /**
     * A 90-second loop for the demo: production, a pause, a standstill, a mould change. The other phases of
     * {@link Phase} are for tests of a state mapping.
     */
    public static Scenario<Phase> demo() {
        return of(
                step(Phase.PRODUCING, Duration.ofSeconds(25)),
                step(Phase.IDLE, Duration.ofSeconds(15)),
                step(Phase.PRODUCING, Duration.ofSeconds(20)),
                step(Phase.STANDSTILL, Duration.ofSeconds(10)),
                step(Phase.SETUP, Duration.ofSeconds(20)));
    }

    /** One pass through all steps. */
    public Duration length() {
        return steps.stream().map(Step::duration).reduce(Duration.ZERO, Duration::plus);
    }

    /** The phase at this much simulated time after the scenario started, looping. */
    public P phaseAt(Duration sinceStart) {
        long remaining = Math.floorMod(sinceStart.toNanos(), length().toNanos());
        for (Step<P> step : steps) {
            remaining -= step.duration().toNanos();
            if (remaining < 0) {
                return step.phase();
            }
        }
        throw new IllegalStateException("unreachable: the offset is below the scenario length");
    }
}
