package io.edgeagent.agent.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.agent.config.BufferConfig;
import io.edgeagent.agent.testing.ManualTime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code buffer.commitMs}: committed telemetry is forced onto the storage device once the interval has passed
 * since the last time, never sooner; a commit holding an event is forced at once. Time is moved by the test.
 */
class OutboxCommitIntervalTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final byte[] PAYLOAD = "{\"v\":1}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "commitMs {0}")
    @ValueSource(ints = {50, 1000, 10_000})
    void telemetryIsForcedOntoTheDeviceOncePerIntervalAndEventsAtOnce(int commitMs) throws Exception {
        ManualTime time = new ManualTime(Instant.parse("2026-11-24T10:00:00Z"));
        BufferConfig config = new BufferConfig(512, Optional.empty(), Duration.ofMillis(commitMs));
        try (Outbox outbox = Outbox.open(dir, OutboxSettings.of(config), time.clock(), time::nanoTime)) {
            commit(outbox, MessageClass.TELEMETRY);
            assertEquals(0, outbox.syncs(), "right after opening, the interval has not passed");

            time.advance(Duration.ofMillis(commitMs - 1));
            commit(outbox, MessageClass.TELEMETRY);
            assertEquals(0, outbox.syncs(), "1 ms short of " + commitMs + " ms, telemetry waits");

            time.advance(Duration.ofMillis(1));
            commit(outbox, MessageClass.TELEMETRY);
            assertEquals(1, outbox.syncs(), "at " + commitMs + " ms what was committed is forced onto the device");

            time.advance(Duration.ofMillis(commitMs - 1));
            commit(outbox, MessageClass.TELEMETRY);
            assertEquals(1, outbox.syncs(), "the interval counts from the last time");

            commit(outbox, MessageClass.EVENT);
            assertEquals(2, outbox.syncs(), "an event does not wait for the interval");
        }
    }

    private static void commit(Outbox outbox, MessageClass cls) throws InterruptedException {
        long seq = outbox.append(cls, "t/" + cls, 1, false, s -> PAYLOAD);
        // The writer decides whether to force a commit before it reports it: after this, syncs() is final.
        assertTrue(outbox.awaitCommitted(seq - 1, WAIT));
    }
}
