package io.edgeagent.agent.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How telemetry is published ({@code broker.telemetry:}).
 *
 * @param qos   MQTT QoS 0 or 1; default 1, since the feed promises at least once; 0 is a documented choice for a
 *              thin uplink that would rather lose a batch than send it twice
 * @param batch how long readings are collected into one message ({@code batchMs}, 50..60000, default 1000)
 * @param expiry MQTT v5 message expiry ({@code expirySeconds}): how long a broker may keep telemetry for a
 *              subscriber that is away; {@link Duration#ZERO} for no expiry; default one hour
 */
public record TelemetryConfig(int qos, Duration batch, Duration expiry) {

    public static final Duration DEFAULT_EXPIRY = Duration.ofHours(1);
    public static final TelemetryConfig DEFAULT = new TelemetryConfig(1, Duration.ofMillis(1000), DEFAULT_EXPIRY);

    public TelemetryConfig {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(expiry, "expiry");
    }

    public TelemetryConfig(int qos, Duration batch) {
        this(qos, batch, DEFAULT_EXPIRY);
    }
}
