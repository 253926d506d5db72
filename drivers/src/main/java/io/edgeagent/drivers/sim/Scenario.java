package io.edgeagent.drivers.sim;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A looping sequence of phases, e.g. {@code Scenario.of(step(PRODUCING, 20s), step(IDLE, 15s))}: the
 * simulator runs each step for its duration of simulated time, then starts again at the first.
 *
 * @param steps at least one step, in order
 */
public record Scenario(List<Step> steps) {

    /**
     * @param phase    what the machine does
     * @param duration for how long, positive
     */
    public record Step(Phase phase, Duration duration) {

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

    public static Scenario of(Step... steps) {
        return new Scenario(List.of(steps));
    }

    public static Step step(Phase phase, Duration duration) {
        return new Step(phase, duration);
    }

    /** A 90-second loop through every phase, for the demo: production, a pause, a standstill, a mould change. */
    public static Scenario demo() {
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
    public Phase phaseAt(Duration sinceStart) {
        long remaining = Math.floorMod(sinceStart.toNanos(), length().toNanos());
        for (Step step : steps) {
            remaining -= step.duration().toNanos();
            if (remaining < 0) {
                return step.phase();
            }
        }
        throw new IllegalStateException("unreachable: the offset is below the scenario length");
    }
}
