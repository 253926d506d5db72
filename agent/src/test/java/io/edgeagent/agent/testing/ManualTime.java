package io.edgeagent.agent.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A wall clock and a monotonic time moved only by the test, read from the component's own threads.
 * {@link #advance} moves the wall clock before the monotonic time, so a thread that sees the new monotonic time
 * sees the new wall time; {@link #stepWall} moves the wall clock alone, as NTP setting a clock does.
 */
public final class ManualTime {

    private final AtomicReference<Instant> now;
    private final AtomicLong nanos = new AtomicLong();

    public ManualTime(Instant start) {
        now = new AtomicReference<>(start);
    }

    /** Time passes: both clocks move on together. */
    public void advance(Duration d) {
        now.updateAndGet(t -> t.plus(d));
        nanos.addAndGet(d.toNanos());
    }

    /** The wall clock is set (NTP steps it); the monotonic time does not move. */
    public void stepWall(Duration d) {
        now.updateAndGet(t -> t.plus(d));
    }

    public Instant wall() {
        return now.get();
    }

    public long nanoTime() {
        return nanos.get();
    }

    public Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException("the agent keeps UTC");
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
    }
}
