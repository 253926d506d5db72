package io.edgeagent.agent.config;

import io.edgeagent.drivers.opcua.NodeRef;
import io.edgeagent.drivers.opcua.OpcUaSignal;
import java.time.Duration;
import java.util.Objects;

/**
 * An OPC UA node to monitor.
 *
 * @param node            node id: {@code ns=<index>;s|i|g|b=<id>}, {@code nsu=<uri>;s|i|g|b=<id>} or, in
 *                        namespace 0, {@code i=<id>}; or a browse path below the machine's root
 * @param sampling        the server's sampling interval ({@code samplingMs}, 10..3600000, default 1000)
 * @param deadband        smaller changes are not reported; default 0
 * @param deadbandPercent whether {@code deadband} is a percentage (above 0, at most 100) of the node's EURange,
 *                        written {@code deadband: "2%"}, rather than absolute, in the value's unit
 * @param queueSize       values the server keeps between two publishes, oldest dropped first (1..1000, default 1)
 * @param conversion      what the driver does to a value: a profile's Duration signal is reported in seconds; a
 *                        signal of the file as the server sends it
 */
public record OpcUaSignalConfig(String name, NodeRef node, Duration sampling, double deadband,
                                boolean deadbandPercent, int queueSize, OpcUaSignal.Conversion conversion)
        implements SignalConfig {

    public OpcUaSignalConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(sampling, "sampling");
        Objects.requireNonNull(conversion, "conversion");
    }

    /** A signal of the file: its values as the server sends them. */
    public OpcUaSignalConfig(String name, NodeRef node, Duration sampling, double deadband, boolean deadbandPercent,
                             int queueSize) {
        this(name, node, sampling, deadband, deadbandPercent, queueSize, OpcUaSignal.Conversion.NONE);
    }
}
