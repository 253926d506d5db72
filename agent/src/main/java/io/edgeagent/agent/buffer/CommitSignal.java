package io.edgeagent.agent.buffer;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * What the outbox's writer has made durable, and the signal that it did, for the threads that wait on it: a
 * connection's {@code nextBirth} waits for its birth number to be recorded, the publisher's {@code awaitCommitted}
 * for newer messages, a test for either end of a failure episode.
 *
 * <p>Threads: the writer thread alone writes the two marks, and each before it signals, so that a waiter woken
 * reads them as they are; they are volatile, so a thread that reads one without waiting (the readers' upper bound)
 * sees it too. Any thread may signal (the writer at each commit and each end of a failure episode, a close) and
 * any may wait; the lock is held only to wait and to signal.
 */
final class CommitSignal {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** The sequence of the newest message whose commit has returned; written by the writer thread only. */
    private volatile long committedSeq;
    /** The birth-and-death number the file holds; written by the writer thread only. */
    private volatile long persistedBirth;

    CommitSignal(long committedSeq, long persistedBirth) {
        this.committedSeq = committedSeq;
        this.persistedBirth = persistedBirth;
    }

    long committedSeq() {
        return committedSeq;
    }

    long persistedBirth() {
        return persistedBirth;
    }

    /** The file holds {@code birth} now; a waiter reads it at the next signal, which {@link #committed} gives. */
    void birthRecorded(long birth) {
        persistedBirth = birth;
    }

    /** Messages up to {@code seq} are committed: sets the mark, then wakes every waiter. */
    void committed(long seq) {
        committedSeq = seq;
        signal();
    }

    /** Wakes every waiter to check again what it waits for. */
    void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until {@code done} holds or {@code timeout} ends, checking at every signal. */
    void await(BooleanSupplier done, Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (!done.getAsBoolean() && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }
}
