package io.edgeagent.agent.ingest;

import io.edgeagent.drivers.Reading;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects one machine's readings into a telemetry message: due when the first reading in it is
 * {@code interval} old, or when it is full. Age is on the monotonic clock: a wall clock stepped back by days
 * must not hold a batch back until it catches up.
 */
final class TelemetryBatch {

    private final Duration interval;
    private final int maxReadings;
    private List<Reading> readings = new ArrayList<>();
    /** Monotonic nanoseconds of the first reading in the batch. */
    private long openedAt;

    TelemetryBatch(Duration interval, int maxReadings) {
        this.interval = interval;
        this.maxReadings = maxReadings;
    }

    void add(Reading reading, long nanos) {
        if (readings.isEmpty()) {
            openedAt = nanos;
        }
        readings.add(reading);
    }

    boolean isDue(long nanos) {
        return !readings.isEmpty() && (readings.size() >= maxReadings || nanos - openedAt >= interval.toNanos());
    }

    /** Hands over the collected readings (possibly none) and starts an empty batch. */
    List<Reading> take() {
        List<Reading> out = readings;
        readings = new ArrayList<>();
        return out;
    }
}
