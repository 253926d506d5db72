package io.edgeagent.agent.capacity;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Keeps the agent's timeline sane when the wall clock steps. A Raspberry Pi has no real-time clock: it
 * boots at the last saved time and jumps, often by days, when NTP syncs; a wrong clock can also be set
 * back. Metering and windows are wall-clock facts, so the wall clock is checked against the monotonic
 * clock on every observation:
 * <ul>
 *   <li>a forward step turns the time between the last trusted moment and the new wall time into a gap
 *       that is reported as unknown, never as time spent in a state or as an idle window;</li>
 *   <li>a backward step freezes the timeline at its high-water mark until the wall clock passes it again,
 *       so nothing already accounted is accounted twice and no duration goes negative.</li>
 * </ul>
 * Single-threaded: owned by the thread that drives the capacity components.
 */
public final class ClockWatch {

    private final Duration tolerance;
    private Instant highWater;
    private long lastNanos;
    private boolean behind;

    /** @param tolerance drift between wall and monotonic time that is still taken as normal progress */
    public ClockWatch(Duration tolerance) {
        this.tolerance = Objects.requireNonNull(tolerance);
    }

    /** What the timeline did since the previous observation. */
    public sealed interface Observation permits Progress, SteppedForward, SteppedBack {
    }

    /** Normal progress to {@code now}. */
    public record Progress(Instant now) implements Observation {
    }

    /** The wall clock jumped: the time from {@code lastTrusted} to {@code now} was not observed. */
    public record SteppedForward(Instant lastTrusted, Instant now) implements Observation {
    }

    /**
     * The wall clock is behind the timeline's {@code highWater}; time stands still there until it catches up.
     *
     * @param firstNotice true only for the observation at which the step was seen, so it is logged once
     */
    public record SteppedBack(Instant highWater, Instant wall, boolean firstNotice) implements Observation {
    }

    public Observation observe(Instant wall, long monotonicNanos) {
        if (highWater == null) {
            highWater = wall;
            lastNanos = monotonicNanos;
            return new Progress(wall);
        }
        long elapsedNanos = Math.max(0, monotonicNanos - lastNanos);
        lastNanos = monotonicNanos;
        if (wall.isBefore(highWater)) {
            boolean first = !behind;
            behind = true;
            return new SteppedBack(highWater, wall, first);
        }
        behind = false;
        Instant expected = highWater.plusNanos(elapsedNanos);
        Instant lastTrusted = highWater;
        highWater = wall;
        if (Duration.between(expected, wall).compareTo(tolerance) > 0) {
            return new SteppedForward(lastTrusted, wall);
        }
        return new Progress(wall);
    }
}
