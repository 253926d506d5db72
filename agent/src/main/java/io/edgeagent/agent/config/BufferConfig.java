package io.edgeagent.agent.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The store-and-forward buffer ({@code buffer:}).
 *
 * @param maxDiskMb      disk budget in MB for the buffer file, at least 16, default 512; the waiting rows take at
 *                       most half of it, beyond which the oldest telemetry is dropped first, and state, windows and
 *                       metering are kept
 * @param maxAge         {@code maxAgeHours}: telemetry older than this is dropped; empty (the default) for no
 *                       limit. Events are never dropped for their age: a state change or a closed window stays
 *                       true however late it arrives, and the platform's accounting needs every one
 * @param commitInterval {@code commitMs} (50..10000, default 1000): how often accepted telemetry is forced onto
 *                       the storage device, so at most this much of it is lost on a power cut; events are forced
 *                       with the commit that holds them
 */
public record BufferConfig(int maxDiskMb, Optional<Duration> maxAge, Duration commitInterval) {

    public static final BufferConfig DEFAULT = new BufferConfig(512, Optional.empty(), Duration.ofMillis(1000));

    public BufferConfig {
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(commitInterval, "commitInterval");
    }
}
