package io.edgeagent.agent.buffer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The wall clock and the monotonic time of an outbox under test, moved only by the test. {@link #advance} moves
 * the wall clock before the monotonic time, so a writer that sees the new monotonic time sees the new wall time.
 */
final class ManualTime {

    private final AtomicReference<Instant> now;
    private final AtomicLong nanos = new AtomicLong();

    ManualTime(Instant start) {
        now = new AtomicReference<>(start);
    }

    void advance(Duration d) {
        now.updateAndGet(t -> t.plus(d));
        nanos.addAndGet(d.toNanos());
    }

    long nanoTime() {
        return nanos.get();
    }

    Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException("the outbox keeps UTC");
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
    }
}
