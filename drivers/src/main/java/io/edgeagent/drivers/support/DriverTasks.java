package io.edgeagent.drivers.support;

import io.edgeagent.drivers.net.RetryBackoff;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a driver's work runs: one task at a time, in order, so that what a driver keeps for its connection needs no
 * lock; tasks given now, after a delay, every period, or as the next retry after a {@link RetryBackoff}. A task that
 * throws is logged with the machine id and the driver goes on; a task given once {@link #stop} has begun is dropped,
 * since nobody is left to act on it.
 *
 * <p>The tasks run on one named thread of the driver's own ({@link DriverThreads} of one); this class is the only
 * place that knows it, so that drivers could share threads without changing.
 */
public final class DriverTasks {

    private static final Logger log = LoggerFactory.getLogger(DriverTasks.class);

    private final String machineId;
    private final DriverThreads thread;
    private final RetryBackoff backoff;

    // Confined to the tasks.
    private ScheduledFuture<?> pendingRetry;

    /**
     * Starts nothing yet: the thread is made when the first task is given.
     *
     * @param name    the thread's name, e.g. {@code opcua-<machineId>}
     * @param backoff the delays of {@link #retry}
     */
    public DriverTasks(String name, String machineId, RetryBackoff backoff) {
        this.machineId = machineId;
        this.thread = new DriverThreads(name, 1);
        this.backoff = backoff;
    }

    public void execute(Runnable task) {
        try {
            thread.executor().execute(() -> guarded(task));
        } catch (RejectedExecutionException stopping) {
            // stop() has begun: whatever the task was for is over.
        }
    }

    public void schedule(Runnable task, Duration delay) {
        try {
            thread.executor().schedule(() -> guarded(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            // stop() has begun.
        }
    }

    /** {@code task} every {@code period}, the first time one period from now, until {@link #stop}. */
    public void every(Duration period, Runnable task) {
        try {
            thread.executor().scheduleWithFixedDelay(() -> guarded(task), period.toNanos(), period.toNanos(),
                    TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            // stop() has begun.
        }
    }

    /**
     * Runs {@code task} again after the back-off's next delay, cut to {@code longest}, unless a retry is pending
     * already (then only the delay moves on). Called from a task.
     *
     * @return the delay, for a log line
     */
    public Duration retry(Runnable task, Duration longest) {
        Duration next = backoff.next();
        Duration delay = next.compareTo(longest) > 0 ? longest : next;
        if (pendingRetry != null && !pendingRetry.isDone()) {
            return delay;
        }
        try {
            pendingRetry = thread.executor().schedule(() -> {
                pendingRetry = null;
                guarded(task);
            }, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            // stop() has begun; nothing left to retry for.
        }
        return delay;
    }

    /** As {@link #retry(Runnable, Duration)} after the back-off's own delay. */
    public Duration retry(Runnable task) {
        return retry(task, Duration.ofNanos(Long.MAX_VALUE));
    }

    /** The peer answered: the next retry, if one is needed, comes after the back-off's first delay. */
    public void resetBackoff() {
        backoff.reset();
    }

    /** How often retries come, for a log line: {@code 1-30 s}. */
    public String retrySpan(Duration longest) {
        return backoff.span(longest);
    }

    /** As {@link #retrySpan(Duration)}, uncut. */
    public String retrySpan() {
        return backoff.span();
    }

    /**
     * Takes no more tasks, lets the queued ones finish for up to {@code wait} (pending delays and retries are
     * dropped), then interrupts a task that is stuck (a connect attempt, say). From a task itself it only stops
     * taking more.
     *
     * @return false when a task had to be interrupted
     */
    public boolean stop(Duration wait) {
        return thread.stop(wait);
    }

    private void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("{}: unexpected failure on the driver thread", machineId, e);
        }
    }
}
