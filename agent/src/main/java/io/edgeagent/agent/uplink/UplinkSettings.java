package io.edgeagent.agent.uplink;

import io.edgeagent.agent.config.BrokerConfig;
import io.edgeagent.agent.config.TelemetryConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * How the uplink paces and labels what it sends.
 *
 * @param backfillPerSecond the most backlog messages a second after an outage; 0 for no limit
 * @param telemetryExpiry   MQTT v5 message expiry of telemetry; {@link Duration#ZERO} for none
 * @param sessionExpiry     how long the broker keeps the agent's session; {@link Duration#ZERO} for a clean
 *                          session at each connect
 */
public record UplinkSettings(int backfillPerSecond, Duration telemetryExpiry, Duration sessionExpiry) {

    public static final UplinkSettings DEFAULT = new UplinkSettings(BrokerConfig.DEFAULT_BACKFILL_PER_SECOND,
            TelemetryConfig.DEFAULT_EXPIRY, BrokerConfig.DEFAULT_SESSION_EXPIRY);

    public UplinkSettings {
        Objects.requireNonNull(telemetryExpiry, "telemetryExpiry");
        Objects.requireNonNull(sessionExpiry, "sessionExpiry");
    }

    public static UplinkSettings of(BrokerConfig broker) {
        return new UplinkSettings(broker.backfillPerSecond(), broker.telemetry().expiry(), broker.sessionExpiry());
    }
}
