package io.edgeagent.drivers.gpio;

import java.time.Instant;
import java.util.Objects;

/**
 * When a pin level was seen, on two clocks: monotonic nanoseconds to measure debounce with, because a Pi has no
 * real-time clock and steps its wall clock when NTP syncs after boot; and the wall-clock instant readings carry.
 *
 * @param nanos   {@link System#nanoTime()} (or any monotonic count in tests)
 * @param instant the agent clock at the same moment
 */
record Moment(long nanos, Instant instant) {

    Moment {
        Objects.requireNonNull(instant, "instant");
    }
}
