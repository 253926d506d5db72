package io.edgeagent.agent.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, item 7: each wall-clock step is seen once, with its size, whichever way it goes and wherever the
 * timeline stands (a second step back while the clock is still behind, a step forward that does not catch up).
 */
class ClockWatchStepTest {

    private static final Instant T0 = Instant.parse("2026-11-24T08:00:00Z");
    private static final Duration DAYS_3 = Duration.ofDays(3);
    private static final long SECOND = 1_000_000_000L;

    private final ClockWatch watch = new ClockWatch(CapacityEngine.CLOCK_TOLERANCE);
    private final List<Duration> steps = new ArrayList<>();
    private Instant wall = T0;
    private long nanos;

    @Test
    void eachStepIsSeenOnceWithItsSize() {
        second();
        wall = wall.minus(DAYS_3);
        ClockWatch.Observation back = second();
        second();
        wall = wall.minus(DAYS_3);
        second();
        wall = wall.plus(DAYS_3);
        ClockWatch.Observation stillBehind = second();
        wall = wall.plus(DAYS_3);
        ClockWatch.Observation caughtUp = second();
        second();

        assertEquals(List.of(Duration.ZERO, DAYS_3.negated(), Duration.ZERO, DAYS_3.negated(), DAYS_3, DAYS_3,
                Duration.ZERO), steps);
        assertInstanceOf(ClockWatch.SteppedBack.class, back);
        assertInstanceOf(ClockWatch.SteppedBack.class, stillBehind);
        assertInstanceOf(ClockWatch.Progress.class, caughtUp, "back within the tolerance of where the timeline had"
                + " paused: progress, and the step still told");
    }

    @Test
    void driftWithinTheToleranceIsNoStep() {
        second();
        wall = wall.minusSeconds(4);
        second();
        wall = wall.plusSeconds(4);
        second();

        assertEquals(List.of(Duration.ZERO, Duration.ZERO, Duration.ZERO), steps);
    }

    /** A second passes on both clocks, then the watch looks. */
    private ClockWatch.Observation second() {
        if (steps.isEmpty() && nanos == 0) {
            watch.observe(wall, nanos);
        }
        wall = wall.plusSeconds(1);
        nanos += SECOND;
        ClockWatch.Observation o = watch.observe(wall, nanos);
        steps.add(o.step());
        return o;
    }
}
