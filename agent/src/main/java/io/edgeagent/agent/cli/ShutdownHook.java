package io.edgeagent.agent.cli;

import io.edgeagent.agent.stop.StopBudget;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stops what a command started when the JVM is asked to stop (SIGTERM, Ctrl-C), installed before it starts: a stop
 * that comes during the start-up still runs {@code cleanUp}, so that the demo leaves no temporary folder behind.
 * The OPC UA stack's shared threads are left to the JVM's exit: releasing them costs Netty's two-second quiet period.
 */
public final class ShutdownHook {

    /**
     * The longest the stop of a started agent holds up the exit: the agent's own bounded stop and a little, within the
     * service's {@code TimeoutStopSec=30s}.
     */
    static final Duration BOUND = StopBudget.TOTAL.plusSeconds(3);

    private final AtomicReference<AutoCloseable> running = new AtomicReference<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Runnable cleanUp;
    private final Thread thread;

    private ShutdownHook(Runnable cleanUp) {
        this.cleanUp = cleanUp;
        this.thread = new Thread(this::stop, "shutdown");
    }

    /** Installs the hook; {@code cleanUp} runs at the stop, after whatever has been {@link #started}. */
    public static ShutdownHook install(Runnable cleanUp) {
        ShutdownHook hook = new ShutdownHook(cleanUp);
        Runtime.getRuntime().addShutdownHook(hook.thread);
        return hook;
    }

    /** What the stop closes, now that it is up. */
    public void started(AutoCloseable resource) {
        running.set(resource);
    }

    /** Blocks until the JVM is asked to stop and the hook has closed what was started. */
    public void await() throws InterruptedException {
        stopped.await();
    }

    /** The start failed and the command returns: the hook is taken away and the clean-up runs now. */
    public void abandon() {
        Runtime.getRuntime().removeShutdownHook(thread);
        cleanUp.run();
    }

    /**
     * Closes what was started within {@link #BOUND}; past that, one line names the threads still at work and the hook
     * returns all the same, since the JVM's exit waits for its hooks, for ever if one hangs.
     */
    private void stop() {
        try {
            AutoCloseable resource = running.get();
            if (resource != null) {
                new StopBudget("the process", BOUND).close("agent", BOUND, resource, "stop-", "config-reload");
            }
        } finally {
            cleanUp.run();
            stopped.countDown();
        }
    }
}
