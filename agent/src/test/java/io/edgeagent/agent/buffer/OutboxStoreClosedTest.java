package io.edgeagent.agent.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.agent.storage.H2Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store closed under a busy writer (issue 14, durability: a fleet run's agent ignored SIGTERM for 30 minutes,
 * its {@code outbox-writer} spinning inside H2 after "The database has been closed"). Java NIO closes a file channel
 * when a thread doing I/O on it is interrupted ({@code ClosedByInterruptException}); H2's store then panics and is
 * closed for every connection of the file. Here, on a real file, the store is closed under the writer as the field
 * can close it: an interrupt of the writer in the middle of its writes, an interrupt of a reader in the middle of a
 * read (the publisher, the CLI), H2 told to shut the database by another connection, and a stop racing a busy
 * writer's rotations. Each time: one episode, the file opened again, appends still taken, and every message that was
 * accepted is in the file after a close and a new open.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OutboxStoreClosedTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /**
     * A payload's text: random for {@link #MANY_MESSAGES}, which H2's page compression cannot shrink, so that the file
     * outgrows H2's 4 MB page cache and reads go to the file.
     */
    private static final int BODY_CHARS = 300;
    /** What an appender appends at most: a full queue and a few seconds of writes, enough to be busy when closed under. */
    private static final int MESSAGES = 15_000;
    /** For reads that must reach the file: about 12 MB of rows, three times H2's page cache. */
    private static final int MANY_MESSAGES = 40_000;

    @TempDir
    Path dir;

    /**
     * Before the fix the writer took the interrupt for a stop: it dropped the 20,000 messages it held, ended, and the
     * outbox refused every append after ("outbox is closed").
     */
    @Test
    void anInterruptOfTheWriterInTheMiddleOfItsWritesIsAnEpisodeAndLosesNothing() throws Exception {
        Outbox outbox = Outbox.open(dir, Clock.systemUTC());
        Appender appender = Appender.start(outbox, MESSAGES);
        assertTrue(outbox.awaitCommitted(100, WAIT), "the writer commits");
        interruptUntilReopened(outbox, outbox.writerThread());
        assertTrue(outbox.reopens() > 0, "an interrupt reached the writer inside H2's I/O and closed the store");
        appender.stop();
        assertWritesAgainAndKeepsEverything(outbox, appender);
    }

    /** What the publisher meets when its thread is interrupted while it reads the buffer. */
    @Test
    void anInterruptOfAReaderClosesTheStoreUnderTheWriterWhichOpensItAgainAndLosesNothing() throws Exception {
        Outbox outbox = Outbox.open(dir, Clock.systemUTC());
        Appender appender = Appender.start(outbox, MANY_MESSAGES);
        assertTrue(outbox.awaitCommitted(100, WAIT), "the writer commits");
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread reader = new Thread(() -> {
            // Pages all over the file, and its counts, so that reads go to the file rather than H2's cache.
            Random random = new Random();
            while (reading.get()) {
                outbox.next(MessageClass.TELEMETRY, random.nextInt((int) Math.max(1, appender.last())), 50);
                try {
                    outbox.bufferStats();
                } catch (BufferUnavailableException e) {
                    // The store closed under this very read: what the test waits for.
                }
                Thread.interrupted();
            }
        }, "test-reader");
        reader.start();
        interruptUntilReopened(outbox, reader);
        reading.set(false);
        reader.join();
        assertTrue(outbox.reopens() > 0, "an interrupted read closed the store, and the writer opened it again");
        appender.stop();
        assertWritesAgainAndKeepsEverything(outbox, appender);
    }

    /**
     * H2 shuts the database by another path while the writer is busy and the stop begins. Before the fix a failure
     * seen once the stop had begun dropped everything held.
     */
    @Test
    void aStoreShutByAnotherPathAsTheStopBeginsLosesNothing() throws Exception {
        Outbox outbox = Outbox.open(dir, Clock.systemUTC());
        Appender appender = Appender.start(outbox, MESSAGES);
        assertTrue(outbox.awaitCommitted(100, WAIT), "the writer commits");
        try (Connection other = H2Files.open(dir, BufferFolder.FILE_NAME); Statement s = other.createStatement()) {
            appender.stop();
            s.execute("SHUTDOWN IMMEDIATELY");
        }
        long start = System.nanoTime();
        outbox.close();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(Outbox.CLOSE_BOUND) < 0, "closed within its bound: " + took);
        assertEveryAcceptedMessageIsInTheFileOrCounted(appender, outbox.dropped());
    }

    /**
     * A stop while a writer under a small budget rotates its file again and again, the readers' connection swapped
     * around each rotation: it ends within its bound, and the file holds the last sequence number handed out.
     */
    @Test
    void aStopRacingTheRotationsOfABusyWriterEndsWithinItsBound() throws Exception {
        OutboxSettings settings = OutboxSettings.DEFAULT.withMaxBytes(512L * 1024);
        Outbox outbox = Outbox.open(dir, settings, Clock.systemUTC(), System::nanoTime);
        Appender appender = Appender.start(outbox, MANY_MESSAGES);
        long start = System.nanoTime();
        while (outbox.rotations() == 0 && System.nanoTime() - start < WAIT.toNanos()) {
            outbox.awaitCommitted(outbox.lastCommittedSeq(), Duration.ofMillis(100));
        }
        assertTrue(outbox.rotations() > 0, "the file was rotated while messages came in");
        // The queue still holds thousands of messages: the writer is busy writing and rotating as the stop comes.
        appender.stop();
        Thread stopping = new Thread(outbox::close, "test-stop");
        stopping.start();
        stopping.join(Outbox.CLOSE_BOUND.toMillis());
        assertTrue(!stopping.isAlive(), "the close ended within " + Outbox.CLOSE_BOUND);
        try (Outbox again = Outbox.open(dir, Clock.systemUTC())) {
            assertEquals(appender.last(), again.stats().lastSeq(), "the file holds the last sequence number handed out");
        }
    }

    /** Interrupts {@code thread} again and again until one interrupt closed the store and the writer opened it again. */
    private static void interruptUntilReopened(Outbox outbox, Thread thread) {
        long start = System.nanoTime();
        while (outbox.reopens() == 0 && System.nanoTime() - start < WAIT.toNanos()) {
            thread.interrupt();
            Thread.onSpinWait();
        }
    }

    /**
     * The episode ends by itself, the outbox takes and commits a message again, and once closed its file holds every
     * message accepted but those counted as dropped: beyond {@link OutboxWriter#HELD_WHILE_FAILING} held in memory
     * during the episode, as on a full disk.
     */
    private void assertWritesAgainAndKeepsEverything(Outbox outbox, Appender appender) throws InterruptedException {
        assertTrue(outbox.awaitWriteFailure(false, WAIT), "the episode ended");
        long event = outbox.append(MessageClass.EVENT, "t/event", 1, false, s -> "{}".getBytes(StandardCharsets.UTF_8));
        assertTrue(outbox.awaitCommitted(event - 1, WAIT), "the writer commits again after the store was closed under it");
        assertEquals(event, outbox.next(MessageClass.EVENT, event - 1, 1).get(0).seq(), "the readers read again");
        outbox.close();
        assertEveryAcceptedMessageIsInTheFileOrCounted(appender, outbox.dropped());
    }

    private void assertEveryAcceptedMessageIsInTheFileOrCounted(Appender appender, long dropped) {
        try (Outbox again = Outbox.open(dir, Clock.systemUTC())) {
            TreeSet<Long> inFile = new TreeSet<>();
            for (List<OutgoingMessage> page; !(page = again.next(MessageClass.TELEMETRY, inFile.isEmpty() ? 0 : inFile.last(), 5_000)).isEmpty(); ) {
                page.forEach(m -> inFile.add(m.seq()));
            }
            List<Long> missing = new ArrayList<>();
            for (long seq : appender.accepted()) {
                if (!inFile.contains(seq)) {
                    missing.add(seq);
                }
            }
            assertTrue(appender.accepted().size() > 100, "messages were accepted: " + appender.accepted().size());
            assertEquals(dropped, missing.size(), "accepted messages missing from the file are those counted as dropped;"
                    + " of " + appender.accepted().size() + " accepted, missing " + (missing.size() > 20 ? missing.subList(0, 20) : missing));
        }
    }

    /** Appends telemetry as fast as the outbox takes it, on a thread of its own, and keeps what was accepted. */
    private static final class Appender {
        private final Outbox outbox;
        private final int limit;
        private final Random random = new Random(14);
        private final List<Long> accepted = new ArrayList<>();
        private final AtomicLong last = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final CountDownLatch ended = new CountDownLatch(1);

        private Appender(Outbox outbox, int limit) {
            this.outbox = outbox;
            this.limit = limit;
        }

        static Appender start(Outbox outbox, int limit) {
            Appender a = new Appender(outbox, limit);
            Thread t = new Thread(a::run, "test-appender");
            t.setDaemon(true);
            t.start();
            return a;
        }

        private void run() {
            try {
                while (running.get() && accepted.size() < limit) {
                    // An append that finds the outbox closed (the stop came first) ends the appender.
                    StringBuilder text = new StringBuilder(BODY_CHARS);
                    for (int i = 0; i < BODY_CHARS; i++) {
                        text.append(limit == MANY_MESSAGES ? (char) ('a' + random.nextInt(26)) : 'x');
                    }
                    String body = text.toString();
                    long seq = outbox.append(MessageClass.TELEMETRY, "t", 1, false,
                            s -> ("{\"seq\":" + s + ",\"b\":\"" + body + "\"}").getBytes(StandardCharsets.UTF_8));
                    synchronized (accepted) {
                        accepted.add(seq);
                    }
                    last.set(seq);
                }
            } catch (IllegalStateException closed) {
                // The stop came while appending: what was accepted before counts.
            } finally {
                ended.countDown();
            }
        }

        long last() {
            return last.get();
        }

        List<Long> accepted() {
            synchronized (accepted) {
                return List.copyOf(accepted);
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            assertTrue(ended.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the appender ended");
        }
    }
}
