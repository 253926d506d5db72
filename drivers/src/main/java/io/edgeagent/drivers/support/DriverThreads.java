package io.edgeagent.drivers.support;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named threads as one scheduled executor, and their end: {@link #stop} returns only once the threads themselves
 * have ended, so that whoever made them leaves none behind. One thread runs a driver's tasks in order
 * ({@link DriverTasks}) or a serial line's polls; a few, shared, poll every Modbus TCP device of the agent, so that
 * threads do not grow with machines.
 */
public final class DriverThreads {

    private final String name;
    private final int most;
    private final ScheduledThreadPoolExecutor executor;
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    /**
     * Starts nothing yet: a thread is made when a task is given, up to {@link #use} threads. A single thread is
     * called {@code name}, several {@code name-1}, {@code name-2}, ...
     *
     * @param most the most threads {@link #use} grants; 1 for a thread of one's own
     */
    public DriverThreads(String name, int most) {
        if (most < 1) {
            throw new IllegalArgumentException("at least one thread, was " + most);
        }
        this.name = name;
        this.most = most;
        AtomicInteger made = new AtomicInteger();
        executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread t = new Thread(task, most == 1 ? name : name + "-" + made.incrementAndGet());
            t.setDaemon(true);
            threads.add(t);
            return t;
        });
        // Stopping drops pending retries and polls but still runs what was queued, such as a teardown.
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
    }

    public ScheduledExecutorService executor() {
        return executor;
    }

    /**
     * How many threads to keep, cut to 1 and the most given at construction: as many as can be busy at once (one
     * per connection of a protocol that has one transaction at a time on a connection), and no more.
     */
    public void use(int count) {
        executor.setCorePoolSize(Math.max(1, Math.min(most, count)));
    }

    /** For a log line: {@code modbus-ttyUSB0}, or {@code modbus-poll-1..3} for three threads. */
    public String describe() {
        int size = executor.getCorePoolSize();
        return most == 1 ? name : name + "-1.." + size;
    }

    /** True on one of these threads. */
    public boolean isCurrent() {
        return threads.contains(Thread.currentThread());
    }

    /**
     * Takes no more tasks, lets the queued ones finish for up to {@code wait}, then interrupts the threads (stuck
     * in a connect attempt, say) and waits a last second. From one of these threads it only shuts down.
     *
     * @return false when a thread had to be interrupted
     */
    public boolean stop(Duration wait) {
        executor.shutdown();
        if (isCurrent()) {
            return true;
        }
        boolean inTime = awaitTermination(wait);
        if (!inTime) {
            executor.shutdownNow();
            awaitTermination(Duration.ofSeconds(1));
        }
        // A terminated pool's worker may still be returning from its last task: wait for the threads themselves,
        // so that a stopped owner has no thread left, not merely no task.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return inTime;
    }

    private boolean awaitTermination(Duration timeout) {
        try {
            return executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
