package io.edgeagent.drivers.testsupport;

import io.edgeagent.drivers.Alarm;
import io.edgeagent.drivers.ConnectionState;
import io.edgeagent.drivers.DriverHealth;
import io.edgeagent.drivers.Reading;
import io.edgeagent.drivers.ReadingSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Keeps every reading and health event and lets a test wait for one: waiting threads are woken by each event,
 * so nothing sleeps. Positions ({@link #readingCount()}, {@link #healthCount()}) let a test wait only for events
 * after some step.
 */
public final class RecordingSink implements ReadingSink {

    private final List<Reading> readings = new ArrayList<>();
    private final List<DriverHealth> health = new ArrayList<>();
    private final List<Alarm> alarms = new ArrayList<>();

    @Override
    public synchronized void onReading(Reading reading) {
        readings.add(reading);
        notifyAll();
    }

    @Override
    public synchronized void onHealth(String machineId, DriverHealth event) {
        health.add(event);
        notifyAll();
    }

    @Override
    public synchronized void onAlarm(Alarm alarm) {
        alarms.add(alarm);
        notifyAll();
    }

    public synchronized List<Alarm> alarms() {
        return List.copyOf(alarms);
    }

    public synchronized int alarmCount() {
        return alarms.size();
    }

    /** The first alarm change from position {@code from} on that matches. */
    public Alarm awaitAlarm(int from, Predicate<Alarm> condition, Duration timeout) {
        return await(() -> alarms.stream().skip(from).filter(condition).findFirst(),
                timeout, () -> "no matching alarm; got " + alarms);
    }

    public synchronized int readingCount() {
        return readings.size();
    }

    public synchronized int healthCount() {
        return health.size();
    }

    public synchronized List<Reading> readings(String signal) {
        return readings.stream().filter(r -> r.signal().equals(signal)).toList();
    }

    public synchronized List<DriverHealth> health() {
        return List.copyOf(health);
    }

    /** The first reading of this signal from position {@code from} on that matches. */
    public Reading awaitReading(int from, String signal, Predicate<Reading> condition, Duration timeout) {
        return await(() -> readings.stream().skip(from)
                        .filter(r -> r.signal().equals(signal) && condition.test(r)).findFirst(),
                timeout, () -> "no matching reading of '" + signal + "'; got " + readings(signal));
    }

    public Reading awaitReading(String signal, Predicate<Reading> condition, Duration timeout) {
        return awaitReading(0, signal, condition, timeout);
    }

    /** The first health event in this state from position {@code from} on. */
    public DriverHealth awaitHealth(int from, ConnectionState state, Duration timeout) {
        return await(() -> health.stream().skip(from).filter(h -> h.state() == state).findFirst(),
                timeout, () -> "no " + state + " health event; got " + health);
    }

    /** The first health event from position {@code from} on that matches. */
    public DriverHealth awaitHealth(int from, Predicate<DriverHealth> condition, Duration timeout) {
        return await(() -> health.stream().skip(from).filter(condition).findFirst(),
                timeout, () -> "no matching health event; got " + health);
    }

    private synchronized <T> T await(Supplier<Optional<T>> probe, Duration timeout, Supplier<String> failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> found = probe.get();
            if (found.isPresent()) {
                return found.get();
            }
            long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
            if (remainingMillis <= 0) {
                throw new AssertionError("after " + timeout.toMillis() + " ms: " + failure.get());
            }
            try {
                wait(remainingMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting", e);
            }
        }
    }
}
