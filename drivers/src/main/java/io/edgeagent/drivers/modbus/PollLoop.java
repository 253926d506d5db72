package io.edgeagent.drivers.modbus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that owns one {@link Link} and polls the devices on it, one transaction at a time, always the device
 * whose poll is due first. A TCP device has a loop of its own; the devices of a serial line share one.
 */
final class PollLoop {

    private static final Logger log = LoggerFactory.getLogger(PollLoop.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(2);

    private final String threadName;
    private final Link link;
    private final Object lock = new Object();

    // Guarded by lock.
    private final List<DevicePoller> devices = new ArrayList<>();
    private Thread thread;
    private boolean stopping;

    PollLoop(String threadName, Link link) {
        this.threadName = threadName;
        this.link = link;
    }

    String threadName() {
        return threadName;
    }

    /** Polls the device from now on, starting the thread with the first device. */
    void add(DevicePoller device) {
        synchronized (lock) {
            if (stopping) {
                throw new IllegalStateException(threadName + " is stopped");
            }
            device.scheduleAt(System.nanoTime());
            devices.add(device);
            if (thread == null) {
                thread = new Thread(this::run, threadName);
                thread.setDaemon(true);
                thread.start();
            }
            lock.notifyAll();
        }
    }

    /** Stops polling the device; a transaction in flight for it still completes. */
    void remove(DevicePoller device) {
        synchronized (lock) {
            devices.remove(device);
            lock.notifyAll();
        }
    }

    /**
     * Stops the thread and closes the link, aborting a transaction in flight; returns within about three seconds.
     */
    void stop() {
        Thread running;
        synchronized (lock) {
            stopping = true;
            running = thread;
            lock.notifyAll();
        }
        link.close();
        if (running == null || running == Thread.currentThread()) {
            return;
        }
        try {
            running.join(STOP_WAIT.toMillis());
            if (running.isAlive()) {
                running.interrupt();
                running.join(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (running.isAlive()) {
            log.warn("{}: thread did not stop within {} s", threadName, STOP_WAIT.toSeconds() + 1);
        }
    }

    private void run() {
        try {
            DevicePoller next;
            while ((next = awaitNextDue()) != null) {
                next.poll(link);
            }
        } finally {
            link.close();
        }
    }

    /** The device due first, once it is due; null when stopping. */
    private DevicePoller awaitNextDue() {
        synchronized (lock) {
            while (!stopping) {
                DevicePoller first = null;
                for (DevicePoller device : devices) {
                    if (first == null || device.nextDue() - first.nextDue() < 0) {
                        first = device;
                    }
                }
                try {
                    if (first == null) {
                        lock.wait();
                        continue;
                    }
                    long wait = first.nextDue() - System.nanoTime();
                    if (wait <= 0) {
                        return first;
                    }
                    TimeUnit.NANOSECONDS.timedWait(lock, wait);
                } catch (InterruptedException e) {
                    // Only stop() interrupts, and only after setting stopping.
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
            return null;
        }
    }
}
