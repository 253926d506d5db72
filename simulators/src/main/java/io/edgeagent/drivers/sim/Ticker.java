package io.edgeagent.drivers.sim;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulator's time: one daemon thread that runs a step every tick, the first one tick after {@link #start},
 * until {@link #stop}. A step that throws is logged, and the next tick runs all the same.
 */
public final class Ticker {

    private static final Logger log = LoggerFactory.getLogger(Ticker.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final String machineName;
    private final ScheduledExecutorService executor;

    private Ticker(String machineName, ScheduledExecutorService executor) {
        this.machineName = machineName;
        this.executor = executor;
    }

    /**
     * @param machineName the simulator's machine, for log lines
     * @param threadName  the thread's name, by which tests find it
     * @param tick        how often the step runs, positive
     * @param step        advances the simulator by one tick
     */
    public static Ticker start(String machineName, String threadName, Duration tick, Runnable step) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleAtFixedRate(() -> {
            try {
                step.run();
            } catch (RuntimeException e) {
                // A periodic task that throws is silently never run again; keep time moving and say why.
                log.warn("simulator {}: tick failed", machineName, e);
            }
        }, tick.toNanos(), tick.toNanos(), TimeUnit.NANOSECONDS);
        return new Ticker(machineName, executor);
    }

    /**
     * Stops ticking and waits up to 5 s for a step in progress. Call it without holding a lock the step takes, or
     * the step cannot finish.
     */
    public void stop() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("simulator {}: ticker still running {} after stop", machineName, STOP_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
