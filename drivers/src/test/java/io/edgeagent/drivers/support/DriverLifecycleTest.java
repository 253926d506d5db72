package io.edgeagent.drivers.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.edgeagent.drivers.ConnectionState;
import io.edgeagent.drivers.DriverHealth;
import io.edgeagent.drivers.Reading;
import io.edgeagent.drivers.ReadingSink;
import io.edgeagent.drivers.testsupport.CapturedLog;
import io.edgeagent.drivers.testsupport.RecordingSink;
import io.edgeagent.drivers.testsupport.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DriverLifecycleTest {

    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

    private final TestClock clock = new TestClock(T0);
    private final RecordingSink sink = new RecordingSink();

    @Test
    void subscribeOnceThenOpenOnceAndNothingAfterClose() {
        DriverLifecycle lifecycle = new DriverLifecycle("m1", clock);
        assertEquals("machine m1: subscribe before open",
                assertThrows(IllegalStateException.class, () -> lifecycle.open(() -> { })).getMessage());

        lifecycle.subscribe(sink, () -> { });
        assertEquals("machine m1: subscribe may be called only once",
                assertThrows(IllegalStateException.class, () -> lifecycle.subscribe(sink, () -> { })).getMessage());
        lifecycle.open(() -> { });
        assertEquals("machine m1: open may be called only once",
                assertThrows(IllegalStateException.class, () -> lifecycle.open(() -> { })).getMessage());

        AtomicInteger stops = new AtomicInteger();
        lifecycle.close(stops::incrementAndGet);
        lifecycle.close(stops::incrementAndGet);
        assertEquals(1, stops.get(), "only the first close does anything");
        lifecycle.report(ConnectionState.CONNECTED, null);
        lifecycle.deliver(Reading.good("m1", "s", 1L, T0));
        assertEquals(List.of(ConnectionState.CONNECTING, ConnectionState.CLOSED),
                sink.health().stream().map(DriverHealth::state).toList());
        assertEquals(0, sink.readingCount());
    }

    @Test
    void aSubscribeThatFailsLeavesTheDriverUnsubscribed() {
        DriverLifecycle lifecycle = new DriverLifecycle("m1", clock);

        assertThrows(IllegalArgumentException.class, () -> lifecycle.subscribe(sink, () -> {
            throw new IllegalArgumentException("pin taken");
        }));

        lifecycle.subscribe(sink, () -> { });
    }

    @Test
    void aClosedDriverTakesNoSubscription() {
        DriverLifecycle lifecycle = new DriverLifecycle("m1", clock);
        AtomicBoolean accepted = new AtomicBoolean();
        lifecycle.close(() -> { });

        assertEquals("machine m1: driver is closed", assertThrows(IllegalStateException.class,
                () -> lifecycle.subscribe(sink, () -> accepted.set(true))).getMessage());
        assertFalse(accepted.get());
    }

    @Test
    void healthIsStampedByTheClockAndSinceMovesOnlyWithTheState() {
        DriverLifecycle lifecycle = new DriverLifecycle("m1", clock);
        assertEquals(new DriverHealth(ConnectionState.DISCONNECTED, T0, "not opened"), lifecycle.health());
        lifecycle.subscribe(sink, () -> { });
        lifecycle.open(() -> { });

        clock.advance(Duration.ofSeconds(1));
        lifecycle.report(ConnectionState.DISCONNECTED, "connection refused");
        clock.advance(Duration.ofSeconds(1));
        lifecycle.report(ConnectionState.DISCONNECTED, "connection refused");
        lifecycle.report(ConnectionState.DISCONNECTED, "connect timed out");

        assertEquals(List.of(new DriverHealth(ConnectionState.CONNECTING, T0, null),
                new DriverHealth(ConnectionState.DISCONNECTED, T0.plusSeconds(1), "connection refused"),
                new DriverHealth(ConnectionState.DISCONNECTED, T0.plusSeconds(1), "connect timed out")),
                sink.health(), "the same health twice is reported once");
    }

    @Test
    void aFailingSinkIsLoggedOncePerEpisodeAndAgainWhenItWorks() {
        AtomicBoolean failing = new AtomicBoolean(true);
        ReadingSink flaky = new ReadingSink() {
            @Override
            public void onReading(Reading reading) {
                if (failing.get()) {
                    throw new IllegalStateException("queue full");
                }
                sink.onReading(reading);
            }

            @Override
            public void onHealth(String machineId, DriverHealth health) {
                sink.onHealth(machineId, health);
            }
        };
        DriverLifecycle lifecycle = new DriverLifecycle("sink-m1", clock);
        lifecycle.subscribe(flaky, () -> { });
        lifecycle.open(() -> { });

        try (CapturedLog log = CapturedLog.start()) {
            for (int i = 0; i < 3; i++) {
                lifecycle.deliver(Reading.good("sink-m1", "s", (long) i, T0));
            }
            failing.set(false);
            lifecycle.deliver(Reading.good("sink-m1", "s", 3L, T0));
            lifecycle.deliver(Reading.good("sink-m1", "s", 4L, T0));
            failing.set(true);
            lifecycle.deliver(Reading.good("sink-m1", "s", 5L, T0));

            assertEquals(2, log.lines("WARN", "sink-m1: reading sink failed for signal 's'").size(),
                    () -> "one warning per episode: " + log.lines("sink-m1"));
            assertEquals(1, log.lines("INFO", "sink-m1: reading sink works again").size());
        }
        assertEquals(List.of(3L, 4L), sink.readings("s").stream().map(Reading::value).toList());
    }
}
