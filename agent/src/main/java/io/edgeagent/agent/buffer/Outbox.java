package io.edgeagent.agent.buffer;

import io.edgeagent.agent.config.BufferConfig;
import io.edgeagent.agent.storage.H2Files;
import io.edgeagent.agent.storage.MovedAside;
import io.edgeagent.agent.storage.OpenedFile;
import io.edgeagent.agent.stop.StuckThreads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The H2-backed outbox. Thread-safe: any thread may {@link #append}; one publisher thread reads with
 * {@link #next} and confirms with {@link #ack}; one writer thread, an {@link OutboxWriter} owned here, does every
 * write.
 *
 * <p>Durability: a message is accepted once the batch holding it commits, which writes it to the file at once
 * (a killed process loses nothing accepted). H2 does not fsync each commit: a batch holding an event is forced
 * onto the storage device right after its commit, telemetry at most {@code buffer.commitMs} later, so a power
 * cut can lose that much telemetry and no event. An orderly stop loses nothing and compacts the file.
 *
 * <p>Threads. This face hands out the numbers (sequence and birth-and-death) under {@link #appendLock}, which also
 * keeps the writer's queue in sequence order, and owns the readers' connection, used by any thread under
 * {@link #readLock} and replaced under it by the writer's thread when it swaps the file. What the writer has
 * committed, readers and waiters learn from the {@link CommitSignal}.
 */
public final class Outbox implements AutoCloseable, BufferReader {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    private static final String FILE_NAME = BufferFolder.FILE_NAME;
    /**
     * The rows' share of the disk budget. A freshly rotated file takes about 1.2 times its rows; the rest is the
     * garbage H2 leaves until the next rotation, which starts at {@link OutboxWriter#ROTATE_AT_PERCENT} of the budget.
     */
    static final int ROW_SHARE_PERCENT = 50;
    /** How long {@link #nextBirth} waits for the file to record a number: the writer commits every 50 ms when idle. */
    private static final Duration RECORD_TIMEOUT = Duration.ofSeconds(10);
    /** How long a close waits for a reader (a query of the publisher, the CLI, the metrics) to leave the file. */
    private static final Duration READERS_WAIT = Duration.ofSeconds(2);
    /**
     * The most a {@link #close} takes: the writer's last commit and sync, a reader leaving, the compaction (at most
     * about a second, see {@link OutboxWriter}).
     */
    public static final Duration CLOSE_BOUND = OutboxWriter.STOP_WAIT.plus(READERS_WAIT).plusSeconds(1);

    /** The readers' lock, which tells who holds it: a close that cannot have it names the holder. */
    private static final class ReadersLock extends ReentrantLock {
        Thread holder() {
            return getOwner();
        }
    }

    private final Clock clock;
    private final BufferFolder folder;
    /** The readers' connection, used and replaced only under {@link #readLock}. */
    private Connection readConnection;
    private final ReadersLock readLock = new ReadersLock();
    private final Optional<MovedAside> movedAside;
    private final long epoch;
    private final Retention retention;
    private final CommitSignal signal;
    private final OutboxWriter writer;
    private final Object appendLock = new Object();
    /** Incremented under {@code appendLock}; read without it, since an append may hold the lock while waiting on the writer. */
    private volatile long lastSeq;
    /** The last birth-and-death number handed out; incremented under {@code appendLock}. */
    private volatile long lastBirth;

    private Outbox(Clock clock, LongSupplier nanoTime, BufferFolder folder, OutboxSettings settings,
                   Connection writeConnection, Connection readConnection, OutboxCheck.Found found,
                   Optional<MovedAside> movedAside) {
        this.clock = clock;
        this.folder = folder;
        this.retention = new Retention(settings.maxBytes() / 100 * ROW_SHARE_PERCENT, settings.maxBytes(),
                settings.maxTelemetryAge(), clock, nanoTime);
        this.readConnection = readConnection;
        this.epoch = found.epoch();
        this.lastSeq = found.lastSeq();
        this.lastBirth = found.births();
        this.movedAside = movedAside;
        this.signal = new CommitSignal(found.lastSeq(), found.births());
        this.writer = new OutboxWriter(folder, settings, writeConnection, found, retention, signal,
                this::reopenReadersAround, () -> lastSeq, () -> lastBirth, nanoTime);
        this.writer.start();
    }

    /**
     * Opens (or creates) the outbox under {@code dir}. A file H2 cannot read is moved aside with a
     * timestamped name and a fresh one is created, so a corrupt SD card sector never stops the agent.
     */
    public static Outbox open(Path dir, Clock clock) {
        return open(dir, OutboxSettings.DEFAULT, clock, System::nanoTime);
    }

    /** Opens the outbox as the config's {@code buffer:} section says. */
    public static Outbox open(Path dir, BufferConfig config, Clock clock) {
        return open(dir, OutboxSettings.of(config), clock, System::nanoTime);
    }

    /**
     * Opens the outbox with a disk budget for its file: when the stored rows exceed their share of {@code maxBytes}
     * (half), the oldest telemetry is dropped (events only once no telemetry is left), counted and logged once per
     * episode; past 80 % of it the file is rotated.
     */
    public static Outbox open(Path dir, long maxBytes, Clock clock) {
        return open(dir, OutboxSettings.DEFAULT.withMaxBytes(maxBytes), clock, System::nanoTime);
    }

    /** @param nanoTime the monotonic time the sync cadence and the age checks are timed by */
    static Outbox open(Path dir, OutboxSettings settings, Clock clock, LongSupplier nanoTime) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new BufferUnavailableException("cannot create buffer directory " + dir + ": " + e.getMessage(), e);
        }
        BufferFolder folder = new BufferFolder(dir);
        Path file = folder.file();
        OpenedFile<OutboxCheck.Found> opened;
        try {
            Rotation.deleteLeftover(dir);
            opened = H2Files.openChecked(dir, FILE_NAME, clock, new OutboxCheck(SequenceMark.read(dir), clock));
        } catch (SQLException e) {
            throw unavailable(file, e);
        } catch (IOException e) {
            throw new BufferUnavailableException("buffer " + file + " is damaged and could not be moved aside: "
                    + e.getMessage(), e);
        }
        Connection write = opened.connection();
        try {
            Connection read = connect(dir);
            return new Outbox(clock, nanoTime, folder, settings, write, read, opened.state(), opened.movedAside());
        } catch (SQLException e) {
            OutboxWriter.closeQuietly(write);
            throw unavailable(file, e);
        }
    }

    private static Connection connect(Path dir) throws SQLException {
        return H2Files.open(dir, FILE_NAME);
    }

    private static BufferUnavailableException unavailable(Path file, SQLException e) {
        return new BufferUnavailableException("cannot open buffer " + file + ": " + H2Files.whyNotOpened(e), e);
    }

    /** The epoch of this file's sequence: a subscriber drops duplicates by (agent, epoch, seq). */
    public long epoch() {
        return epoch;
    }

    /** The damaged file this start moved aside to open a fresh one, if it did. */
    public Optional<MovedAside> movedAside() {
        return movedAside;
    }

    /**
     * Accepts a message: assigns the next sequence number, renders the payload with it and queues it for
     * the next commit. Blocks while the writer is a full queue behind (back-pressure).
     *
     * @return the sequence number given to the message
     */
    public long append(MessageClass cls, String topic, int qos, boolean retained, PayloadWriter payload) {
        if (writer.closing()) {
            throw new IllegalStateException("outbox is closed");
        }
        try {
            synchronized (appendLock) {
                long seq = ++lastSeq;
                OutgoingMessage m = new OutgoingMessage(seq, cls, topic, qos, retained, payload.write(seq), clock.instant());
                writer.enqueue(m);
                return seq;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the buffer was full", e);
        }
    }

    /**
     * Hands out the next birth-and-death number, for a new connection to the broker: its Last Will, its birth and
     * its orderly offline status carry it, so that a subscriber can tell a late Last Will of an earlier connection
     * from the death of the current one (Sparkplug's bdSeq). Its own counter, not a {@code seq}, so that a Last Will
     * that never fires leaves no gap in the data sequence. Returns once the file records it: a process killed after
     * that must not hand the number out again. Waits for the writer's next commit (its 50 ms poll, or the 100 ms a
     * batch gathers).
     *
     * @throws BufferUnavailableException when the file cannot record it (full disk, closed)
     */
    public long nextBirth() {
        long birth;
        synchronized (appendLock) {
            birth = ++lastBirth;
        }
        try {
            signal.await(() -> signal.persistedBirth() >= birth || !writer.isAlive(), RECORD_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (signal.persistedBirth() < birth) {
            throw new BufferUnavailableException("birth-and-death number " + birth + " could not be recorded in "
                    + folder.file() + " (is the disk full?); not connecting until it can be", null);
        }
        return birth;
    }

    /**
     * Up to {@code limit} committed messages of a class with a sequence above {@code afterSeq}, in order; none
     * when the file cannot be read now (logged), since the publisher reads again soon.
     */
    public List<OutgoingMessage> next(MessageClass cls, long afterSeq, int limit) {
        try {
            return read(cls, afterSeq, limit);
        } catch (BufferUnavailableException e) {
            LOG.warn("buffer read failed: {}", e.getMessage());
            return List.of();
        }
    }

    /**
     * Only what the writer's commit has returned for: H2 makes a commit visible to other connections a moment
     * before it writes it to the file, and a message published in that moment by a process then killed would be
     * gone from the file while the subscriber has it, and its number handed out again.
     */
    @Override
    public List<OutgoingMessage> read(MessageClass cls, long afterSeq, int limit) {
        readLock.lock();
        try {
            try {
                List<OutgoingMessage> page = OutboxQueries.page(readConnection, cls, afterSeq, signal.committedSeq(), limit);
                readConnection.commit();
                return page;
            } catch (SQLException e) {
                throw unreadable(e);
            }
        } finally {
            readLock.unlock();
        }
    }

    private BufferUnavailableException unreadable(SQLException e) {
        if (OutboxWriter.isStoreClosed(e)) {
            // Closed under the readers (an interrupt that reached a thread inside H2's file I/O, or H2 itself): the
            // writer opens it again at once rather than at its next failed write.
            writer.reopenSoon();
        }
        return new BufferUnavailableException("cannot read buffer " + folder.file() + ": " + H2Files.firstLine(e.getMessage()), e);
    }

    /** The sequence of the newest committed message; pass it to {@link #awaitCommitted} to wait for newer ones. */
    public long lastCommittedSeq() {
        return signal.committedSeq();
    }

    /** The broker has the message (PUBACK, or sent for QoS 0): it may be deleted. */
    public void ack(OutgoingMessage message) {
        writer.ack(message);
    }

    /**
     * Waits until a message with a sequence above {@code afterSeq} has been committed, or the timeout ends.
     *
     * @return whether such a message exists now
     */
    public boolean awaitCommitted(long afterSeq, Duration timeout) throws InterruptedException {
        return awaitCommitted(afterSeq, timeout, () -> false);
    }

    /**
     * Waits as {@link #awaitCommitted(long, Duration)} does, and also ends once {@code orElse} holds: it is checked
     * at each commit and each {@link #wake}, so that one thread can wait both for messages and for news of its own.
     */
    public boolean awaitCommitted(long afterSeq, Duration timeout, BooleanSupplier orElse) throws InterruptedException {
        signal.await(() -> signal.committedSeq() > afterSeq || writer.closing() || orElse.getAsBoolean(), timeout);
        return signal.committedSeq() > afterSeq;
    }

    /** Wakes the threads in {@link #awaitCommitted(long, Duration, BooleanSupplier)} to check their condition again. */
    public void wake() {
        signal.signal();
    }

    public OutboxStats stats() {
        long events = 0;
        long telemetry = 0;
        readLock.lock();
        try {
            try {
                events = OutboxQueries.count(readConnection, MessageClass.EVENT);
                telemetry = OutboxQueries.count(readConnection, MessageClass.TELEMETRY);
                readConnection.commit();
            } catch (SQLException e) {
                LOG.warn("buffer stats failed: {}", H2Files.firstLine(e.getMessage()));
            }
        } finally {
            readLock.unlock();
        }
        return new OutboxStats(events, telemetry, writer.storedBytes(), lastSeq, retention.droppedTelemetry(),
                retention.droppedEvents(), movedAside.map(MovedAside::movedTo), writer.held(), writer.failure());
    }

    /**
     * When the oldest message of a class still waiting was accepted, or empty when none waits: a backlog
     * that only grows older tells that the uplink is stuck, not just busy. One primary-key lookup.
     */
    public Optional<Instant> oldest(MessageClass cls) {
        readLock.lock();
        try {
            try {
                Optional<Instant> oldest = OutboxQueries.oldest(readConnection, cls);
                readConnection.commit();
                return oldest;
            } catch (SQLException e) {
                LOG.warn("buffer stats failed: {}", H2Files.firstLine(e.getMessage()));
                return Optional.empty();
            }
        } finally {
            readLock.unlock();
        }
    }

    /** Depth, age and drops per class as the file records them, the file's size and what was moved aside. */
    @Override
    public BufferStats bufferStats() {
        List<ClassStats> classes = new ArrayList<>();
        readLock.lock();
        try {
            try {
                for (MessageClass cls : MessageClass.values()) {
                    classes.add(OutboxQueries.classStats(readConnection, cls));
                }
                readConnection.commit();
            } catch (SQLException e) {
                throw unreadable(e);
            }
        } finally {
            readLock.unlock();
        }
        try {
            return new BufferStats(folder.file(), folder.fileBytes(), writer.storedBytes(), lastSeq, classes, folder.quarantined());
        } catch (IOException e) {
            throw new BufferUnavailableException("cannot read the buffer folder " + folder.dir() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits until writes fail ({@code failing}) or succeed again, or the timeout ends; whether they do now. For
     * a test that fills the disk under the outbox: the writer signals both ends of a failure episode.
     */
    boolean awaitWriteFailure(boolean failing, Duration timeout) throws InterruptedException {
        signal.await(() -> writer.failure().isPresent() == failing, timeout);
        return writer.failure().isPresent() == failing;
    }

    /** How many times the file was forced onto the storage device. */
    long syncs() {
        return writer.syncs();
    }

    /**
     * Commits everything accepted so far, applies pending acknowledgements, compacts and closes the file; returns
     * within {@link #CLOSE_BOUND}. A writer or reader stuck inside H2 (seen in the field: the writer spinning in
     * {@code MVStore.registerVersionUsage} after the store was closed under it) is reported in one line with its top
     * frames and left to the process's exit, with the file as it is: closing a connection would wait for ever for the
     * session that thread holds. What was committed is in the file, and the next start opens it.
     */
    @Override
    public void close() {
        if (!writer.stop()) {
            LOG.error("buffer {} left open: its writer did not end within {} s; what it committed stays in the file for"
                    + " the next start; still running: {}", folder.file(), OutboxWriter.STOP_WAIT.toSeconds(),
                    StuckThreads.describe(List.of(writer.thread())));
            return;
        }
        boolean locked;
        try {
            locked = readLock.tryLock(READERS_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            locked = false;
        }
        if (!locked) {
            Thread holder = readLock.holder();
            LOG.error("buffer {} left open: a reader did not leave it within {} s; what was committed stays in the file"
                    + " for the next start; still running: {}", folder.file(), READERS_WAIT.toSeconds(),
                    holder == null ? "none" : StuckThreads.describe(List.of(holder)));
            return;
        }
        try {
            OutboxWriter.closeQuietly(readConnection);
        } finally {
            readLock.unlock();
        }
        writer.compactAndClose();
    }

    /** How many times the writer opened the file again after a failed write. */
    long reopens() {
        return writer.reopens();
    }

    /** How many times the writer rotated the file. */
    long rotations() {
        return writer.rotations();
    }

    /** How many times the writer emptied a table whose every row was acknowledged. */
    long truncations() {
        return writer.truncations();
    }

    /** Messages dropped since the start, by the budget, the age limit or a failure episode; reads no file. */
    long dropped() {
        return retention.droppedTelemetry() + retention.droppedEvents();
    }

    /** The writer's thread, for a test that closes the store under it. */
    Thread writerThread() {
        return writer.thread();
    }

    /**
     * Closes the readers' connection, runs {@code swap} and opens it again, all under {@link #readLock}: no reader
     * reads while the writer swaps the file under it.
     */
    private void reopenReadersAround(OutboxWriter.FileSwap swap) throws SQLException {
        readLock.lock();
        try {
            OutboxWriter.closeQuietly(readConnection);
            swap.run();
            readConnection = connect(folder.dir());
        } finally {
            readLock.unlock();
        }
    }
}
