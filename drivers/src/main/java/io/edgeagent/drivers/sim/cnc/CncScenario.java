package io.edgeagent.drivers.sim.cnc;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A looping sequence of phases, e.g. {@code CncScenario.of(step(CUTTING, 30s), step(IDLE, 10s))}: the
 * simulator runs each step for its duration of simulated time, then starts again at the first.
 *
 * @param steps at least one step, in order
 */
public record CncScenario(List<Step> steps) {

    /**
     * @param phase    what the machine does
     * @param duration for how long, positive
     */
    public record Step(CncPhase phase, Duration duration) {

        public Step {
            Objects.requireNonNull(phase, "phase");
            Objects.requireNonNull(duration, "duration");
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("step " + phase + ": duration must be positive, was " + duration);
            }
        }
    }

    public CncScenario {
        steps = List.copyOf(Objects.requireNonNull(steps, "steps"));
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a scenario needs at least one step");
        }
    }

    public static CncScenario of(Step... steps) {
        return new CncScenario(List.of(steps));
    }

    public static Step step(CncPhase phase, Duration duration) {
        return new Step(phase, duration);
    }

    /**
     * A 90-second loop through every phase, for the demo: a run interrupted by a feed hold, a pause, an alarm,
     * then a setup for the next job.
     */
    public static CncScenario demo() {
        return of(
                step(CncPhase.CUTTING, Duration.ofSeconds(30)),
                step(CncPhase.FEED_HOLD, Duration.ofSeconds(5)),
                step(CncPhase.CUTTING, Duration.ofSeconds(15)),
                step(CncPhase.IDLE, Duration.ofSeconds(10)),
                step(CncPhase.ALARM, Duration.ofSeconds(10)),
                step(CncPhase.SETUP, Duration.ofSeconds(20)));
    }

    /** One pass through all steps. */
    public Duration length() {
        return steps.stream().map(Step::duration).reduce(Duration.ZERO, Duration::plus);
    }

    /** The phase at this much simulated time after the scenario started, looping. */
    public CncPhase phaseAt(Duration sinceStart) {
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
