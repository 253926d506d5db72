/**
 * Modbus TCP and RTU: polls register maps and reports values as readings.
 *
 * <p>The agent makes one {@link io.edgeagent.drivers.modbus.ModbusLines} and, per machine, a
 * {@link io.edgeagent.drivers.modbus.ModbusDriver} from a {@link io.edgeagent.drivers.modbus.ModbusEndpoint} and
 * its {@link io.edgeagent.drivers.modbus.ModbusSignal}s; the CLI's probe uses
 * {@link io.edgeagent.drivers.modbus.ModbusProbe}. Inside, each concern is a small class: the codec (types, orders,
 * scale), the request planner (coalescing and what the device refused), the framing and link (one checked
 * transaction at a time) and the poller (retries, health, back-off, change detection), run by a poll loop per
 * serial line (a thread of its own) or per TCP host and port (on a few threads that every TCP connection shares).
 * Addresses and types as people write them ({@code holding:2}, {@code uint32}) are parsed here, once, by
 * {@link io.edgeagent.drivers.modbus.RegisterAddress#parse} and {@link io.edgeagent.drivers.modbus.ModbusType#parse},
 * for the agent's config and the CLI alike.
 *
 * <p>j2mod's master is not used: its transaction layer cannot check every reply against its request (it shares
 * transaction ids across connections, j2mod #165, and its retry count of 0 means 5), and it hides why a serial
 * port would not open. The framing here is small and tested against j2mod's slave; serial ports go through
 * jSerialComm, which j2mod brings.
 */
package io.edgeagent.drivers.modbus;
