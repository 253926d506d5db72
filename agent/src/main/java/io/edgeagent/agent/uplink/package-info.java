/**
 * The MQTT v5 uplink: the contract's topics and payloads, and the pump that moves committed outbox messages
 * to the broker in order, deleting each only after the broker acknowledged it.
 *
 * <p>Paho sits behind {@link io.edgeagent.agent.uplink.BrokerLink} so the unmaintained client can be
 * replaced without touching the delivery logic.
 */
package io.edgeagent.agent.uplink;
