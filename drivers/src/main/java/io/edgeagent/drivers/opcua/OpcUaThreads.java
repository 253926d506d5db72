package io.edgeagent.drivers.opcua;

import io.edgeagent.drivers.net.RetryBackoff;
import io.edgeagent.drivers.support.DriverTasks;
import io.edgeagent.drivers.support.DriverThreads;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.HashedWheelTimer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.milo.opcua.stack.transport.client.tcp.OpcTcpClientTransportConfigBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads every OPC UA machine of an agent shares, so that threads do not grow with machines: what Milo lets
 * clients share (its executor, scheduled executor, Netty event loop and wheel timer, given to each client's
 * transport instead of Milo's static ones) and the few threads that run the drivers' own work (connecting,
 * finding nodes, building subscriptions), each driver's one task at a time ({@link DriverTasks}).
 *
 * <p>Milo's executor is a fork-join pool of {@value #MILO_THREADS} threads that adds a thread only while one of them
 * waits in a blocking call, and lets it go {@value #MILO_IDLE_SECONDS} s after. Milo 1.1.2 makes such calls on its
 * executor (deleting a subscription, a republish after a lost publish), each waiting for an answer that another
 * task on the same executor hands over: a fixed pool deadlocks once every thread waits so (seen in OpcUaFleetTest
 * with two), and Milo's own cached pool makes a thread for every task that finds none idle (14 for 20 machines in
 * the same test). Milo waits on {@code CompletableFuture.get}, which a fork-join pool sees and compensates for.
 *
 * <p>Isolation: a server that hangs holds none of Milo's event loop or timers (requests are asynchronous, answers
 * and publishes are queued per client). A driver's own work does wait (a connect attempt, a browse): a hanging
 * server holds one of the {@link #MOST_TASK_THREADS} task threads for up to its request timeout, and the other
 * machines go on as long as one is left.
 *
 * <p>Threads: {@code opcua-1..4} (named {@code opcua-<machine>} while they work for one), {@code opcua-milo-<n>}
 * (usually one to three), {@code opcua-milo-timer}, {@code opcua-netty-1..2}, {@code opcua-wheel-timer}, each made
 * when first needed. One per agent (or one for a driver made without one); close it after the drivers that use it.
 */
public final class OpcUaThreads implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OpcUaThreads.class);

    /** The most threads for the drivers' own work: three machines may hang in a connect before a fourth waits. */
    static final int MOST_TASK_THREADS = 4;
    private static final int MILO_THREADS = 2;
    /** Spare threads for Milo's blocking calls at once: far more than the machines' reconnects ever need together. */
    private static final int MILO_SPARES = 256;
    private static final long MILO_IDLE_SECONDS = 10;
    private static final Duration STOP_WAIT = Duration.ofSeconds(3);

    private final DriverThreads tasks;
    private final ForkJoinPool executor;
    private final ScheduledThreadPoolExecutor scheduler;
    private final EventLoopGroup eventLoop;
    private final HashedWheelTimer wheelTimer;
    private final Object lock = new Object();
    /** Every thread made for Milo, so that {@link #close} returns once they have ended, not merely stopped. */
    private final List<Thread> made = new CopyOnWriteArrayList<>();

    // Guarded by lock.
    private int machines;
    private boolean closed;

    public OpcUaThreads() {
        tasks = new DriverThreads("opcua", MOST_TASK_THREADS);
        AtomicInteger miloThreads = new AtomicInteger();
        executor = new ForkJoinPool(MILO_THREADS, pool -> {
            ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            thread.setName("opcua-milo-" + miloThreads.incrementAndGet());
            made(thread);
            return thread;
        }, (thread, e) -> log.error("unexpected failure on {}", thread.getName(), e), true, 0,
                MILO_THREADS + MILO_SPARES, 1, null, MILO_IDLE_SECONDS, TimeUnit.SECONDS);
        scheduler = new ScheduledThreadPoolExecutor(1, named("opcua-milo-timer", false));
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        eventLoop = new NioEventLoopGroup(Math.min(2, Runtime.getRuntime().availableProcessors()),
                named("opcua-netty-", true));
        wheelTimer = new HashedWheelTimer(named("opcua-wheel-timer", false));
    }

    /**
     * The tasks of one more machine, on the shared task threads, and one more thread for them up to
     * {@link #MOST_TASK_THREADS}. Give them back with {@link #leave} once stopped.
     *
     * @throws IllegalStateException when closed
     */
    DriverTasks join(String machineId) {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("machine " + machineId + ": the OPC UA threads are closed");
            }
            machines++;
            tasks.use(machines);
        }
        return new DriverTasks("opcua-" + machineId, machineId, RetryBackoff.forMachine(), tasks);
    }

    /** A machine's tasks have stopped: one thread fewer is kept, down to one. */
    void leave() {
        synchronized (lock) {
            machines = Math.max(0, machines - 1);
            tasks.use(machines);
        }
    }

    /** Has the client's transport (and its discovery) use these threads instead of Milo's static ones. */
    void configure(OpcTcpClientTransportConfigBuilder transport) {
        transport.setExecutor(executor)
                .setScheduledExecutor(scheduler)
                .setEventLoop(eventLoop)
                .setWheelTimer(wheelTimer);
    }

    /** Stops every thread; the drivers that used them are closed already. Waits up to a few seconds. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        tasks.stop(STOP_WAIT);
        wheelTimer.stop();
        eventLoop.shutdownGracefully(0, STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(STOP_WAIT.toMillis());
        scheduler.shutdownNow();
        executor.shutdown();
        if (!await(executor) | !await(scheduler)) {
            log.warn("OPC UA threads still busy {} s after stop", STOP_WAIT.toSeconds());
            executor.shutdownNow();
        }
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        for (Thread thread : made) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean await(ExecutorService service) {
        try {
            return service.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private ThreadFactory named(String name, boolean numbered) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, numbered ? name + count.incrementAndGet() : name);
            thread.setDaemon(true);
            made(thread);
            return thread;
        };
    }

    private void made(Thread thread) {
        made.removeIf(t -> t.getState() == Thread.State.TERMINATED);
        made.add(thread);
    }
}
