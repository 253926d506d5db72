package io.edgeagent.drivers;

/**
 * A signal a driver is asked to deliver. Each driver has its own record with its protocol's addressing
 * (an OPC UA node, a Modbus register, a GPIO pin); they share only the name readings are reported under.
 */
public interface SignalSpec {

    /** The configured signal name, unique within its machine. */
    String name();
}
