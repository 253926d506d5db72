package io.edgeagent.agent.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.agent.config.BufferConfig;
import io.edgeagent.agent.testing.ManualTime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failure once a batch is committed (the budget's drop, the age limit's, a rotation, the sync: each can fail after
 * the rows are in) has the batch written again over what the file kept of it. Before, the retry inserted it again,
 * met its own rows' keys at every try, and held every later message back for good. (Not writing it again at all lost
 * a batch whose commit a store shut under the writer did not keep: OutboxStoreClosedTest.)
 */
class OutboxAfterCommitFailureTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final byte[] PAYLOAD = "{\"v\":1}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private final ManualTime time = new ManualTime(Instant.parse("2026-12-05T10:00:00Z"));

    @Test
    void aFailureAfterTheCommitDoesNotWriteTheBatchAgainAndLaterMessagesGoOn() throws Exception {
        // The age limit reads the clock on the writer's thread after each commit, at most once a second of
        // nanoTime: the one place a fault after the commit can be put on cue (a real full disk cannot).
        BufferConfig config = new BufferConfig(512, Optional.of(Duration.ofHours(2)), Duration.ofSeconds(1));
        FailingOnWriter clock = new FailingOnWriter(time.clock());
        try (Outbox outbox = Outbox.open(dir, OutboxSettings.of(config), clock, time::nanoTime)) {
            long first = telemetry(outbox);
            assertTrue(outbox.awaitCommitted(first - 1, WAIT));
            clock.arm();
            long second = telemetry(outbox);
            time.advance(Duration.ofSeconds(2));
            assertTrue(clock.failed.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the age check after the commit failed");

            long third = telemetry(outbox);
            assertTrue(outbox.awaitCommitted(third - 1, WAIT), "a message accepted after the failure is written");
            assertEquals(List.of(first, second, third), outbox.next(MessageClass.TELEMETRY, 0, 100).stream()
                    .map(OutgoingMessage::seq).toList(), "each once, in order");
        }
    }

    private static long telemetry(Outbox outbox) {
        return outbox.append(MessageClass.TELEMETRY, "t/telemetry", 0, false, seq -> PAYLOAD);
    }

    /** Fails the writer thread's first read of it once armed; everyone else reads the time as given. */
    private static final class FailingOnWriter extends Clock {
        private final Clock time;
        private volatile boolean armed;
        final CountDownLatch failed = new CountDownLatch(1);

        FailingOnWriter(Clock time) {
            this.time = time;
        }

        void arm() {
            armed = true;
        }

        @Override
        public Instant instant() {
            if (armed && Thread.currentThread().getName().startsWith("outbox-writer")) {
                armed = false;
                failed.countDown();
                throw new IllegalStateException("the clock could not be read (test)");
            }
            return time.instant();
        }

        @Override
        public ZoneId getZone() {
            return time.getZone();
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
