package io.edgeagent.agent.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, item 3: the writer's queue is bounded by payload bytes, not only by messages, so that a writer that falls
 * behind (starved of CPU) cannot fill the heap with a fleet's telemetry: an append waits once
 * {@link OutboxWriter#QUEUE_MAX_BYTES} wait, and goes on when the writer takes them.
 */
class OutboxQueueBoundTest {

    @TempDir
    Path dir;

    @Test
    void anAppendWaitsWhileTheQueueHoldsItsBytesAndGoesOnWhenTheWriterTakesThem() throws Exception {
        // The writer asks the monotonic clock on every pass of its loop: holding it there holds the writer.
        CountDownLatch writerHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Gate gate = new Gate(writerHeld, release);
        int payloadBytes = (int) (OutboxWriter.QUEUE_MAX_BYTES / 4);
        try (Outbox outbox = Outbox.open(dir, OutboxSettings.DEFAULT, Clock.systemUTC(), gate::nanoTime)) {
            gate.closed = true;
            assertTrue(writerHeld.await(10, TimeUnit.SECONDS), "the writer reached the held clock");
            for (int i = 0; i < 4; i++) {
                outbox.append(MessageClass.TELEMETRY, "t", 1, false, seq -> new byte[payloadBytes]);
            }

            AtomicReference<Thread> appender = new AtomicReference<>();
            CompletableFuture<Long> fifth = CompletableFuture.supplyAsync(() -> {
                appender.set(Thread.currentThread());
                return outbox.append(MessageClass.TELEMETRY, "t", 1, false, seq -> new byte[payloadBytes]);
            });
            awaitWaiting(appender);
            assertFalse(fifth.isDone(), "a fifth quarter of the bound waits while the writer takes nothing");

            gate.closed = false;
            release.countDown();
            assertEquals(5L, fifth.get(10, TimeUnit.SECONDS), "the writer took the queue, so the append went on");
            assertTrue(outbox.awaitCommitted(4, Duration.ofSeconds(10)), "and all five are committed");
        }
    }

    /** Until the appending thread waits (it parks in the wait for room, with a timeout). */
    private static void awaitWaiting(AtomicReference<Thread> appender) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (appender.get() == null || appender.get().getState() != Thread.State.TIMED_WAITING) {
            if (System.nanoTime() > until) {
                throw new AssertionError("the fifth append never waited");
            }
            Thread.onSpinWait();
        }
    }

    /** A monotonic clock that holds the outbox's writer thread while closed. */
    private static final class Gate {
        private final CountDownLatch writerHeld;
        private final CountDownLatch release;
        private volatile boolean closed;

        Gate(CountDownLatch writerHeld, CountDownLatch release) {
            this.writerHeld = writerHeld;
            this.release = release;
        }

        long nanoTime() {
            if (closed && Thread.currentThread().getName().equals("outbox-writer")) {
                writerHeld.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return System.nanoTime();
        }
    }
}
