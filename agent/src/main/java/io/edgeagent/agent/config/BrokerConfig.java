package io.edgeagent.agent.config;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * The MQTT broker ({@code broker:}).
 *
 * @param urls      tried in order for failover; schemes tcp, ssl, mqtt, mqtts, ws, wss; host and port set
 * @param username  {@code null} for anonymous
 * @param password  from {@code password:} or {@code passwordFile:}; {@code null} when neither is given
 * @param tls       certificates; {@code null} to use the JVM's trusted CAs and no client certificate
 * @param topicRoot topics are {@code <topicRoot>/<site>/<agent id>/...}; default {@code edge/v1}
 * @param telemetry how telemetry is batched and published
 */
public record BrokerConfig(List<URI> urls, String username, Secret password, TlsConfig tls, String topicRoot,
        TelemetryConfig telemetry) {

    public static final String DEFAULT_TOPIC_ROOT = "edge/v1";

    public BrokerConfig {
        urls = List.copyOf(urls);
        Objects.requireNonNull(topicRoot, "topicRoot");
        Objects.requireNonNull(telemetry, "telemetry");
    }
}
