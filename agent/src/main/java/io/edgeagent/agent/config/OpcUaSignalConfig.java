package io.edgeagent.agent.config;

import java.time.Duration;
import java.util.Objects;

/**
 * An OPC UA node to monitor.
 *
 * @param node     node id: {@code ns=<index>;s|i|g|b=<id>}, {@code nsu=<uri>;s|i|g|b=<id>} or, in
 *                 namespace 0, {@code i=<id>}
 * @param sampling the server's sampling interval ({@code samplingMs}, 10..3600000, default 1000)
 * @param deadband absolute deadband: smaller changes are not reported; default 0
 */
public record OpcUaSignalConfig(String name, String node, Duration sampling, double deadband)
        implements SignalConfig {

    public OpcUaSignalConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(sampling, "sampling");
    }
}
