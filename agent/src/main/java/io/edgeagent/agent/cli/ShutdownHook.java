package io.edgeagent.agent.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stops what a command started when the JVM is asked to stop (SIGTERM, Ctrl-C), installed before it starts: a stop
 * that comes during the start-up still runs {@code cleanUp}, so that the demo leaves no temporary folder behind.
 * The OPC UA stack's shared threads are left to the JVM's exit: releasing them costs Netty's two-second quiet period.
 */
public final class ShutdownHook {

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

    private void stop() {
        try {
            AutoCloseable resource = running.get();
            if (resource != null) {
                resource.close();
            }
        } catch (Exception e) {
            System.err.println("error while stopping: " + e);
        } finally {
            cleanUp.run();
            stopped.countDown();
        }
    }
}
