package io.edgeagent.agent.config;

import java.net.URI;
import java.time.Duration;
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
 * @param backfillPerSecond the most backlog messages a second after an outage ({@code backfill.maxPerSecond});
 *                  live messages go first regardless; 0 for no limit
 * @param sessionExpiry how long the broker keeps the agent's MQTT session after a disconnect
 *                  ({@code sessionExpirySeconds}), so commands sent meanwhile wait; zero (the default) for a
 *                  clean start and no session
 * @param keepAlive the MQTT keep-alive ({@code keepAliveSeconds}): how long the connection may be silent before
 *                  the agent asks the broker for a sign of life, and so how soon a dead path is noticed
 * @param json      whether the JSON feed of config/asyncapi.yaml is published ({@code json}, default true)
 * @param sparkplug the Sparkplug B feed, on a connection of its own, or {@code null} for none
 */
public record BrokerConfig(List<URI> urls, String username, Secret password, TlsConfig tls, String topicRoot,
        TelemetryConfig telemetry, int backfillPerSecond, Duration sessionExpiry, Duration keepAlive, boolean json,
        SparkplugConfig sparkplug) {

    /**
     * No session: the platform retries a request that got no answer, with the same requestId, so a kept session
     * adds nothing but requests carried out after their requester gave up, and a broker that hands a request
     * the agent could not take to every new connection again.
     */
    public static final Duration DEFAULT_SESSION_EXPIRY = Duration.ZERO;

    /**
     * A path that went silent (a pulled cable, a NAT that forgot the flow, a half-open connection) is noticed one
     * to three keep-alives after it went silent (Paho 1.2.5 sends a PINGREQ once nothing came in for a keep-alive
     * and gives the connection up when a further keep-alive passes without an answer; its timer looks at most a
     * keep-alive apart): with 20 s, within a minute, while pings cost four bytes per 20 s on an idle link. The broker
     * drops a silent agent after 1.5 keep-alives (MQTT 5, 3.1.2.10) and publishes its Last Will, 30 s.
     */
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(20);

    public static final String DEFAULT_TOPIC_ROOT = "edge/v1";
    /** A day of outage on a busy gateway (about a million messages) drains in minutes without flooding a thin link. */
    public static final int DEFAULT_BACKFILL_PER_SECOND = 5_000;

    public BrokerConfig {
        urls = List.copyOf(urls);
        Objects.requireNonNull(topicRoot, "topicRoot");
        Objects.requireNonNull(telemetry, "telemetry");
        Objects.requireNonNull(sessionExpiry, "sessionExpiry");
        if (keepAlive.isNegative() || keepAlive.isZero()) {
            throw new IllegalArgumentException("keep-alive must be positive: " + keepAlive);
        }
        if (backfillPerSecond < 0) {
            throw new IllegalArgumentException("backfill rate must not be negative: " + backfillPerSecond);
        }
    }

    /** The JSON feed alone. */
    public BrokerConfig(List<URI> urls, String username, Secret password, TlsConfig tls, String topicRoot,
                        TelemetryConfig telemetry, int backfillPerSecond, Duration sessionExpiry, Duration keepAlive) {
        this(urls, username, password, tls, topicRoot, telemetry, backfillPerSecond, sessionExpiry, keepAlive, true,
                null);
    }

    public BrokerConfig(List<URI> urls, String username, Secret password, TlsConfig tls, String topicRoot,
                        TelemetryConfig telemetry) {
        this(urls, username, password, tls, topicRoot, telemetry, DEFAULT_BACKFILL_PER_SECOND, DEFAULT_SESSION_EXPIRY,
                DEFAULT_KEEP_ALIVE);
    }
}
