package io.edgeagent.agent.controlsocket;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Named threads of one kind, at most a limit at once, started without waiting and joined when the server stops. */
final class Workers {

    private static final Logger LOG = LoggerFactory.getLogger(Workers.class);

    private final String name;
    private final int limit;
    private final Semaphore free;
    /** Joined on stop; ended ones are dropped when the next one starts. */
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger number = new AtomicInteger();

    Workers(String name, int limit) {
        this.name = name;
        this.limit = limit;
        this.free = new Semaphore(limit);
    }

    /**
     * Runs {@code task} on a thread of its own when more than {@code keepFree} of the limit are free; never waits.
     * Called from one thread only (the intake), so no other start comes between the count and the take.
     */
    boolean tryStart(Runnable task, int keepFree) {
        if (free.availablePermits() <= keepFree || !free.tryAcquire()) {
            return false;
        }
        threads.removeIf(t -> !t.isAlive());
        Thread thread = new Thread(() -> {
            try {
                task.run();
            } finally {
                free.release();
            }
        }, name + "-" + number.incrementAndGet());
        threads.add(thread);
        thread.start();
        return true;
    }

    /** How many run now. */
    int running() {
        return limit - free.availablePermits();
    }

    /** Interrupts every thread and waits for each until {@code deadline} ({@link System#nanoTime()}). */
    void stop(long deadline) throws InterruptedException {
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (t.isAlive()) {
                LOG.warn("control socket: {} did not end when the agent stopped", t.getName());
            }
        }
    }
}
