package io.edgeagent.drivers.support;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one named thread a driver does its work on, as a scheduled executor: tasks run in order, retries and
 * polls are scheduled on it, and {@link #stop} returns only once the thread itself has ended.
 */
final class DriverThread {

    private final ScheduledThreadPoolExecutor executor;
    private volatile Thread thread;

    /** Starts nothing yet: the thread is made when the first task is given. */
    DriverThread(String name) {
        executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread t = new Thread(task, name);
            t.setDaemon(true);
            thread = t;
            return t;
        });
        // Stopping drops pending retries and polls but still runs what was queued, such as a teardown.
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
    }

    ScheduledThreadPoolExecutor executor() {
        return executor;
    }

    /** True on the driver thread itself. */
    boolean isCurrent() {
        return Thread.currentThread() == thread;
    }

    /**
     * Takes no more tasks, lets the queued ones finish for up to {@code wait}, then interrupts the thread (stuck
     * in a connect attempt, say) and waits a last second. From the driver thread itself it only shuts down.
     *
     * @return false when the thread had to be interrupted
     */
    boolean stop(Duration wait) {
        executor.shutdown();
        if (isCurrent()) {
            return true;
        }
        boolean inTime = awaitTermination(wait);
        if (!inTime) {
            executor.shutdownNow();
            awaitTermination(Duration.ofSeconds(1));
        }
        // A terminated pool's worker may still be returning from its last task: wait for the thread itself, so
        // that a stopped driver has no thread left, not merely no task.
        Thread t = thread;
        if (t != null) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
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
