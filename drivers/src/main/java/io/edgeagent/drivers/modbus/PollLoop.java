package io.edgeagent.drivers.modbus;

import io.edgeagent.drivers.support.DriverThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link Link} and the devices on it, polled one transaction at a time, always the device whose poll is due
 * first. A serial line's loop has a thread of its own, named for the port. The loops of TCP connections share the
 * agent's few poll threads ({@link ModbusLines}): a loop takes a thread when its next poll is due and gives it back
 * after that one device's poll, so that loops take turns and threads do not grow with devices. While it polls a
 * device, a shared thread carries the device's name ({@code modbus-<machine>}), so that a thread dump shows which
 * machine a blocked read waits for.
 */
final class PollLoop {

    private static final Logger log = LoggerFactory.getLogger(PollLoop.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(2);

    private final String name;
    private final Link link;
    private final DriverThreads threads;
    private final boolean ownThread;
    private final Object lock = new Object();

    // Guarded by lock.
    private final List<DevicePoller> devices = new ArrayList<>();
    private ScheduledFuture<?> wakeUp;
    private long wakeUpAt;
    private long wakeUpToken;
    private Thread polling;
    private boolean stopping;

    /** A loop on a thread of its own, called {@code threadName}, made with the first device: a serial line. */
    PollLoop(String threadName, Link link) {
        this(threadName, link, new DriverThreads(threadName, 1), true);
    }

    /**
     * A loop on threads it shares with other loops, which their owner stops: a TCP connection.
     *
     * @param name the connection, for logs
     */
    PollLoop(String name, Link link, DriverThreads shared) {
        this(name, link, shared, false);
    }

    private PollLoop(String name, Link link, DriverThreads threads, boolean ownThread) {
        this.name = name;
        this.link = link;
        this.threads = threads;
        this.ownThread = ownThread;
    }

    /** Where the polls run, for a log line: {@code thread modbus-ttyUSB0} or the shared threads. */
    String threadName() {
        return ownThread ? "thread " + threads.describe() : "shared threads " + threads.describe();
    }

    /** Polls the device from now on. */
    void add(DevicePoller device) {
        synchronized (lock) {
            if (stopping) {
                throw new IllegalStateException(name + " is stopped");
            }
            device.scheduleAt(System.nanoTime());
            devices.add(device);
            wakeUpForFirstDue();
        }
    }

    /** Stops polling the device; a transaction in flight for it still completes. */
    void remove(DevicePoller device) {
        synchronized (lock) {
            devices.remove(device);
            wakeUpForFirstDue();
        }
    }

    boolean isEmpty() {
        synchronized (lock) {
            return devices.isEmpty();
        }
    }

    /**
     * Polls no more and closes the link, aborting a transaction in flight; returns within about three seconds, once
     * the poll in flight has ended (and, for a serial line, its thread).
     */
    void stop() {
        synchronized (lock) {
            stopping = true;
            cancelWakeUp();
        }
        link.close();
        if (ownThread) {
            if (!threads.stop(STOP_WAIT)) {
                log.warn("{}: thread did not stop within {} s", threads.describe(), STOP_WAIT.toSeconds());
            }
            return;
        }
        synchronized (lock) {
            long deadline = System.nanoTime() + STOP_WAIT.toNanos() + TimeUnit.SECONDS.toNanos(1);
            try {
                while (polling != null && polling != Thread.currentThread()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        log.warn("{}: a poll still runs on {} {} s after the connection was closed", name,
                                polling.getName(), STOP_WAIT.toSeconds() + 1);
                        return;
                    }
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Under lock: has a thread come when the first device is due, unless a poll runs (it does this when it ends).
     * A wake-up that is no longer wanted is cancelled; one that already started finds its token stale and leaves.
     */
    private void wakeUpForFirstDue() {
        if (stopping || polling != null) {
            return;
        }
        DevicePoller first = firstDue();
        if (first == null) {
            cancelWakeUp();
            return;
        }
        long at = first.nextDue();
        if (wakeUp != null && wakeUpAt == at) {
            return;
        }
        cancelWakeUp();
        long token = ++wakeUpToken;
        try {
            wakeUp = threads.executor().schedule(() -> pollFirstDue(token), at - System.nanoTime(),
                    TimeUnit.NANOSECONDS);
            wakeUpAt = at;
        } catch (RejectedExecutionException closing) {
            // The threads' owner is stopping them: every loop on them is about to stop too.
        }
    }

    private void cancelWakeUp() {
        if (wakeUp != null) {
            wakeUp.cancel(false);
            wakeUp = null;
        }
    }

    private void pollFirstDue(long token) {
        Thread current = Thread.currentThread();
        DevicePoller device;
        synchronized (lock) {
            if (token != wakeUpToken || stopping || polling != null) {
                return;
            }
            wakeUp = null;
            device = firstDue();
            if (device == null) {
                return;
            }
            if (device.nextDue() - System.nanoTime() > 0) {
                wakeUpForFirstDue();
                return;
            }
            polling = current;
        }
        String idleName = current.getName();
        if (!ownThread) {
            current.setName("modbus-" + device.machineId());
        }
        try {
            device.poll(link);
        } finally {
            if (!ownThread) {
                current.setName(idleName);
            }
            synchronized (lock) {
                polling = null;
                lock.notifyAll();
                wakeUpForFirstDue();
            }
        }
    }

    // Under lock.
    private DevicePoller firstDue() {
        DevicePoller first = null;
        for (DevicePoller device : devices) {
            if (first == null || device.nextDue() - first.nextDue() < 0) {
                first = device;
            }
        }
        return first;
    }
}
