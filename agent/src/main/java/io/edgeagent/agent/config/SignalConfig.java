package io.edgeagent.agent.config;

/** A value read from a machine, by name; the record type matches the machine's connection. */
public sealed interface SignalConfig permits OpcUaSignalConfig, ModbusSignalConfig, GpioSignalConfig {

    /** Unique within the machine; readings, state rules and {@code counter} use it. */
    String name();
}
