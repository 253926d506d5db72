package io.edgeagent.drivers.support;

import io.edgeagent.drivers.net.RetryBackoff;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a driver's work runs: one task at a time, in order, so that what a driver keeps for its connection needs no
 * lock; tasks given now, after a delay, every period, or as the next retry after a {@link RetryBackoff}. A task that
 * throws is logged with the machine id and the driver goes on; a task given once {@link #stop} has begun is dropped,
 * since nobody is left to act on it.
 *
 * <p>The tasks run on a named thread of the driver's own, or on {@link DriverThreads} that many drivers share (OPC UA
 * machines): then a driver's tasks still run one at a time and in order, each on whichever shared thread is free,
 * which carries the driver's name ({@code name}) while it runs one, so that a thread dump shows which machine a
 * blocked call waits for. A driver stuck in a call (a server that does not answer) holds one shared thread and
 * delays no other driver while threads are left; its next tasks wait for it, not the others'. A task runs and then
 * gives its thread back, so that drivers take turns.
 */
public final class DriverTasks {

    private static final Logger log = LoggerFactory.getLogger(DriverTasks.class);
    private static final Duration INTERRUPTED_WAIT = Duration.ofSeconds(1);

    private final String name;
    private final String machineId;
    private final DriverThreads threads;
    private final boolean ownThread;
    private final RetryBackoff backoff;
    private final Object lock = new Object();

    // Guarded by lock.
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    /** A turn is handed to the threads or running: at most one, so that tasks run one at a time. */
    private boolean turnGiven;
    private Thread running;
    private boolean stopping;

    // Confined to the tasks.
    private ScheduledFuture<?> pendingRetry;

    /**
     * Starts nothing yet: the driver's own thread is made when the first task is given.
     *
     * @param name    the thread's name, e.g. {@code opcua-<machineId>}
     * @param backoff the delays of {@link #retry}
     */
    public DriverTasks(String name, String machineId, RetryBackoff backoff) {
        this(name, machineId, backoff, new DriverThreads(name, 1), true);
    }

    /**
     * Tasks on {@code shared} threads, which their owner stops after {@link #stop}.
     *
     * @param name what a shared thread is called while it runs one of these tasks, e.g. {@code opcua-<machineId>}
     */
    public DriverTasks(String name, String machineId, RetryBackoff backoff, DriverThreads shared) {
        this(name, machineId, backoff, shared, false);
    }

    private DriverTasks(String name, String machineId, RetryBackoff backoff, DriverThreads threads,
                        boolean ownThread) {
        this.name = name;
        this.machineId = machineId;
        this.threads = threads;
        this.ownThread = ownThread;
        this.backoff = backoff;
    }

    public void execute(Runnable task) {
        synchronized (lock) {
            if (stopping) {
                return;
            }
            queue.add(task);
            if (!turnGiven) {
                giveTurn();
            }
        }
    }

    public void schedule(Runnable task, Duration delay) {
        timer(() -> threads.executor().schedule(() -> execute(task), Math.max(0, delay.toNanos()),
                TimeUnit.NANOSECONDS));
    }

    /**
     * {@code task} every {@code period}, the first time one period from now, until {@link #stop}. A run that is still
     * waiting for its turn when the next is due is not given again: a stuck driver does not pile runs up.
     */
    public void every(Duration period, Runnable task) {
        AtomicBoolean waiting = new AtomicBoolean();
        Runnable once = () -> {
            waiting.set(false);
            task.run();
        };
        timer(() -> threads.executor().scheduleWithFixedDelay(() -> {
            if (waiting.compareAndSet(false, true)) {
                execute(once);
            }
        }, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS));
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
        pendingRetry = timer(() -> threads.executor().schedule(() -> execute(() -> {
            pendingRetry = null;
            task.run();
        }), delay.toNanos(), TimeUnit.NANOSECONDS));
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
     * dropped), then interrupts a task that is stuck (a connect attempt, say) and drops the rest. From a task itself
     * it only stops taking more. The driver's own thread has ended when it returns; shared threads go on with other
     * drivers' tasks.
     *
     * @return false when a task had to be interrupted
     */
    public boolean stop(Duration wait) {
        boolean fromTask;
        synchronized (lock) {
            stopping = true;
            timers.forEach(timer -> timer.cancel(false));
            timers.clear();
            fromTask = running == Thread.currentThread();
        }
        if (fromTask) {
            if (ownThread) {
                threads.stop(wait);
            }
            return true;
        }
        boolean inTime = awaitIdle(wait);
        if (!inTime) {
            synchronized (lock) {
                queue.clear();
                if (running != null) {
                    running.interrupt();
                }
            }
            awaitIdle(INTERRUPTED_WAIT);
        }
        if (ownThread) {
            threads.stop(INTERRUPTED_WAIT);
        }
        return inTime;
    }

    /** Hands the next task's turn to the threads. Under the lock. */
    private void giveTurn() {
        try {
            threads.executor().execute(this::takeTurn);
            turnGiven = true;
        } catch (RejectedExecutionException stopped) {
            // The threads' owner stopped them: whatever the tasks were for is over.
            queue.clear();
        }
    }

    private void takeTurn() {
        Runnable task;
        Thread current = Thread.currentThread();
        synchronized (lock) {
            task = queue.poll();
            if (task == null) {
                turnGiven = false;
                lock.notifyAll();
                return;
            }
            running = current;
        }
        String idleName = current.getName();
        if (!ownThread) {
            current.setName(name);
        }
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("{}: unexpected failure on the driver thread", machineId, e);
        } finally {
            if (!ownThread) {
                current.setName(idleName);
            }
            synchronized (lock) {
                running = null;
                // An interrupt meant for this task must not reach the next one, another driver's maybe.
                Thread.interrupted();
                turnGiven = false;
                if (!queue.isEmpty()) {
                    giveTurn();
                }
                lock.notifyAll();
            }
        }
    }

    private boolean awaitIdle(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (lock) {
            try {
                while (turnGiven) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            return true;
        }
    }

    /** Starts a timer unless stopping, and keeps it to cancel at {@link #stop}. */
    private ScheduledFuture<?> timer(Supplier<ScheduledFuture<?>> start) {
        synchronized (lock) {
            if (stopping) {
                return null;
            }
            try {
                ScheduledFuture<?> timer = start.get();
                timers.removeIf(ScheduledFuture::isDone);
                timers.add(timer);
                return timer;
            } catch (RejectedExecutionException stopped) {
                return null;
            }
        }
    }
}
