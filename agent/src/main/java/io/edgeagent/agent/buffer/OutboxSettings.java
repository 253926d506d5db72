package io.edgeagent.agent.buffer;

import io.edgeagent.agent.config.BufferConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the outbox keeps its file.
 *
 * @param maxBytes        the disk budget ({@code buffer.maxDiskMb}) the file keeps to; the waiting rows take at most
 *                        half of it, beyond which the oldest telemetry is dropped, events only once none is left
 * @param syncInterval    how often committed telemetry is forced onto the storage device ({@code buffer.commitMs})
 * @param maxTelemetryAge telemetry accepted longer ago than this is dropped ({@code buffer.maxAgeHours}); empty
 *                        for no limit
 */
record OutboxSettings(long maxBytes, Duration syncInterval, Optional<Duration> maxTelemetryAge) {

    /** The config's defaults: {@code buffer.maxDiskMb} 512, {@code commitMs} 1000, no age limit. */
    static final OutboxSettings DEFAULT = of(BufferConfig.DEFAULT);

    OutboxSettings {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("buffer budget must be positive, was " + maxBytes);
        }
        if (syncInterval.isNegative() || syncInterval.isZero()) {
            throw new IllegalArgumentException("sync interval must be positive, was " + syncInterval);
        }
        Objects.requireNonNull(maxTelemetryAge, "maxTelemetryAge");
    }

    static OutboxSettings of(BufferConfig config) {
        return new OutboxSettings(config.maxDiskMb() * 1024L * 1024L, config.commitInterval(), config.maxAge());
    }

    OutboxSettings withMaxBytes(long bytes) {
        return new OutboxSettings(bytes, syncInterval, maxTelemetryAge);
    }
}
