package io.edgeagent.agent.ingest;

import io.edgeagent.agent.state.MachineStateTracker;
import io.edgeagent.drivers.DriverHealth;
import io.edgeagent.drivers.Reading;
import io.edgeagent.drivers.ReadingSink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meeting point of all drivers. Thread-safe on the driver side ({@link ReadingSink}); everything else
 * runs on its own {@code ingest} thread, which also re-evaluates states on a tick so time-based rules
 * (a cycle counter that stopped) and dwell times take effect without a new reading.
 */
public final class Ingest implements ReadingSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Ingest.class);
    private static final Duration TICK = Duration.ofMillis(200);
    private static final int MAX_READINGS_PER_MESSAGE = 500;

    private final Clock clock;
    private final FeedSink sink;
    private final Map<String, MachineStateTracker> trackers;
    private final Map<String, TelemetryBatch> batches = new LinkedHashMap<>();
    private final BlockingQueue<Object> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private boolean dropEpisode;

    /**
     * @param trackers one state tracker per configured machine, by machine id
     * @param batch    how long telemetry is collected into one message per machine
     * @param capacity readings that may wait for the ingest thread before new ones are dropped
     */
    public Ingest(Map<String, MachineStateTracker> trackers, Duration batch, int capacity, FeedSink sink, Clock clock) {
        this.trackers = Map.copyOf(trackers);
        this.sink = sink;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(capacity);
        for (String id : trackers.keySet()) {
            batches.put(id, new TelemetryBatch(batch, MAX_READINGS_PER_MESSAGE));
        }
        this.thread = new Thread(this::run, "ingest");
    }

    public void start() {
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

    @Override
    public void onHealth(String machineId, DriverHealth health) {
        // Health changes decide OFFLINE: they must never be dropped, so wait for room if need be.
        try {
            queue.put(new HealthEvent(machineId, health));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        Instant nextTick = clock.instant();
        while (running || !queue.isEmpty()) {
            try {
                Object item = queue.poll(TICK.toMillis(), TimeUnit.MILLISECONDS);
                Instant now = clock.instant();
                if (item instanceof Reading r) {
                    trackers.get(r.machineId()).onReading(r, now);
                    batches.get(r.machineId()).add(r, now);
                } else if (item instanceof HealthEvent h) {
                    trackers.get(h.machineId()).onHealth(h.health());
                    evaluate(h.machineId(), now);
                }
                if (!now.isBefore(nextTick)) {
                    tick(now);
                    nextTick = now.plus(TICK);
                }
            } catch (InterruptedException e) {
                running = false;
            } catch (RuntimeException e) {
                // One bad reading must not stop every machine's state and telemetry.
                LOG.error("ingest failed on one item, continuing: {}", e.toString(), e);
            }
        }
        flushAll();
    }

    private void tick(Instant now) {
        reportDrops();
        for (String id : trackers.keySet()) {
            evaluate(id, now);
            TelemetryBatch batch = batches.get(id);
            if (batch.isDue(now)) {
                sink.telemetry(id, batch.take());
            }
        }
    }

    private void evaluate(String machineId, Instant now) {
        trackers.get(machineId).evaluate(now).ifPresent(change -> {
            LOG.info("{}: {} -> {} ({})", machineId, change.previous(), change.state(), change.reason());
            sink.stateChanged(change);
        });
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
        for (Map.Entry<String, TelemetryBatch> e : batches.entrySet()) {
            var readings = e.getValue().take();
            if (!readings.isEmpty()) {
                sink.telemetry(e.getKey(), readings);
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
}
