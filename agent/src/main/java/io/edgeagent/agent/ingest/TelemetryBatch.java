package io.edgeagent.agent.ingest;

import io.edgeagent.drivers.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects one machine's readings into a telemetry message: due when the first reading in it is
 * {@code interval} old, or when it is full.
 */
final class TelemetryBatch {

    private final Duration interval;
    private final int maxReadings;
    private List<Reading> readings = new ArrayList<>();
    private Instant openedAt;

    TelemetryBatch(Duration interval, int maxReadings) {
        this.interval = interval;
        this.maxReadings = maxReadings;
    }

    void add(Reading reading, Instant now) {
        if (readings.isEmpty()) {
            openedAt = now;
        }
        readings.add(reading);
    }

    boolean isDue(Instant now) {
        return !readings.isEmpty()
                && (readings.size() >= maxReadings || Duration.between(openedAt, now).compareTo(interval) >= 0);
    }

    /** Hands over the collected readings (possibly none) and starts an empty batch. */
    List<Reading> take() {
        List<Reading> out = readings;
        readings = new ArrayList<>();
        openedAt = null;
        return out;
    }
}
