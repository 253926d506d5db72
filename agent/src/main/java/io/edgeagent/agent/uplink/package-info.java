/**
 * The MQTT v5 transport: the pump that moves committed outbox messages to the broker in order, deleting each
 * only after the broker acknowledged it, with reconnect, failover, back-off and the backfill throttle, and
 * the channel that hands the platform's command requests to a {@link io.edgeagent.agent.uplink.CommandHandler}
 * and publishes its answers. What the messages say is the feed's ({@code feed}); the uplink moves their bytes.
 *
 * <p>Paho sits behind {@link io.edgeagent.agent.uplink.BrokerLink} so the unmaintained client can be
 * replaced without touching the delivery logic. TLS comes from {@code tls}.
 */
package io.edgeagent.agent.uplink;
