package io.edgeagent.agent.config;

/** How the agent reaches one machine: exactly one of {@code opcua}, {@code modbus} or {@code gpio}. */
public sealed interface Connection permits OpcUaConnection, ModbusConnection, GpioConnection {
}
