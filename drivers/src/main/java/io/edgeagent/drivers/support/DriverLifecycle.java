package io.edgeagent.drivers.support;

import io.edgeagent.drivers.Alarm;
import io.edgeagent.drivers.ConnectionState;
import io.edgeagent.drivers.Driver;
import io.edgeagent.drivers.DriverHealth;
import io.edgeagent.drivers.Reading;
import io.edgeagent.drivers.ReadingSink;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of the {@link Driver} contract that is the same for every protocol, for a driver to hold: subscribe once,
 * then open once, close at any time; the health, stamped by the driver's clock and handed to the sink on every change
 * in the order it changed; and readings handed to the sink until the driver is closed.
 *
 * <p>A sink that throws is the agent's fault, not the machine's: the driver goes on. The first failure of an episode
 * is logged as a warning with the machine id, the ones after it only at debug, and the sink's first success after
 * them again at info, so that a broken sink neither floods the log nor fails unseen.
 *
 * <p>Thread-safe: readings and health arrive from the driver's own threads and its protocol library's.
 */
public final class DriverLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DriverLifecycle.class);

    private final String machineId;
    private final Clock clock;
    private final Object lock = new Object();
    private final AtomicBoolean sinkFailing = new AtomicBoolean();

    // Guarded by lock.
    private boolean opened;
    // Written under lock, read anywhere.
    private volatile ReadingSink sink;
    private volatile DriverHealth health;
    private volatile boolean closed;

    /**
     * @param clock stamps the health, and the readings of drivers that ask {@link #now}
     * @throws IllegalArgumentException when the machine id is blank
     */
    public DriverLifecycle(String machineId, Clock clock) {
        this.machineId = Objects.requireNonNull(machineId, "machineId");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (machineId.isBlank()) {
            throw new IllegalArgumentException("machineId must not be blank");
        }
        this.health = new DriverHealth(ConnectionState.DISCONNECTED, clock.instant(), "not opened");
    }

    public String machineId() {
        return machineId;
    }

    public Instant now() {
        return clock.instant();
    }

    public DriverHealth health() {
        return health;
    }

    /** True from the start of {@link #close}: no more readings or health but CLOSED. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Takes the sink, once the driver has checked the signals. {@code accept} keeps what the driver needs of them; it
     * runs first, under the lifecycle's lock, so that a concurrent {@link #close} finds it done or not begun, and an
     * exception from it leaves the driver unsubscribed.
     *
     * @throws IllegalStateException when the driver is closed or was subscribed before
     */
    public void subscribe(ReadingSink readingSink, Runnable accept) {
        Objects.requireNonNull(readingSink, "sink");
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("machine " + machineId + ": driver is closed");
            }
            if (sink != null) {
                throw new IllegalStateException("machine " + machineId + ": subscribe may be called only once");
            }
            accept.run();
            sink = readingSink;
        }
    }

    /**
     * Reports CONNECTING and runs {@code start}, which sets the driver going without waiting for the network. Both
     * happen under the lifecycle's lock, so that a concurrent {@link #close} finds whatever {@code start} made, and
     * health the driver reports from its threads comes after CONNECTING.
     *
     * @throws IllegalStateException when the driver was not subscribed, was opened before, or is closed
     */
    public void open(Runnable start) {
        synchronized (lock) {
            if (sink == null) {
                throw new IllegalStateException("machine " + machineId + ": subscribe before open");
            }
            if (closed || opened) {
                throw new IllegalStateException("machine " + machineId + ": open may be called only once");
            }
            opened = true;
            report(ConnectionState.CONNECTING, null);
            start.run();
        }
    }

    /**
     * Marks the driver closed, runs {@code stop} (outside the lock: stopping waits for the driver's threads, which
     * may be reporting), reports CLOSED and logs it. Only the first call does anything.
     */
    public void close(Runnable stop) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        stop.run();
        report(ConnectionState.CLOSED, null);
        log.info("{}: closed", machineId);
    }

    /**
     * The link's state now; the sink hears of it when it changed (state or fault), and {@code since} moves only with
     * the state. Nothing but CLOSED is reported once the driver is closing.
     *
     * @param lastError one line for an engineer while DISCONNECTED, else {@code null}
     */
    public void report(ConnectionState state, String lastError) {
        synchronized (lock) {
            DriverHealth current = health;
            if ((closed && state != ConnectionState.CLOSED)
                    || (current.state() == state && Objects.equals(current.lastError(), lastError))) {
                return;
            }
            health = new DriverHealth(state, current.state() == state ? current.since() : clock.instant(), lastError);
            if (sink == null) {
                return;
            }
            // Under the lock so the sink sees transitions in order; the sink contract forbids blocking.
            try {
                sink.onHealth(machineId, health);
                sinkWorks();
            } catch (RuntimeException e) {
                sinkFailed("health " + state, e);
            }
        }
    }

    /** Hands a reading to the sink, unless the driver is closing. */
    public void deliver(Reading reading) {
        hand(sink -> sink.onReading(reading), () -> "signal '" + reading.signal() + "'");
    }

    /** Hands an alarm's change to the sink, unless the driver is closing. */
    public void deliver(Alarm alarm) {
        hand(sink -> sink.onAlarm(alarm), () -> "alarm '" + alarm.id() + "'");
    }

    private void hand(Consumer<ReadingSink> delivery, Supplier<String> what) {
        ReadingSink target = sink;
        if (closed || target == null) {
            return;
        }
        try {
            delivery.accept(target);
            sinkWorks();
        } catch (RuntimeException e) {
            sinkFailed(what.get(), e);
        }
    }

    private void sinkFailed(String what, RuntimeException e) {
        if (sinkFailing.compareAndSet(false, true)) {
            log.warn("{}: reading sink failed for {}; further failures are logged at debug until it works again",
                    machineId, what, e);
        } else {
            log.debug("{}: reading sink failed for {}", machineId, what, e);
        }
    }

    private void sinkWorks() {
        if (sinkFailing.get() && sinkFailing.compareAndSet(true, false)) {
            log.info("{}: reading sink works again", machineId);
        }
    }
}
