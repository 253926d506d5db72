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
    private Instant lastWall;
    private long lastNanos;

    /** @param tolerance drift between wall and monotonic time that is still taken as normal progress */
    public ClockWatch(Duration tolerance) {
        this.tolerance = Objects.requireNonNull(tolerance);
    }

    /** What the timeline did since the previous observation. */
    public sealed interface Observation permits Progress, SteppedForward, SteppedBack {

        /**
         * How far the wall clock stepped since the previous observation, against the monotonic clock: negative
         * back, positive forward, zero when it kept within the tolerance. Non-zero at exactly one observation
         * per step, so a step is logged once, with its size, whichever way it went and wherever the timeline is.
         */
        Duration step();
    }

    /**
     * Normal progress to {@code now}.
     *
     * @param step a forward step that brought a wall clock that was behind back to about where the timeline
     *             stood, or zero
     */
    public record Progress(Instant now, Duration step) implements Observation {
    }

    /**
     * The wall clock jumped: the time from {@code lastTrusted} to {@code now} was not observed.
     *
     * @param step the jump since the previous observation (less than {@code now - lastTrusted} when the clock
     *             had been behind the timeline before it)
     */
    public record SteppedForward(Instant lastTrusted, Instant now, Duration step) implements Observation {
    }

    /**
     * The wall clock is behind the timeline's {@code highWater}; time stands still there until it catches up.
     *
     * @param step a step seen at this observation (back, or forward but not far enough to catch up), or zero
     *             while the wall clock only runs on behind
     */
    public record SteppedBack(Instant highWater, Instant wall, Duration step) implements Observation {
    }

    public Observation observe(Instant wall, long monotonicNanos) {
        if (highWater == null) {
            highWater = wall;
            lastWall = wall;
            lastNanos = monotonicNanos;
            return new Progress(wall, Duration.ZERO);
        }
        long elapsedNanos = Math.max(0, monotonicNanos - lastNanos);
        lastNanos = monotonicNanos;
        Duration jump = Duration.between(lastWall.plusNanos(elapsedNanos), wall);
        Duration step = jump.abs().compareTo(tolerance) > 0 ? jump : Duration.ZERO;
        lastWall = wall;
        if (wall.isBefore(highWater)) {
            return new SteppedBack(highWater, wall, step);
        }
        Instant expected = highWater.plusNanos(elapsedNanos);
        Instant lastTrusted = highWater;
        highWater = wall;
        if (Duration.between(expected, wall).compareTo(tolerance) > 0) {
            return new SteppedForward(lastTrusted, wall, step);
        }
        return new Progress(wall, step);
    }
}
