/**
 * The cloud side in one process: an MQTT 5 broker (HiveMQ CE, embedded) on a loopback port and a subscriber that
 * sees the feed as the cloud does. The demo's broker and the real peer of every MQTT test; never on a device, where
 * the agent talks to the factory's or the cloud's broker. Knows nothing of the agent.
 */
package io.edgeagent.broker;
