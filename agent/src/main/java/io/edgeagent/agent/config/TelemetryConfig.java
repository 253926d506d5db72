package io.edgeagent.agent.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How telemetry is published ({@code broker.telemetry:}).
 *
 * @param qos   MQTT QoS 0 or 1; default 0 (telemetry is the class dropped first anyway)
 * @param batch how long readings are collected into one message ({@code batchMs}, 50..60000, default 1000)
 */
public record TelemetryConfig(int qos, Duration batch) {

    public static final TelemetryConfig DEFAULT = new TelemetryConfig(0, Duration.ofMillis(1000));

    public TelemetryConfig {
        Objects.requireNonNull(batch, "batch");
    }
}
