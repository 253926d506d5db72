package io.edgeagent.agent.buffer;

import io.edgeagent.agent.storage.H2Files;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The H2-backed outbox. Thread-safe: any thread may {@link #append}; one publisher thread reads with
 * {@link #next} and confirms with {@link #ack}; one writer thread, owned here, does every write.
 *
 * <p>Durability: a message is accepted once the batch holding it commits. H2 does not fsync each commit,
 * so a power cut can lose about the last second of accepted messages (see docs/buffer.md in the buffer
 * issue); an orderly stop loses nothing.
 */
public final class Outbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    private static final String FILE_NAME = "outbox";
    private static final int BATCH_ROWS = 500;
    private static final int QUEUE_CAPACITY = 20_000;
    /** H2 error codes that mean "this file is not a usable database": move it aside, never delete it. */
    /** What H2 spends per row beyond topic and payload (key, class, flags, timestamp, page share). */
    static final int ROW_OVERHEAD = 48;
    /** The most committed data at risk on a power cut; the buffer issue makes it configurable. */
    private static final Duration SYNC_INTERVAL = Duration.ofSeconds(1);
    /** Used when no budget is given: the config's default {@code buffer.maxDiskMb}. */
    private static final long DEFAULT_MAX_BYTES = 512L * 1024 * 1024;

    private final Clock clock;
    private final Connection writeConnection;
    private final Connection readConnection;
    private final Optional<Path> quarantined;
    private final BlockingQueue<OutgoingMessage> pending = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final BlockingQueue<OutgoingMessage> acks = new LinkedBlockingQueue<>();
    private final long maxBytes;
    private final AtomicLong droppedTelemetry = new AtomicLong();
    private final AtomicLong droppedEvents = new AtomicLong();
    /** Bytes the rows in the file take, by {@link #rowSize}; written by the writer thread only. */
    private volatile long storedBytes;
    private boolean overBudget;
    private long lastSyncNanos = System.nanoTime();
    private boolean unsynced;
    private final Object appendLock = new Object();
    private final ReentrantLock commitLock = new ReentrantLock();
    private final Condition committed = commitLock.newCondition();
    private final Thread writer;
    /** Incremented under {@code appendLock}; read without it, since an append may hold the lock while waiting on the writer. */
    private volatile long lastSeq;
    /** The sequence high-water mark in the file; written by the writer thread only. */
    private long persistedSeq;
    private volatile long lastCommittedSeq;
    private volatile boolean closing;

    private Outbox(Clock clock, long maxBytes, Connection writeConnection, Connection readConnection, long lastSeq,
                   long storedBytes, Optional<Path> quarantined) {
        this.clock = clock;
        this.maxBytes = maxBytes;
        this.storedBytes = storedBytes;
        this.writeConnection = writeConnection;
        this.readConnection = readConnection;
        this.lastSeq = lastSeq;
        this.persistedSeq = lastSeq;
        this.lastCommittedSeq = lastSeq;
        this.quarantined = quarantined;
        this.writer = new Thread(this::writeLoop, "outbox-writer");
        this.writer.start();
    }

    /**
     * Opens (or creates) the outbox under {@code dir}. A file H2 cannot read is moved aside with a
     * timestamped name and a fresh one is created, so a corrupt SD card sector never stops the agent.
     */
    public static Outbox open(Path dir, Clock clock) {
        return open(dir, DEFAULT_MAX_BYTES, clock);
    }

    /**
     * Opens the outbox with a disk budget: when the stored rows exceed {@code maxBytes}, the oldest telemetry
     * is dropped (events only once no telemetry is left), counted and logged once per episode.
     */
    public static Outbox open(Path dir, long maxBytes, Clock clock) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("buffer budget must be positive, was " + maxBytes);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new BufferUnavailableException("cannot create buffer directory " + dir + ": " + e.getMessage(), e);
        }
        Path file = dir.resolve(FILE_NAME + ".mv.db");
        Optional<Path> quarantined = Optional.empty();
        Connection write;
        try {
            write = connect(dir);
        } catch (SQLException e) {
            if (!H2Files.isDamaged(e, file)) {
                throw unavailable(file, e);
            }
            quarantined = Optional.of(quarantine(file, clock, e));
            try {
                write = connect(dir);
            } catch (SQLException again) {
                throw unavailable(file, again);
            }
        }
        try {
            createSchema(write);
            long lastSeq = readLastSeq(write);
            long stored = readStoredBytes(write);
            Connection read = connect(dir);
            return new Outbox(clock, maxBytes, write, read, lastSeq, stored, quarantined);
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

    private static Path quarantine(Path file, Clock clock, SQLException cause) {
        Path aside;
        try {
            aside = H2Files.moveAside(file, FILE_NAME, clock);
        } catch (IOException e) {
            throw new BufferUnavailableException("buffer " + file + " is unreadable (" + H2Files.firstLine(cause.getMessage())
                    + ") and could not be moved aside: " + e.getMessage(), e);
        }
        LOG.error("buffer {} is unreadable ({}); moved it aside to {} and started a fresh buffer",
                file, H2Files.firstLine(cause.getMessage()), aside);
        return aside;
    }

    private static void createSchema(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (MessageClass cls : MessageClass.values()) {
                s.execute("CREATE TABLE IF NOT EXISTS " + cls.table() + " (seq BIGINT PRIMARY KEY,"
                        + " topic VARCHAR(1024) NOT NULL, qos TINYINT NOT NULL, retained BOOLEAN NOT NULL,"
                        + " created TIMESTAMP WITH TIME ZONE NOT NULL, payload VARBINARY NOT NULL)");
            }
            // The sequence survives even when every row has been acknowledged and deleted.
            s.execute("CREATE TABLE IF NOT EXISTS meta (name VARCHAR(64) PRIMARY KEY, num BIGINT NOT NULL)");
        }
        c.commit();
    }

    private static long readLastSeq(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT GREATEST(COALESCE((SELECT num FROM meta WHERE name = 'seq'), 0),"
                     + " COALESCE((SELECT MAX(seq) FROM outbox_event), 0), COALESCE((SELECT MAX(seq) FROM outbox_telemetry), 0))")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long readStoredBytes(Connection c) throws SQLException {
        long bytes = 0;
        for (MessageClass cls : MessageClass.values()) {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COALESCE(SUM(OCTET_LENGTH(payload) + CHAR_LENGTH(topic)), 0)"
                         + " + COUNT(*) * " + ROW_OVERHEAD + " FROM " + cls.table())) {
                rs.next();
                bytes += rs.getLong(1);
            }
        }
        return bytes;
    }

    static long rowSize(OutgoingMessage m) {
        return m.payload().length + m.topic().length() + ROW_OVERHEAD;
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
                pending.put(new OutgoingMessage(seq, cls, topic, qos, retained, payload.write(seq), clock.instant()));
                return seq;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the buffer was full", e);
        }
    }

    /**
     * Hands out a sequence number for a message that is not buffered (the birth, the Last Will). The writer
     * persists it with its next commit, so it is not handed out again after a restart.
     */
    public long nextSeq() {
        synchronized (appendLock) {
            return ++lastSeq;
        }
    }

    /** Up to {@code limit} committed messages of a class with a sequence above {@code afterSeq}, in order. */
    public List<OutgoingMessage> next(MessageClass cls, long afterSeq, int limit) {
        List<OutgoingMessage> out = new ArrayList<>(Math.min(limit, BATCH_ROWS));
        synchronized (readConnection) {
            try (PreparedStatement ps = readConnection.prepareStatement(
                    "SELECT seq, topic, qos, retained, created, payload FROM " + cls.table() + " WHERE seq > ?"
                            + " ORDER BY seq LIMIT ?")) {
                ps.setLong(1, afterSeq);
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new OutgoingMessage(rs.getLong(1), cls, rs.getString(2), rs.getInt(3), rs.getBoolean(4),
                                rs.getBytes(6), rs.getTimestamp(5).toInstant()));
                    }
                }
                readConnection.commit();
            } catch (SQLException e) {
                LOG.warn("buffer read failed: {}", H2Files.firstLine(e.getMessage()));
            }
        }
        return out;
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
        synchronized (readConnection) {
            try (Statement s = readConnection.createStatement();
                 ResultSet rs = s.executeQuery("SELECT (SELECT COUNT(*) FROM outbox_event), (SELECT COUNT(*) FROM outbox_telemetry)")) {
                rs.next();
                events = rs.getLong(1);
                telemetry = rs.getLong(2);
                readConnection.commit();
            } catch (SQLException e) {
                LOG.warn("buffer stats failed: {}", H2Files.firstLine(e.getMessage()));
            }
        }
        return new OutboxStats(events, telemetry, storedBytes, lastSeq, droppedTelemetry.get(), droppedEvents.get(),
                quarantined);
    }

    /**
     * When the oldest message of a class still waiting was accepted, or empty when none waits: a backlog
     * that only grows older tells that the uplink is stuck, not just busy. One primary-key lookup.
     */
    public Optional<Instant> oldest(MessageClass cls) {
        synchronized (readConnection) {
            try (Statement s = readConnection.createStatement();
                 ResultSet rs = s.executeQuery("SELECT created FROM " + cls.table() + " ORDER BY seq LIMIT 1")) {
                Optional<Instant> oldest = rs.next() ? Optional.of(rs.getTimestamp(1).toInstant()) : Optional.empty();
                readConnection.commit();
                return oldest;
            } catch (SQLException e) {
                LOG.warn("buffer stats failed: {}", H2Files.firstLine(e.getMessage()));
                return Optional.empty();
            }
        }
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
                if (batch.isEmpty() && acked.isEmpty() && seqToPersist == persistedSeq) {
                    if (closing && pending.isEmpty()) {
                        return;
                    }
                    syncIfDue();
                    continue;
                }
                write(batch, acked, seqToPersist);
                persistedSeq = seqToPersist;
                enforceBudget();
                unsynced = true;
                syncIfDue();
                if (!batch.isEmpty()) {
                    signalCommitted(batch.get(batch.size() - 1).seq());
                }
                batch.clear();
                acked.clear();
            } catch (InterruptedException e) {
                // close() interrupts only to cut a back-off short; the loop drains before it returns.
                closing = true;
            } catch (SQLException e) {
                // Keep the batch and retry: nothing accepted is dropped because one write failed (full disk).
                LOG.error("buffer write failed, will retry with {} messages held: {}", batch.size(), H2Files.firstLine(e.getMessage()));
                rollbackQuietly();
                if (closing) {
                    LOG.error("buffer closing with {} messages not written", batch.size() + pending.size());
                    return;
                }
                pauseAfterFailure();
            }
        }
    }

    /** Deletes the acknowledged rows of one class; returns the bytes freed. */
    private long delete(MessageClass cls, List<OutgoingMessage> acked) throws SQLException {
        List<OutgoingMessage> mine = acked.stream().filter(m -> m.cls() == cls).toList();
        if (mine.isEmpty()) {
            return 0;
        }
        long removed = 0;
        try (PreparedStatement ps = writeConnection.prepareStatement("DELETE FROM " + cls.table() + " WHERE seq = ?")) {
            for (OutgoingMessage m : mine) {
                ps.setLong(1, m.seq());
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                // A row the budget already dropped, or acknowledged twice, frees nothing more.
                removed += counts[i] > 0 ? rowSize(mine.get(i)) : 0;
            }
        }
        return removed;
    }

    /** Inserts the batch's rows of one class; returns the bytes they take. */
    private long insert(MessageClass cls, List<OutgoingMessage> batch) throws SQLException {
        List<OutgoingMessage> mine = batch.stream().filter(m -> m.cls() == cls).toList();
        if (mine.isEmpty()) {
            return 0;
        }
        long added = 0;
        try (PreparedStatement ps = writeConnection.prepareStatement("INSERT INTO " + cls.table()
                + " (seq, topic, qos, retained, created, payload) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (OutgoingMessage m : mine) {
                ps.setLong(1, m.seq());
                ps.setString(2, m.topic());
                ps.setInt(3, m.qos());
                ps.setBoolean(4, m.retained());
                ps.setTimestamp(5, Timestamp.from(m.createdAt()));
                ps.setBytes(6, m.payload());
                ps.addBatch();
                added += rowSize(m);
            }
            ps.executeBatch();
        }
        return added;
    }

    private void write(List<OutgoingMessage> batch, List<OutgoingMessage> acked, long seqHighWater) throws SQLException {
        long added = 0;
        for (MessageClass cls : MessageClass.values()) {
            added += insert(cls, batch);
        }
        if (seqHighWater != persistedSeq) {
            try (PreparedStatement ps = writeConnection.prepareStatement("MERGE INTO meta (name, num) KEY (name) VALUES ('seq', ?)")) {
                ps.setLong(1, seqHighWater);
                ps.executeUpdate();
            }
        }
        long removed = 0;
        if (!acked.isEmpty()) {
            for (MessageClass cls : MessageClass.values()) {
                removed += delete(cls, acked);
            }
        }
        writeConnection.commit();
        storedBytes += added - removed;
    }

    /**
     * Forces what was committed onto the storage device at most {@link #SYNC_INTERVAL} apart, which bounds
     * what a power cut can take (the OS alone may hold written pages for 30 s). One fsync a second, not
     * one per commit, because SD cards wear with every flush.
     */
    private void syncIfDue() throws SQLException {
        long now = System.nanoTime();
        if (!unsynced || now - lastSyncNanos < SYNC_INTERVAL.toNanos()) {
            return;
        }
        try (Statement s = writeConnection.createStatement()) {
            s.execute("CHECKPOINT SYNC");
        }
        lastSyncNanos = now;
        unsynced = false;
    }

    /**
     * Keeps the stored rows within the budget: drops the oldest telemetry down to 90 % of it, and events only
     * when no telemetry is left. One warning when an episode starts, one line with the count when it ends.
     */
    private void enforceBudget() throws SQLException {
        if (storedBytes <= maxBytes) {
            if (overBudget) {
                overBudget = false;
                LOG.info("buffer back within its budget of {} MB; dropped so far: {} telemetry, {} events",
                        maxBytes / (1024 * 1024), droppedTelemetry.get(), droppedEvents.get());
            }
            return;
        }
        if (!overBudget) {
            overBudget = true;
            LOG.warn("buffer over its budget of {} MB ({} MB stored, broker unreachable?): dropping the oldest telemetry",
                    maxBytes / (1024 * 1024), storedBytes / (1024 * 1024));
        }
        long target = maxBytes / 10 * 9;
        dropOldest(MessageClass.TELEMETRY, target, droppedTelemetry);
        if (storedBytes > target) {
            long before = droppedEvents.get();
            dropOldest(MessageClass.EVENT, target, droppedEvents);
            LOG.error("buffer budget of {} MB holds no more telemetry: dropped the {} oldest events",
                    maxBytes / (1024 * 1024), droppedEvents.get() - before);
        }
    }

    private void dropOldest(MessageClass cls, long target, AtomicLong counter) throws SQLException {
        while (storedBytes > target) {
            long lastSeqToDrop = -1;
            long freed = 0;
            int rows = 0;
            try (PreparedStatement ps = writeConnection.prepareStatement(
                    "SELECT seq, OCTET_LENGTH(payload) + CHAR_LENGTH(topic) FROM " + cls.table() + " ORDER BY seq LIMIT ?")) {
                ps.setInt(1, BATCH_ROWS);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next() && storedBytes - freed > target) {
                        lastSeqToDrop = rs.getLong(1);
                        freed += rs.getLong(2) + ROW_OVERHEAD;
                        rows++;
                    }
                }
            }
            if (rows == 0) {
                return;
            }
            try (PreparedStatement ps = writeConnection.prepareStatement("DELETE FROM " + cls.table() + " WHERE seq <= ?")) {
                ps.setLong(1, lastSeqToDrop);
                ps.executeUpdate();
            }
            writeConnection.commit();
            storedBytes -= freed;
            counter.addAndGet(rows);
        }
    }

    private void signalCommitted(long seq) {
        commitLock.lock();
        try {
            lastCommittedSeq = seq;
            committed.signalAll();
        } finally {
            commitLock.unlock();
        }
    }

    private void pauseAfterFailure() {
        try {
            TimeUnit.SECONDS.sleep(1);
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

    /** Commits everything accepted so far, applies pending acknowledgements and closes the file. */
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
        synchronized (readConnection) {
            closeQuietly(readConnection);
        }
        closeQuietly(writeConnection);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("closing buffer connection failed", e);
        }
    }

}
