package io.edgeagent.agent.buffer;

import io.edgeagent.agent.config.BufferConfig;
import io.edgeagent.agent.storage.H2Files;
import io.edgeagent.agent.storage.MovedAside;
import io.edgeagent.agent.storage.OpenedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The H2-backed outbox. Thread-safe: any thread may {@link #append}; one publisher thread reads with
 * {@link #next} and confirms with {@link #ack}; one writer thread, owned here, does every write.
 *
 * <p>Durability: a message is accepted once the batch holding it commits, which writes it to the file at once
 * (a killed process loses nothing accepted). H2 does not fsync each commit: a batch holding an event is forced
 * onto the storage device right after its commit, telemetry at most {@code buffer.commitMs} later, so a power
 * cut can lose that much telemetry and no event. An orderly stop loses nothing and compacts the file.
 */
public final class Outbox implements AutoCloseable, BufferReader {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    private static final String FILE_NAME = BufferFolder.FILE_NAME;
    private static final int BATCH_ROWS = 500;
    private static final int QUEUE_CAPACITY = 20_000;
    /**
     * The most waiting data a stop rewrites to compact the file in full: about a second on an SD card. A larger
     * backlog (a stop during an outage) is left to H2's own compaction on close, which stops after 200 ms.
     */
    private static final long FULL_COMPACT_MAX_BYTES = 16L * 1024 * 1024;
    /**
     * The rows' share of the disk budget. A freshly rotated file takes about 1.2 times its rows; the rest is the
     * garbage H2 leaves until the next rotation, which starts at {@link #ROTATE_AT_PERCENT} of the budget.
     */
    static final int ROW_SHARE_PERCENT = 50;
    private static final long MB = 1024 * 1024;
    /** The file's size, as a share of the budget, at which its live rows are copied into a fresh file. */
    static final int ROTATE_AT_PERCENT = 80;
    /** After a rotation failed (no room for the copy), how long until the next try. */
    private static final long ROTATE_RETRY_NANOS = Duration.ofMinutes(1).toNanos();
    /** How often a write that failed is tried again, and a file H2 closed after a failure opened again. */
    private static final long WRITE_RETRY_MILLIS = 1_000;
    /**
     * The most messages held in memory while the file takes nothing: a few minutes of a busy gateway's events
     * and telemetry batches, a few MB of heap.
     */
    static final int HELD_WHILE_FAILING = 2_000;
    /** H2: the database was closed after an error, and: the connection's database is closed already. */
    private static final int DATABASE_CLOSED = 90098;
    private static final int DATABASE_CLOSED_ALREADY = 90121;
    /** How long {@link #nextBirth} waits for the file to record a number: the writer commits every 50 ms when idle. */
    private static final Duration RECORD_TIMEOUT = Duration.ofSeconds(10);

    private final Clock clock;
    private final LongSupplier nanoTime;
    private final BufferFolder folder;
    /** The writer thread's connection; replaced by a rotation or a reopen after a write failure, on that thread. */
    private Connection writeConnection;
    /** The readers' connection, used and replaced only under {@link #readLock}. */
    private Connection readConnection;
    private final Object readLock = new Object();
    private final Optional<MovedAside> movedAside;
    private final long epoch;
    private final BlockingQueue<OutgoingMessage> pending = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final BlockingQueue<OutgoingMessage> acks = new LinkedBlockingQueue<>();
    /** {@code buffer.maxDiskMb}: what the file may take on the device. */
    private final long fileBudget;
    private final long syncIntervalNanos;
    private final Retention retention;
    /** Bytes the rows in the file take, by {@link OutboxWrites#rowSize}; written by the writer thread only. */
    private volatile long storedBytes;
    private long lastSyncNanos;
    private boolean unsynced;
    /** Why the last write failed, while writes fail; null when they succeed. Written by the writer thread only. */
    private volatile String writeFailure;
    private long failingSince;
    /** The writer's batch that a failed write keeps for the next try: held in memory like the queue. */
    private volatile int heldInBatch;
    private long droppedAtFailure;
    private long rotateNotBeforeNanos;
    /** Whether writing the sequence mark failed last time: one warning per episode. */
    private boolean markFailing;
    /** Times the file was forced onto the device; written by the writer thread only. */
    private volatile long syncs;
    private final Object appendLock = new Object();
    private final ReentrantLock commitLock = new ReentrantLock();
    private final Condition committed = commitLock.newCondition();
    private final Thread writer;
    /** Incremented under {@code appendLock}; read without it, since an append may hold the lock while waiting on the writer. */
    private volatile long lastSeq;
    /** The sequence high-water mark in the file; written by the writer thread only. */
    private volatile long persistedSeq;
    private volatile long lastCommittedSeq;
    /** The last birth-and-death number handed out; incremented under {@code appendLock}. */
    private volatile long lastBirth;
    /** The birth-and-death number the file holds; written by the writer thread only. */
    private volatile long persistedBirth;
    private volatile boolean closing;

    private Outbox(Clock clock, LongSupplier nanoTime, BufferFolder folder, OutboxSettings settings,
                   Connection writeConnection, Connection readConnection, OutboxCheck.Found found,
                   Optional<MovedAside> movedAside) {
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.folder = folder;
        this.fileBudget = settings.maxBytes();
        this.syncIntervalNanos = settings.syncInterval().toNanos();
        this.retention = new Retention(settings.maxBytes() / 100 * ROW_SHARE_PERCENT, settings.maxBytes(),
                settings.maxTelemetryAge(), clock, nanoTime);
        this.lastSyncNanos = nanoTime.getAsLong();
        this.storedBytes = found.storedBytes();
        this.writeConnection = writeConnection;
        this.readConnection = readConnection;
        this.epoch = found.epoch();
        this.lastSeq = found.lastSeq();
        this.persistedSeq = found.lastSeq();
        this.lastCommittedSeq = found.lastSeq();
        this.lastBirth = found.births();
        this.persistedBirth = found.births();
        this.movedAside = movedAside;
        this.writer = new Thread(this::writeLoop, "outbox-writer");
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
            closeQuietly(write);
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
        if (closing) {
            throw new IllegalStateException("outbox is closed");
        }
        try {
            synchronized (appendLock) {
                long seq = ++lastSeq;
                OutgoingMessage m = new OutgoingMessage(seq, cls, topic, qos, retained, payload.write(seq), clock.instant());
                if (writeFailure == null) {
                    pending.put(m);
                } else if (pending.size() + heldInBatch >= HELD_WHILE_FAILING || !pending.offer(m)) {
                    // The file takes nothing (a full disk): holding more would only move the loss to the heap.
                    // Counted, and the number stays used, so the subscriber sees the gap a lost message leaves.
                    retention.countLost(cls, 1);
                }
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
     * that must not hand the number out again. Waits for the writer's next commit (at most its 50 ms poll).
     *
     * @throws BufferUnavailableException when the file cannot record it (full disk, closed)
     */
    public long nextBirth() {
        long birth;
        synchronized (appendLock) {
            birth = ++lastBirth;
        }
        long nanos = RECORD_TIMEOUT.toNanos();
        commitLock.lock();
        try {
            while (persistedBirth < birth && nanos > 0 && writer.isAlive()) {
                nanos = committed.awaitNanos(nanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            commitLock.unlock();
        }
        if (persistedBirth < birth) {
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
        synchronized (readLock) {
            try {
                List<OutgoingMessage> page = OutboxQueries.page(readConnection, cls, afterSeq, lastCommittedSeq, limit);
                readConnection.commit();
                return page;
            } catch (SQLException e) {
                throw unreadable(e);
            }
        }
    }

    private BufferUnavailableException unreadable(SQLException e) {
        return new BufferUnavailableException("cannot read buffer " + folder.file() + ": " + H2Files.firstLine(e.getMessage()), e);
    }

    /** The sequence of the newest committed message; pass it to {@link #awaitCommitted} to wait for newer ones. */
    public long lastCommittedSeq() {
        return lastCommittedSeq;
    }

    /** The broker has the message (PUBACK, or sent for QoS 0): it may be deleted. */
    public void ack(OutgoingMessage message) {
        acks.add(message);
    }

    /**
     * Waits until a message with a sequence above {@code afterSeq} has been committed, or the timeout ends.
     *
     * @return whether such a message exists now
     */
    public boolean awaitCommitted(long afterSeq, Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        commitLock.lock();
        try {
            while (lastCommittedSeq <= afterSeq && nanos > 0 && !closing) {
                nanos = committed.awaitNanos(nanos);
            }
            return lastCommittedSeq > afterSeq;
        } finally {
            commitLock.unlock();
        }
    }

    public OutboxStats stats() {
        long events = 0;
        long telemetry = 0;
        synchronized (readLock) {
            try {
                events = OutboxQueries.count(readConnection, MessageClass.EVENT);
                telemetry = OutboxQueries.count(readConnection, MessageClass.TELEMETRY);
                readConnection.commit();
            } catch (SQLException e) {
                LOG.warn("buffer stats failed: {}", H2Files.firstLine(e.getMessage()));
            }
        }
        return new OutboxStats(events, telemetry, storedBytes, lastSeq, retention.droppedTelemetry(), retention.droppedEvents(),
                movedAside.map(MovedAside::movedTo), pending.size() + heldInBatch, Optional.ofNullable(writeFailure));
    }

    /**
     * When the oldest message of a class still waiting was accepted, or empty when none waits: a backlog
     * that only grows older tells that the uplink is stuck, not just busy. One primary-key lookup.
     */
    public Optional<Instant> oldest(MessageClass cls) {
        synchronized (readLock) {
            try {
                Optional<Instant> oldest = OutboxQueries.oldest(readConnection, cls);
                readConnection.commit();
                return oldest;
            } catch (SQLException e) {
                LOG.warn("buffer stats failed: {}", H2Files.firstLine(e.getMessage()));
                return Optional.empty();
            }
        }
    }

    /** Depth, age and drops per class as the file records them, the file's size and what was moved aside. */
    @Override
    public BufferStats bufferStats() {
        List<ClassStats> classes = new ArrayList<>();
        synchronized (readLock) {
            try {
                for (MessageClass cls : MessageClass.values()) {
                    classes.add(OutboxQueries.classStats(readConnection, cls));
                }
                readConnection.commit();
            } catch (SQLException e) {
                throw unreadable(e);
            }
        }
        try {
            return new BufferStats(folder.file(), folder.fileBytes(), storedBytes, lastSeq, classes, folder.quarantined());
        } catch (IOException e) {
            throw new BufferUnavailableException("cannot read the buffer folder " + folder.dir() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits until writes fail ({@code failing}) or succeed again, or the timeout ends; whether they do now. For
     * a test that fills the disk under the outbox: the writer signals both ends of a failure episode.
     */
    boolean awaitWriteFailure(boolean failing, Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        commitLock.lock();
        try {
            while ((writeFailure != null) != failing && nanos > 0) {
                nanos = committed.awaitNanos(nanos);
            }
            return (writeFailure != null) == failing;
        } finally {
            commitLock.unlock();
        }
    }

    /** How many times the file was forced onto the storage device. */
    long syncs() {
        return syncs;
    }

    private void writeLoop() {
        List<OutgoingMessage> batch = new ArrayList<>(BATCH_ROWS);
        List<OutgoingMessage> acked = new ArrayList<>();
        while (true) {
            try {
                if (batch.isEmpty()) {
                    OutgoingMessage first = pending.poll(50, TimeUnit.MILLISECONDS);
                    if (first != null) {
                        batch.add(first);
                        pending.drainTo(batch, BATCH_ROWS - 1);
                    }
                }
                acks.drainTo(acked);
                long seqToPersist = lastSeq;
                long birthToPersist = lastBirth;
                if (batch.isEmpty() && acked.isEmpty() && seqToPersist == persistedSeq
                        && birthToPersist == persistedBirth) {
                    if (closing && pending.isEmpty()) {
                        syncIfDue(true);
                        return;
                    }
                    expire();
                    rotateIfDue();
                    syncIfDue(false);
                    continue;
                }
                write(batch, acked, seqToPersist, birthToPersist);
                persistedSeq = seqToPersist;
                persistedBirth = birthToPersist;
                heldInBatch = 0;
                writesAgain();
                storedBytes -= retention.enforceBudget(writeConnection, storedBytes);
                expire();
                rotateIfDue();
                unsynced = true;
                syncIfDue(batch.stream().anyMatch(m -> m.cls() == MessageClass.EVENT));
                // Reported once the budget and the sync are done, so what a waiter reads next is final.
                signalCommitted(batch.isEmpty() ? lastCommittedSeq : batch.get(batch.size() - 1).seq());
                batch.clear();
                acked.clear();
            } catch (InterruptedException e) {
                // close() interrupts only to cut a back-off short; the loop drains before it returns.
                closing = true;
            } catch (SQLException e) {
                // Keep the batch and retry: nothing accepted is dropped because one write failed.
                rollbackQuietly();
                heldInBatch = batch.size();
                cannotWrite(e, batch.size());
                if (closing) {
                    dropHeld(batch);
                    return;
                }
                pauseAfterFailure();
                reopenIfClosed(e);
            }
        }
    }

    /** A write failed: the first failure of an episode is logged, with what is held; the rest are not. */
    private void cannotWrite(SQLException e, int inBatch) {
        if (writeFailure != null) {
            return;
        }
        String why = H2Files.isDiskFull(e) ? "the disk is full" : H2Files.firstLine(e.getMessage());
        writeFailure = why;
        failingSince = nanoTime.getAsLong();
        droppedAtFailure = retention.droppedTelemetry() + retention.droppedEvents();
        LOG.error("buffer cannot write to {} ({}): holding {} messages in memory, retrying every second; beyond {} held,"
                + " new messages are dropped and counted", folder.file(), why, inBatch + pending.size(), HELD_WHILE_FAILING);
        signalWaiters();
    }

    /** A write succeeded: ends a failure episode with one line. */
    private void writesAgain() {
        if (writeFailure == null) {
            return;
        }
        LOG.info("buffer writes again after {} s ({}); {} messages dropped meanwhile",
                TimeUnit.NANOSECONDS.toSeconds(nanoTime.getAsLong() - failingSince), writeFailure,
                retention.droppedTelemetry() + retention.droppedEvents() - droppedAtFailure);
        writeFailure = null;
        signalWaiters();
    }

    /**
     * H2 closes a database whose write failed (a full disk does that): every later statement then fails with
     * "database closed", space or not. Opening the file again is how the buffer recovers by itself.
     */
    private void reopenIfClosed(SQLException e) {
        if (!H2Files.isDiskFull(e) && e.getErrorCode() != DATABASE_CLOSED && e.getErrorCode() != DATABASE_CLOSED_ALREADY) {
            return;
        }
        synchronized (readLock) {
            closeQuietly(readConnection);
            closeQuietly(writeConnection);
            try {
                writeConnection = connect(folder.dir());
                readConnection = connect(folder.dir());
            } catch (SQLException again) {
                LOG.debug("buffer reopen failed: {}", H2Files.firstLine(again.getMessage()));
            }
        }
    }

    /** Stopping while the file takes nothing: what is held in memory is lost, and counted as dropped. */
    private void dropHeld(List<OutgoingMessage> batch) {
        List<OutgoingMessage> held = new ArrayList<>(batch);
        pending.drainTo(held);
        long events = held.stream().filter(m -> m.cls() == MessageClass.EVENT).count();
        retention.countLost(MessageClass.EVENT, events);
        retention.countLost(MessageClass.TELEMETRY, held.size() - events);
        LOG.error("buffer stopping while it cannot write ({}): {} telemetry and {} event messages held in memory are"
                + " lost, counted as dropped", writeFailure, held.size() - events, events);
    }

    /**
     * Once the file passes {@link #ROTATE_AT_PERCENT} of the budget, copies its waiting rows into a fresh file and
     * puts that in its place: the rows are within their share, so the rest is H2's garbage. Checked after every
     * write (a file size is one system call): a backlog can grow the file by megabytes a second.
     */
    private void rotateIfDue() throws SQLException {
        long time = nanoTime.getAsLong();
        if (time < rotateNotBeforeNanos) {
            return;
        }
        long before;
        try {
            before = folder.fileBytes();
        } catch (IOException e) {
            return;
        }
        if (before <= fileBudget / 100 * ROTATE_AT_PERCENT) {
            return;
        }
        try {
            Rotation.copy(writeConnection, folder.dir());
        } catch (SQLException | IOException e) {
            rotateNotBeforeNanos = time + ROTATE_RETRY_NANOS;
            LOG.warn("buffer file at {} MB of its {} MB budget, and copying its {} MB of waiting rows into a fresh"
                            + " file failed ({}); trying again in a minute", before / MB, fileBudget / MB, storedBytes / MB,
                    e instanceof SQLException q ? H2Files.firstLine(q.getMessage()) : e.getMessage());
            try {
                Rotation.deleteLeftover(folder.dir());
            } catch (IOException ignored) {
                // The next open deletes it.
            }
            return;
        }
        synchronized (readLock) {
            closeQuietly(readConnection);
            closeQuietly(writeConnection);
            try {
                Files.move(Rotation.nextFile(folder.dir()), folder.file(), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                LOG.error("buffer rotation could not put the fresh file in place ({}); going on with the old one", e.getMessage());
            }
            writeConnection = connect(folder.dir());
            readConnection = connect(folder.dir());
        }
        long after;
        try {
            after = folder.fileBytes();
        } catch (IOException e) {
            after = -1;
        }
        LOG.info("buffer file rotated: {} MB -> {} MB ({} MB of waiting rows, budget {} MB) in {} ms", before / MB,
                after / MB, storedBytes / MB, fileBudget / MB,
                TimeUnit.NANOSECONDS.toMillis(nanoTime.getAsLong() - time));
    }

    private void write(List<OutgoingMessage> batch, List<OutgoingMessage> acked, long seqHighWater, long births)
            throws SQLException {
        long added = 0;
        for (MessageClass cls : MessageClass.values()) {
            added += OutboxWrites.insert(writeConnection, cls, batch);
        }
        if (seqHighWater != persistedSeq) {
            OutboxWrites.setMeta(writeConnection, OutboxQueries.SEQ, seqHighWater);
        }
        if (births != persistedBirth) {
            OutboxWrites.setMeta(writeConnection, OutboxQueries.BIRTHS, births);
        }
        long removed = 0;
        if (!acked.isEmpty()) {
            for (MessageClass cls : MessageClass.values()) {
                removed += OutboxWrites.delete(writeConnection, cls, acked);
            }
        }
        writeConnection.commit();
        storedBytes += added - removed;
    }

    /**
     * Forces what was committed onto the storage device at most {@code buffer.commitMs} apart, which bounds
     * what a power cut can take of telemetry (the OS alone may hold written pages for 30 s); {@code now} for a
     * commit that holds an event, which is rare and must not be lost. Not one fsync per commit, because SD cards
     * wear with every flush.
     */
    private void syncIfDue(boolean now) throws SQLException {
        long time = nanoTime.getAsLong();
        if (!unsynced || (!now && time - lastSyncNanos < syncIntervalNanos)) {
            return;
        }
        try (Statement s = writeConnection.createStatement()) {
            s.execute("CHECKPOINT SYNC");
        }
        lastSyncNanos = time;
        unsynced = false;
        syncs++;
        writeMark();
    }

    /** Records what the file now holds on the device, as the witness the next open checks the file against. */
    private void writeMark() {
        try {
            new SequenceMark(epoch, persistedSeq).write(folder.dir());
            markFailing = false;
        } catch (IOException e) {
            if (!markFailing) {
                markFailing = true;
                LOG.warn("cannot write {} beside the buffer ({}): a damaged buffer file that goes back to an older"
                        + " state would not be noticed at the next start", SequenceMark.FILE_NAME, e.getMessage());
            }
        }
    }

    /** Drops telemetry past its age, if due; what that deletes is to be synced like any commit. */
    private void expire() throws SQLException {
        long freed = retention.expireIfDue(writeConnection);
        if (freed > 0) {
            storedBytes -= freed;
            unsynced = true;
        }
    }

    private void signalCommitted(long seq) {
        lastCommittedSeq = seq;
        signalWaiters();
    }

    private void signalWaiters() {
        commitLock.lock();
        try {
            committed.signalAll();
        } finally {
            commitLock.unlock();
        }
    }

    private void pauseAfterFailure() {
        try {
            TimeUnit.MILLISECONDS.sleep(WRITE_RETRY_MILLIS);
        } catch (InterruptedException e) {
            closing = true;
        }
    }

    private void rollbackQuietly() {
        try {
            writeConnection.rollback();
        } catch (SQLException e) {
            LOG.debug("rollback failed", e);
        }
    }

    /** Commits everything accepted so far, applies pending acknowledgements, compacts and closes the file. */
    @Override
    public void close() {
        closing = true;
        commitLock.lock();
        try {
            committed.signalAll();
        } finally {
            commitLock.unlock();
        }
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
            if (writer.isAlive()) {
                writer.interrupt();
                writer.join(TimeUnit.SECONDS.toMillis(2));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (readLock) {
            closeQuietly(readConnection);
        }
        // A writer that did not end may still be inside H2: compacting under it could only fail or wait.
        if (!writer.isAlive()) {
            compact();
        }
        closeQuietly(writeConnection);
    }

    /**
     * Gives the space of every acknowledged and dropped row back to the card ({@code SHUTDOWN COMPACT}): H2
     * appends, so without it the file keeps the size of the largest backlog it ever held. A full compaction
     * rewrites what still waits, so it runs only when that is at most {@link #FULL_COMPACT_MAX_BYTES}; a larger
     * backlog is left to the close's own compaction, which H2 stops after 200 ms.
     */
    private void compact() {
        long waiting = storedBytes;
        if (waiting > FULL_COMPACT_MAX_BYTES) {
            LOG.info("buffer not compacted in full on stop: {} MB still wait, rewriting them would hold the stop up",
                    waiting / (1024 * 1024));
            return;
        }
        long start = nanoTime.getAsLong();
        try {
            long before = folder.fileBytes();
            try (Statement s = writeConnection.createStatement()) {
                s.execute("SHUTDOWN COMPACT");
            }
            LOG.info("buffer compacted on stop: {} kB -> {} kB in {} ms", before / 1024, folder.fileBytes() / 1024,
                    TimeUnit.NANOSECONDS.toMillis(nanoTime.getAsLong() - start));
        } catch (SQLException | IOException e) {
            LOG.warn("buffer compaction on stop failed, the file is kept as it was: {}", H2Files.firstLine(e.getMessage()));
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("closing buffer connection failed", e);
        }
    }

}
