package io.edgeagent.agent.ingest;

import io.edgeagent.agent.capacity.CapacityEngine;
import io.edgeagent.agent.capacity.Delivery;
import io.edgeagent.agent.capacity.Meter;
import io.edgeagent.agent.state.MachineStateTracker;
import io.edgeagent.agent.state.StateExplanation;
import io.edgeagent.drivers.Alarm;
import io.edgeagent.drivers.DriverHealth;
import io.edgeagent.drivers.Reading;
import io.edgeagent.drivers.ReadingSink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meeting point of all drivers. Thread-safe on the driver side ({@link ReadingSink}); everything else
 * runs on its own {@code ingest} thread, which also re-evaluates states on a tick so time-based rules
 * (a cycle counter that stopped) and dwell times take effect without a new reading: on each tick, only the machines
 * whose readings or health changed since, or whose rules' timer ran out ({@link MachineStateTracker#evaluationDue}),
 * so the work follows change rather than the number of machines. The capacity engine lives on the same thread: it sees state changes and counter readings in the order they happened, and
 * commands ({@link #submit}) are serialised with them.
 */
public final class Ingest implements ReadingSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Ingest.class);
    private static final Duration TICK = Duration.ofMillis(200);
    private static final int MAX_READINGS_PER_MESSAGE = 500;

    private final Clock clock;
    private final FeedSink sink;
    private final CapacityEngine capacity;
    private final LongSupplier monotonicNanos;
    private final Map<String, MachineStateTracker> trackers;
    private final List<String> machineIds;
    /** Per machine, what the ingest thread keeps of it; read and written on the ingest thread only. */
    private final Map<String, MachineInputs> inputs = new HashMap<>();
    private final List<ReadingListener> listeners = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Object> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private boolean dropEpisode;
    /** Monotonic time as the trackers see it: never going back, see {@link #steadyNanos()}. */
    private long steady;
    private long lastMonotonic;
    private boolean monotonicSeen;

    /**
     * @param trackers       one state tracker per configured machine, by machine id
     * @param counterSignals per machine id, the signal counting its cycles (machines without one are absent)
     * @param batch          how long telemetry is collected into one message per machine
     * @param queueSize      readings that may wait for the ingest thread before new ones are dropped
     * @param capacity       the capacity engine, started by this class on its thread
     * @param monotonicNanos a monotonic clock ({@code System::nanoTime}), to tell wall-clock steps from time passing
     */
    public Ingest(Map<String, MachineStateTracker> trackers, Map<String, String> counterSignals, Duration batch,
                  int queueSize, FeedSink sink, CapacityEngine capacity, Clock clock, LongSupplier monotonicNanos) {
        this.trackers = Map.copyOf(trackers);
        this.sink = sink;
        this.capacity = capacity;
        this.clock = clock;
        this.monotonicNanos = monotonicNanos;
        this.queue = new ArrayBlockingQueue<>(queueSize);
        this.machineIds = List.copyOf(trackers.keySet());
        for (String id : machineIds) {
            inputs.put(id, new MachineInputs(this.trackers.get(id), new TelemetryBatch(batch, MAX_READINGS_PER_MESSAGE),
                    counterSignals.get(id)));
        }
        this.thread = new Thread(this::run, "ingest");
    }

    /** Restores the capacity engine's memory, then starts the thread; a store that cannot be read fails here. */
    public void start() {
        capacity.start(clock.instant(), steadyNanos());
        thread.start();
    }

    @Override
    public void onReading(Reading reading) {
        if (!trackers.containsKey(reading.machineId())) {
            throw new IllegalArgumentException("reading for unknown machine " + reading.machineId());
        }
        if (!queue.offer(reading)) {
            dropped.incrementAndGet();
        }
    }

    /** Alarms decide DOWN and are told the platform one by one: never dropped, like health changes. */
    @Override
    public void onAlarm(Alarm alarm) {
        if (!trackers.containsKey(alarm.machineId())) {
            throw new IllegalArgumentException("alarm for unknown machine " + alarm.machineId());
        }
        try {
            queue.put(alarm);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void onHealth(String machineId, DriverHealth health) {
        // Health changes decide OFFLINE: they must never be dropped, so wait for room if need be.
        try {
            queue.put(new HealthEvent(machineId, health));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs {@code work} on the ingest thread, after everything queued before it. Waits for room in the
     * queue, like health changes: a command must not be dropped as a reading may be. Once the agent is
     * stopping it fails with {@link RejectedExecutionException}.
     */
    public <T> CompletableFuture<T> submit(Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (!running) {
            result.completeExceptionally(new RejectedExecutionException("the agent is stopping"));
            return result;
        }
        try {
            queue.put(new Task<>(work, result));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.completeExceptionally(e);
        }
        return result;
    }

    /** Adds a listener that sees every reading from now on; see {@link ReadingListener} for what it must not do. */
    public void addListener(ReadingListener listener) {
        listeners.add(listener);
    }

    public void removeListener(ReadingListener listener) {
        listeners.remove(listener);
    }

    /** Readings dropped since start because the queue was full. */
    public long droppedReadings() {
        return dropped.get();
    }

    /** Every machine as ingest knows it now, in config order. Only on the ingest thread: call it inside {@link #submit}. */
    public List<MachineSnapshot> machines() {
        onIngestThread();
        List<MachineSnapshot> out = new ArrayList<>(machineIds.size());
        for (String id : machineIds) {
            MachineInputs m = inputs.get(id);
            MachineStateTracker t = m.tracker;
            List<LastReading> signals = m.latest.values().stream().map(Latest::toLastReading).toList();
            Instant last = signals.stream().map(LastReading::arrived).max(Instant::compareTo).orElse(null);
            out.add(new MachineSnapshot(id, t.current(), t.since(), t.reason(), t.health(), last, m.taken, signals));
        }
        return out;
    }

    /** Why a machine is in its state, now; empty for an unknown machine. Only on the ingest thread, like {@link #machines}. */
    public Optional<StateExplanation> explain(String machineId) {
        onIngestThread();
        MachineStateTracker t = trackers.get(machineId);
        return t == null ? Optional.empty() : Optional.of(t.explain(clock.instant(), steadyNanos()));
    }

    private void onIngestThread() {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("the trackers belong to the ingest thread: call this inside submit()");
        }
    }

    private void run() {
        long lastTick = Long.MIN_VALUE / 2;
        while (running || !queue.isEmpty()) {
            try {
                Object item = queue.poll(TICK.toMillis(), TimeUnit.MILLISECONDS);
                long nanos = steadyNanos();
                if (item instanceof Reading r) {
                    take(r, nanos);
                    if (nanos - lastTick >= TICK.toNanos()) {
                        tick(clock.instant(), nanos);
                        lastTick = nanos;
                    }
                    continue;
                }
                Instant now = clock.instant();
                if (item instanceof Alarm a) {
                    trackers.get(a.machineId()).onAlarm(a).ifPresent(change -> {
                        LOG.info("{}: alarm {} {}: {} (severity {})", a.machineId(), a.id(), change.kind().key(),
                                a.message(), a.severity());
                        sink.alarmChanged(change);
                    });
                    evaluate(a.machineId(), now, nanos);
                } else if (item instanceof HealthEvent h) {
                    trackers.get(h.machineId()).onHealth(h.health());
                    if (!h.health().isConnected()) {
                        capacity.onDisconnected(h.machineId());
                    }
                    evaluate(h.machineId(), now, nanos);
                } else if (item instanceof Task<?> t) {
                    t.run();
                }
                // Ticks follow the monotonic clock: a wall clock stepped back must not stop them until it catches up.
                if (nanos - lastTick >= TICK.toNanos()) {
                    tick(now, nanos);
                    lastTick = nanos;
                }
            } catch (InterruptedException e) {
                running = false;
            } catch (RuntimeException e) {
                // One bad reading must not stop every machine's state and telemetry.
                LOG.error("ingest failed on one item, continuing: {}", e.toString(), e);
            }
        }
        flushAll();
        capacity.stop(clock.instant());
    }

    /**
     * Takes one reading into its machine's state, telemetry and latest readings. The fleet's hot path (a reading per
     * register per poll): the wall clock is read as milliseconds, which is all a latest reading's arrival is shown
     * with, and as an {@link Instant} only for a counter or a listener.
     */
    private void take(Reading r, long nanos) {
        MachineInputs m = inputs.get(r.machineId());
        m.tracker.onReading(r, nanos);
        m.batch.add(r, nanos);
        boolean counted = r.isGood() && r.value() instanceof Number && (r.signal().equals(m.counterSignal)
                || r.signal().equals(Meter.GOOD_PARTS_SIGNAL) || r.signal().equals(Meter.BAD_PARTS_SIGNAL));
        Instant now = counted || !listeners.isEmpty() ? clock.instant() : null;
        if (counted) {
            long count = ((Number) r.value()).longValue();
            if (r.signal().equals(m.counterSignal)) {
                capacity.onCounter(r.machineId(), count, now);
            }
            if (r.signal().equals(Meter.GOOD_PARTS_SIGNAL) || r.signal().equals(Meter.BAD_PARTS_SIGNAL)) {
                capacity.onPartsCounter(r.machineId(), r.signal().equals(Meter.GOOD_PARTS_SIGNAL), count, now);
            }
        }
        if (r.isGood() && r.value() != null && Delivery.JOB_SIGNALS.contains(r.signal())) {
            capacity.onJob(r.machineId(), r.signal(), r.value().toString());
        }
        long arrived = now != null ? now.toEpochMilli() : clock.millis();
        Latest latest = m.latest.get(r.signal());
        if (latest == null) {
            m.latest.put(r.signal(), new Latest(r, arrived));
        } else {
            latest.reading = r;
            latest.arrivedMillis = arrived;
        }
        m.taken++;
        if (now != null) {
            for (ReadingListener listener : listeners) {
                listener.onReading(r, now);
            }
        }
    }

    private void tick(Instant now, long nanos) {
        reportDrops();
        capacity.tick(now, nanos);
        for (String id : machineIds) {
            // Only machines whose inputs changed or whose timer ran out: the rest would find what they found last.
            if (trackers.get(id).evaluationDue(now, nanos)) {
                evaluate(id, now, nanos);
            }
            TelemetryBatch batch = inputs.get(id).batch;
            if (batch.isDue(nanos)) {
                sink.telemetry(id, batch.take());
            }
        }
    }

    private void evaluate(String machineId, Instant now, long nanos) {
        trackers.get(machineId).evaluate(now, nanos).ifPresent(change -> {
            // "(none)" for the first state, where the feed prints "(was -)": never the word null in a journal.
            LOG.info("{}: {} -> {} ({})", machineId, change.previous() == null ? "(none)" : change.previous(),
                    change.state(), change.reason());
            sink.stateChanged(change);
            capacity.onState(change, now);
        });
    }

    /**
     * The monotonic clock, made never to go back: {@code System.nanoTime()} does not, but a faked one can
     * (libfaketime fakes CLOCK_MONOTONIC too unless told not to), and a dwell or window measured across a
     * backward jump would wait for it to catch up. Only on the ingest thread (and in {@link #start}, before it).
     */
    private long steadyNanos() {
        long n = monotonicNanos.getAsLong();
        if (monotonicSeen) {
            steady += Math.max(0, n - lastMonotonic);
        }
        lastMonotonic = n;
        monotonicSeen = true;
        return steady;
    }

    private void reportDrops() {
        long n = dropped.get();
        boolean full = queue.remainingCapacity() == 0;
        if (full && !dropEpisode) {
            dropEpisode = true;
            LOG.warn("ingest queue full: dropping readings until it drains ({} dropped so far)", n);
        } else if (!full && dropEpisode) {
            dropEpisode = false;
            LOG.info("ingest queue drained; {} readings dropped in all since start", n);
        }
    }

    private void flushAll() {
        for (String id : machineIds) {
            var readings = inputs.get(id).batch.take();
            if (!readings.isEmpty()) {
                sink.telemetry(id, readings);
            }
        }
    }

    /** Stops taking work, processes what is queued, flushes every telemetry batch, and returns. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record HealthEvent(String machineId, DriverHealth health) {
    }

    /** One machine as the ingest thread keeps it: a single lookup per reading finds all of it. */
    private static final class MachineInputs {
        private final MachineStateTracker tracker;
        private final TelemetryBatch batch;
        /** The signal counting its cycles, or {@code null}. */
        private final String counterSignal;
        /** The latest reading of each signal, in arrival order of their first reading. */
        private final Map<String, Latest> latest = new LinkedHashMap<>();
        /** Readings taken since start. */
        private long taken;

        MachineInputs(MachineStateTracker tracker, TelemetryBatch batch, String counterSignal) {
            this.tracker = tracker;
            this.batch = batch;
            this.counterSignal = counterSignal;
        }
    }

    /** A signal's latest reading, updated in place; a {@link LastReading} only when someone asks. */
    private static final class Latest {
        private Reading reading;
        private long arrivedMillis;

        Latest(Reading reading, long arrivedMillis) {
            this.reading = reading;
            this.arrivedMillis = arrivedMillis;
        }

        LastReading toLastReading() {
            return new LastReading(reading, Instant.ofEpochMilli(arrivedMillis));
        }
    }

    private record Task<T>(Supplier<T> work, CompletableFuture<T> result) {
        void run() {
            try {
                result.complete(work.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }
    }
}
