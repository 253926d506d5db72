/**
 * The driver SPI: how the agent talks to a machine, whatever the protocol.
 *
 * <p>A {@link io.edgeagent.drivers.Driver} owns its connection and keeps it alive by itself; the agent opens
 * it once, subscribes the configured signals with a {@link io.edgeagent.drivers.ReadingSink}, and closes it
 * on shutdown. Drivers push {@link io.edgeagent.drivers.Reading}s and health changes; they never learn about
 * MQTT, the buffer or machine state.
 */
package io.edgeagent.drivers;
