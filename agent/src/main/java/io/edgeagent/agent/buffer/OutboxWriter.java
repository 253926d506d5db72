package io.edgeagent.agent.buffer;

import io.edgeagent.agent.storage.H2Files;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox's writer: one thread, {@code outbox-writer}, does every write to the file. It takes the accepted
 * messages and the acknowledgements in batches and commits them with the sequence and birth-and-death marks, keeps
 * the rows within their budget and age ({@link Retention}), rotates the file past {@link #ROTATE_AT_PERCENT} of the
 * budget, forces it onto the device at the sync cadence with {@link SequenceMark} after each sync, lives through a
 * full disk as one failure episode, reports each commit to the {@link CommitSignal}, and compacts the file on stop.
 *
 * <p>Threads. The writer thread owns the write connection and every field here but {@link #closing} and
 * {@link #stopRequested}: the rows' size, the sequence mark in the file, the sync cadence, the failure episode, the
 * rotation's retry; it alone writes the signal's marks and applies {@link Retention}'s policy. Of these,
 * {@link #storedBytes}, {@link #writeFailure}, {@link #heldInBatch}, {@link #syncs} and {@link #reopens} are volatile
 * for the threads that read them (stats, appends, a test). Appending threads only {@link #enqueue}, under the
 * outbox's append lock; the publisher only {@link #ack}s. The closing thread sets {@link #closing} and counts
 * {@link #stopRequested} down in {@link #stop}, then calls {@link #compactAndClose}, which compacts through the write
 * connection only once the thread has ended (a join that saw it end sees all it wrote). The readers' connection is
 * the outbox's, used under its lock: the writer has it closed and opened again around anything that swaps the file
 * under it ({@link Readers}).
 *
 * <p>Nothing interrupts the writer thread: an interrupt that reaches a thread inside the file's I/O closes H2's
 * file channel ({@code ClosedByInterruptException}), and H2 then closes the whole store, for every connection. A
 * stray interrupt from elsewhere is ignored; a store closed under the writer, by an interrupt of any thread that
 * used it or by H2 itself, is a failure episode like a full disk: one line, the batch kept, the file opened again.
 */
final class OutboxWriter {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxWriter.class);
    private static final int BATCH_ROWS = 500;
    /**
     * How long a batch gathers messages after its first: a tenth of a second more before a message can be published,
     * against a chunk written per commit (see {@link #gather}). Real time, like the queue's own waits.
     */
    private static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final int QUEUE_CAPACITY = 20_000;
    /**
     * The most payload bytes the queue holds before an append waits: some 800 of a 500-machine fleet's telemetry
     * messages, over a second of its output, where a writer that keeps up holds a tenth of a second. The count alone
     * let a writer starved of CPU fall 20,000 such messages behind, more than a 64 MB heap holds, and the agent died
     * of it; past this bound ingest waits, and drops readings (counted) once its own queue is full, instead. Small
     * because a batch is taken from this queue and H2 copies a batch several times while it commits it (8 MB was
     * still enough to run a starved agent's 64 MB heap out).
     */
    static final long QUEUE_MAX_BYTES = 2L * 1024 * 1024;
    /** How long an append waits for room before it looks again whether the writer is closing. */
    private static final long ROOM_WAIT_MILLIS = 100;
    /**
     * The most waiting data a stop rewrites to compact the file in full: about a second on an SD card. A larger
     * backlog (a stop during an outage) is left to H2's own compaction on close, which stops after 200 ms.
     */
    private static final long FULL_COMPACT_MAX_BYTES = 16L * 1024 * 1024;
    private static final long MB = 1024 * 1024;
    /** The file's size, as a share of the budget, at which its live rows are copied into a fresh file. */
    static final int ROTATE_AT_PERCENT = 80;
    /** After a rotation failed (no room for the copy), how long until the next try. */
    private static final long ROTATE_RETRY_NANOS = Duration.ofMinutes(1).toNanos();
    /** How often a write that failed is tried again, and a file H2 closed after a failure opened again. */
    private static final long WRITE_RETRY_MILLIS = 1_000;
    /**
     * How long {@link #stop} waits for the thread to commit what it holds and end: a batch, a rotation of a backlog
     * on an SD card, a sync. A thread not ended by then is stuck (inside H2) and is left to the process's exit.
     */
    static final Duration STOP_WAIT = Duration.ofSeconds(10);
    /** Tries, each on a file opened again, that a stop gives a batch whose write failed before it drops what is held. */
    private static final int TRIES_AT_STOP = 2;
    /**
     * The most messages held in memory while the file takes nothing: a few minutes of a busy gateway's events
     * and telemetry batches, a few MB of heap.
     */
    static final int HELD_WHILE_FAILING = 2_000;
    /** H2: the database was closed after an error, and: the connection's database is closed already. */
    private static final int DATABASE_CLOSED = 90098;
    private static final int DATABASE_CLOSED_ALREADY = 90121;
    /** H2's store, closed under a statement: "This store is closed", and its file channel closed by an interrupt. */
    private static final Pattern STORE_CLOSED = Pattern.compile("store is closed|ClosedByInterrupt|ClosedChannel");

    /** Work on the file while no reader can use it: a reopen after a failure, or a rotation's swap. */
    @FunctionalInterface
    interface FileSwap {
        void run() throws SQLException;
    }

    /** The readers' side, which the outbox owns: closes the readers' connection, runs the swap, opens it again. */
    @FunctionalInterface
    interface Readers {
        void reopenAround(FileSwap swap) throws SQLException;
    }

    private final LongSupplier nanoTime;
    private final BufferFolder folder;
    private final long epoch;
    private final long fileBudget;
    private final long syncIntervalNanos;
    private final Retention retention;
    private final CommitSignal signal;
    private final Readers readers;
    /** The last sequence number the outbox handed out: what the file's mark must reach. */
    private final LongSupplier handedOutSeq;
    /** The last birth-and-death number the outbox handed out. */
    private final LongSupplier handedOutBirth;
    private final BlockingQueue<OutgoingMessage> pending = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final BlockingQueue<OutgoingMessage> acks = new LinkedBlockingQueue<>();
    /**
     * Whether the batch being written again was committed once already (a step after its commit failed): whatever of
     * it the file kept is deleted before it is inserted again.
     */
    private boolean retryMayFindBatch;
    /** What the writer knows of each class's rows in the file, to empty a table whose rows are all acknowledged. */
    private final Map<MessageClass, KnownRows> knownRows = new EnumMap<>(MessageClass.class);
    /** The payload bytes in {@link #pending}: added by the appending threads, taken off by the writer thread. */
    private final AtomicLong queuedBytes = new AtomicLong();
    /** Where an append waits for {@link #queuedBytes} to fall below {@link #QUEUE_MAX_BYTES}. */
    private final Object room = new Object();
    private final Thread thread;
    /** Replaced by a rotation or a reopen after a write failure, on the writer thread. */
    private Connection writeConnection;
    /** Bytes the rows in the file take, by {@link OutboxWrites#rowSize}; written by the writer thread only. */
    private volatile long storedBytes;
    /** The sequence high-water mark in the file. */
    private long persistedSeq;
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
    /** Times the file was opened again after a failed write; written by the writer thread only. */
    private volatile long reopens;
    /** Times the file was rotated; written by the writer thread only. */
    private volatile long rotations;
    /** Times a table was emptied whole; written by the writer thread only. */
    private volatile long truncations;
    /** Set by a reader that found the store closed: the writer opens it again at its next round. */
    private volatile boolean reopenRequested;
    private volatile boolean closing;
    /** Counted down by {@link #stop}: cuts a retry's pause short, which an interrupt must not do. */
    private final CountDownLatch stopRequested = new CountDownLatch(1);

    /**
     * @param found          what the file held as it opened: its epoch, sequence mark and rows' size
     * @param handedOutSeq   the last sequence number handed out, read at each batch
     * @param handedOutBirth the last birth-and-death number handed out, read at each batch
     * @param nanoTime       the monotonic time the sync cadence and the retries are timed by
     */
    OutboxWriter(BufferFolder folder, OutboxSettings settings, Connection writeConnection, OutboxCheck.Found found,
                 Retention retention, CommitSignal signal, Readers readers, LongSupplier handedOutSeq,
                 LongSupplier handedOutBirth, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.folder = folder;
        this.epoch = found.epoch();
        this.fileBudget = settings.maxBytes();
        this.syncIntervalNanos = settings.syncInterval().toNanos();
        this.retention = retention;
        this.signal = signal;
        this.readers = readers;
        this.handedOutSeq = handedOutSeq;
        this.handedOutBirth = handedOutBirth;
        this.writeConnection = writeConnection;
        this.storedBytes = found.storedBytes();
        this.persistedSeq = found.lastSeq();
        this.lastSyncNanos = nanoTime.getAsLong();
        for (MessageClass cls : MessageClass.values()) {
            knownRows.put(cls, new KnownRows());
        }
        this.thread = new Thread(this::writeLoop, "outbox-writer");
    }

    void start() {
        thread.start();
    }

    /**
     * Queues an accepted message for the next batch; blocks while the queue is full (back-pressure). Called under
     * the outbox's append lock, so that the queue holds the messages in sequence order.
     */
    void enqueue(OutgoingMessage m) throws InterruptedException {
        if (writeFailure == null) {
            awaitRoom();
            pending.put(m);
            queuedBytes.addAndGet(m.payload().length);
        } else if (pending.size() + heldInBatch >= HELD_WHILE_FAILING || !pending.offer(m)) {
            // The file takes nothing (a full disk): holding more would only move the loss to the heap.
            // Counted, and the number stays used, so the subscriber sees the gap a lost message leaves.
            retention.countLost(m.cls(), 1);
        } else {
            queuedBytes.addAndGet(m.payload().length);
        }
    }

    /** Waits while the queue holds {@link #QUEUE_MAX_BYTES} or more, until the writer takes some or closes. */
    private void awaitRoom() throws InterruptedException {
        if (queuedBytes.get() < QUEUE_MAX_BYTES) {
            return;
        }
        synchronized (room) {
            while (queuedBytes.get() >= QUEUE_MAX_BYTES && !closing && writeFailure == null) {
                room.wait(ROOM_WAIT_MILLIS);
            }
        }
    }

    /** The writer took {@code batch} from index {@code from} on out of the queue: wakes appends once there is room. */
    private void taken(List<OutgoingMessage> batch, int from) {
        long bytes = 0;
        for (int i = from; i < batch.size(); i++) {
            bytes += batch.get(i).payload().length;
        }
        long left = queuedBytes.addAndGet(-bytes);
        if (left < QUEUE_MAX_BYTES && left + bytes >= QUEUE_MAX_BYTES) {
            synchronized (room) {
                room.notifyAll();
            }
        }
    }

    /** The broker has the message: it is deleted with the next batch. */
    void ack(OutgoingMessage message) {
        acks.add(message);
    }

    boolean closing() {
        return closing;
    }

    boolean isAlive() {
        return thread.isAlive();
    }

    long storedBytes() {
        return storedBytes;
    }

    /** Messages accepted and not yet in the file: queued, and in the batch a failed write keeps. */
    int held() {
        return pending.size() + heldInBatch;
    }

    /** Why writes fail, while they do. */
    Optional<String> failure() {
        return Optional.ofNullable(writeFailure);
    }

    /** How many times the file was forced onto the storage device. */
    long syncs() {
        return syncs;
    }

    /** How many times the file was opened again after a failed write (a store closed under the writer, a full disk). */
    long reopens() {
        return reopens;
    }

    /** How many times the file was rotated. */
    long rotations() {
        return rotations;
    }

    /** How many times a table whose every row was acknowledged was emptied whole. */
    long truncations() {
        return truncations;
    }

    /** A reader found the store closed under it: the writer opens the file again within its next 50 ms round. */
    void reopenSoon() {
        reopenRequested = true;
    }

    /** The writer thread, for a stop that names what it waits for. */
    Thread thread() {
        return thread;
    }

    private void writeLoop() {
        List<OutgoingMessage> batch = new ArrayList<>(BATCH_ROWS);
        List<OutgoingMessage> acked = new ArrayList<>();
        int triesAtStop = 0;
        while (true) {
            try {
                if (Thread.interrupted()) {
                    // Cleared before the file's next I/O, which the flag alone would close.
                    strayInterrupt();
                }
                if (reopenRequested) {
                    reopenRequested = false;
                    LOG.warn("buffer {}: a reader found the store closed under it; opening it again", folder.file());
                    reopen();
                }
                if (batch.isEmpty()) {
                    OutgoingMessage first = pending.poll(50, TimeUnit.MILLISECONDS);
                    if (first != null) {
                        batch.add(first);
                        taken(batch, 0);
                        gather(batch);
                    }
                }
                acks.drainTo(acked);
                long seqToPersist = handedOutSeq.getAsLong();
                long birthToPersist = handedOutBirth.getAsLong();
                if (batch.isEmpty() && acked.isEmpty() && seqToPersist == persistedSeq
                        && birthToPersist == signal.persistedBirth()) {
                    if (closing && pending.isEmpty()) {
                        syncIfDue(true);
                        return;
                    }
                    // The file grows only by what is written: an idle round that deleted nothing need not look at its
                    // size (a stat per round, 20 a second, was a tenth of this thread's CPU in the fleet benchmark).
                    if (expire()) {
                        rotateIfDue();
                    }
                    syncIfDue(false);
                    continue;
                }
                write(batch, acked, seqToPersist, birthToPersist);
                // Committed, as far as H2 said. Should anything below fail, the batch is written again, its rows the
                // file kept replaced: a retry as plain inserts met their keys for good and held every later message
                // back, and a store shut under the writer may not have kept what its commit returned for
                // (OutboxStoreClosedTest).
                retryMayFindBatch = !batch.isEmpty();
                persistedSeq = seqToPersist;
                signal.birthRecorded(birthToPersist);
                heldInBatch = 0;
                triesAtStop = 0;
                writesAgain();
                long dropped = retention.enforceBudget(writeConnection, storedBytes);
                if (dropped > 0) {
                    storedBytes -= dropped;
                    knownRows.values().forEach(KnownRows::forget);
                }
                expire();
                rotateIfDue();
                unsynced = true;
                syncIfDue(batch.stream().anyMatch(m -> m.cls() == MessageClass.EVENT));
                // Reported once the budget and the sync are done, so what a waiter reads next is final.
                signal.committed(batch.isEmpty() ? signal.committedSeq() : batch.get(batch.size() - 1).seq());
                batch.clear();
                acked.clear();
                retryMayFindBatch = false;
            } catch (InterruptedException e) {
                strayInterrupt();
            } catch (SQLException | RuntimeException e) {
                // Keep the batch and retry: nothing accepted is dropped because one write failed. H2 lets some
                // failures of its store through unchecked: they are failed writes too, never the thread's end.
                rollbackQuietly();
                // Whatever the failed write left in the file (a TRUNCATE commits by itself), the writer learns it again.
                knownRows.values().forEach(KnownRows::forget);
                heldInBatch = batch.size();
                boolean episodeStarts = writeFailure == null;
                cannotWrite(e, batch.size());
                if (closing && ++triesAtStop > TRIES_AT_STOP) {
                    dropHeld(batch);
                    return;
                }
                // A store closed under the writer is cured by opening it again at once, once an episode; anything
                // else, and a store that keeps closing, by time (space returns): never a loop without a pause.
                if (!(episodeStarts && isStoreClosed(e))) {
                    pauseAfterFailure();
                }
                reopen();
            }
        }
    }

    /**
     * Adds to the batch what arrives within {@link #GATHER_NANOS} of its first message, up to {@link #BATCH_ROWS}:
     * H2 writes a chunk per commit, its changed pages whole and rounded up to a 4 kB block, so a commit per message or
     * two (a fleet sends one message per machine per second, spread over the second) wrote more than the messages.
     * An event, which is forced onto the device with its commit, or a stop ends the gathering at once.
     */
    private void gather(List<OutgoingMessage> batch) throws InterruptedException {
        long until = System.nanoTime() + GATHER_NANOS;
        int checked = 0;
        while (true) {
            int from = batch.size();
            pending.drainTo(batch, BATCH_ROWS - batch.size());
            taken(batch, from);
            for (; checked < batch.size(); checked++) {
                if (batch.get(checked).cls() == MessageClass.EVENT) {
                    return;
                }
            }
            long left = until - System.nanoTime();
            if (batch.size() >= BATCH_ROWS || closing || left <= 0) {
                return;
            }
            OutgoingMessage next = pending.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            batch.add(next);
            taken(batch, batch.size() - 1);
        }
    }

    /** A write failed: the first failure of an episode is logged, with what is held; the rest are not. */
    private void cannotWrite(Exception e, int inBatch) {
        if (writeFailure != null) {
            return;
        }
        String why = H2Files.isDiskFull(e) ? "the disk is full"
                : isStoreClosed(e) ? "the store was closed under the writer: " + H2Files.firstLine(String.valueOf(e.getMessage()))
                : H2Files.firstLine(String.valueOf(e.getMessage()));
        writeFailure = why;
        failingSince = nanoTime.getAsLong();
        droppedAtFailure = retention.droppedTelemetry() + retention.droppedEvents();
        LOG.error("buffer cannot write to {} ({}): holding {} messages in memory, retrying every second; beyond {} held,"
                + " new messages are dropped and counted", folder.file(), why, inBatch + pending.size(), HELD_WHILE_FAILING);
        signal.signal();
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
        signal.signal();
    }

    /**
     * Whether H2 closed the store under the statement: after a failed write (a full disk), a panic of its store
     * (a file channel an interrupt closed, a damaged chunk), or a close by another path. Every later statement fails
     * with "database closed" until the file is opened again.
     */
    static boolean isStoreClosed(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && (s.getErrorCode() == DATABASE_CLOSED || s.getErrorCode() == DATABASE_CLOSED_ALREADY)
                    || t instanceof java.nio.channels.ClosedChannelException
                    || STORE_CLOSED.matcher(String.valueOf(t.getMessage())).find()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Opens the file again after a failed write: H2 closes a database whose write failed (a full disk does that) or
     * whose store panicked, and every later statement then fails, space or not. A file that is fine is only
     * reconnected. This is how the buffer recovers by itself; what was committed is in the file.
     */
    private void reopen() {
        try {
            readers.reopenAround(() -> {
                closeQuietly(writeConnection);
                writeConnection = connect();
            });
            reopens++;
        } catch (SQLException | RuntimeException again) {
            LOG.debug("buffer reopen failed: {}", H2Files.firstLine(String.valueOf(again.getMessage())));
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
        readers.reopenAround(() -> {
            closeQuietly(writeConnection);
            try {
                Files.move(Rotation.nextFile(folder.dir()), folder.file(), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                LOG.error("buffer rotation could not put the fresh file in place ({}); going on with the old one", e.getMessage());
            }
            writeConnection = connect();
        });
        rotations++;
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
        Set<MessageClass> emptied = EnumSet.noneOf(MessageClass.class);
        long removed = 0;
        // First: a TRUNCATE commits what the connection has open.
        for (MessageClass cls : MessageClass.values()) {
            List<OutgoingMessage> mine = ofClass(acked, cls);
            KnownRows rows = knownRows.get(cls);
            if (rows.allAcknowledged(mine)) {
                OutboxWrites.truncate(writeConnection, cls);
                removed += rows.bytesOf(mine);
                emptied.add(cls);
            }
        }
        long added = 0;
        for (MessageClass cls : MessageClass.values()) {
            if (retryMayFindBatch) {
                // What the first commit kept of it goes first, its bytes with it, so the budget counts each row once.
                removed += OutboxWrites.delete(writeConnection, cls, batch);
            }
            added += OutboxWrites.insert(writeConnection, cls, batch);
        }
        if (seqHighWater != persistedSeq) {
            OutboxWrites.setMeta(writeConnection, OutboxQueries.SEQ, seqHighWater);
        }
        if (births != signal.persistedBirth()) {
            OutboxWrites.setMeta(writeConnection, OutboxQueries.BIRTHS, births);
        }
        Set<MessageClass> learnt = EnumSet.noneOf(MessageClass.class);
        for (MessageClass cls : MessageClass.values()) {
            if (acked.isEmpty() || emptied.contains(cls)) {
                continue;
            }
            long freed = OutboxWrites.delete(writeConnection, cls, acked);
            removed += freed;
            if (freed > 0 && !knownRows.get(cls).known() && holdsOnly(cls, ofClass(batch, cls))) {
                learnt.add(cls);
            }
        }
        writeConnection.commit();
        storedBytes += added - removed;
        truncations += emptied.size();
        for (MessageClass cls : MessageClass.values()) {
            List<OutgoingMessage> inserted = ofClass(batch, cls);
            if (learnt.contains(cls)) {
                knownRows.get(cls).learn(inserted);
            } else {
                knownRows.get(cls).committed(emptied.contains(cls), inserted, ofClass(acked, cls));
            }
        }
    }

    /**
     * Whether, in this transaction, a class's table holds no row below those of {@code inserted}, the batch's rows of
     * that class: then it holds exactly those, as the sequence is handed out in order. One primary-key lookup, asked
     * only while the writer does not know the table's rows, after deletes: so a backlog drained is noticed.
     */
    private boolean holdsOnly(MessageClass cls, List<OutgoingMessage> inserted) throws SQLException {
        OptionalLong first = OutboxQueries.firstSeq(writeConnection, cls);
        return first.isEmpty() || !inserted.isEmpty() && first.getAsLong() >= inserted.get(0).seq();
    }

    private static List<OutgoingMessage> ofClass(List<OutgoingMessage> messages, MessageClass cls) {
        return messages.stream().filter(m -> m.cls() == cls).toList();
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

    /**
     * Drops telemetry past its age, if due; what that deletes is to be synced like any commit.
     *
     * @return whether it deleted anything
     */
    private boolean expire() throws SQLException {
        long freed = retention.expireIfDue(writeConnection);
        if (freed > 0) {
            storedBytes -= freed;
            unsynced = true;
            knownRows.get(MessageClass.TELEMETRY).forget();
        }
        return freed > 0;
    }

    /** Waits before the next try, cut short by a stop; a stray interrupt only ends the pause. */
    private void pauseAfterFailure() {
        try {
            stopRequested.await(WRITE_RETRY_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            strayInterrupt();
        }
    }

    /**
     * Not a stop (stop() never interrupts): another thread's interrupt, ignored. Had it reached the file's I/O, the
     * store is closed now, and the next write fails and opens it again.
     */
    private void strayInterrupt() {
        LOG.warn("buffer writer interrupted by another thread; ignored (a stop does not interrupt it)");
    }

    private void rollbackQuietly() {
        try {
            writeConnection.rollback();
        } catch (SQLException e) {
            LOG.debug("rollback failed", e);
        }
    }

    /**
     * Has the thread commit everything accepted so far and apply pending acknowledgements, and waits at most
     * {@link #STOP_WAIT} for it to end. Never interrupts it (see the class comment): the flag and the latch end its
     * waits. Wakes the waiters, so that those waiting for a commit see the close.
     *
     * @return whether the thread ended
     */
    boolean stop() {
        closing = true;
        stopRequested.countDown();
        signal.signal();
        try {
            thread.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    /** After {@link #stop} and once the readers' connection is closed: compacts the file, and closes it. */
    void compactAndClose() {
        // A writer that did not end may still be inside H2: compacting under it could only fail or wait.
        if (!thread.isAlive()) {
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

    private Connection connect() throws SQLException {
        return H2Files.open(folder.dir(), BufferFolder.FILE_NAME);
    }

    static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("closing buffer connection failed", e);
        }
    }
}
