package io.edgeagent.drivers.opcua;

import java.util.List;
import java.util.Objects;

/**
 * What a probe's browse found below a node.
 *
 * @param start     the node the browse started at
 * @param nodes     the nodes below it, each followed by its own children, down to the depth asked
 * @param truncated the browse stopped at {@link OpcUaProbe#MAX_NODES}
 */
public record BrowseListing(ProbedNode start, List<ProbedNode> nodes, boolean truncated) {

    public BrowseListing {
        Objects.requireNonNull(start, "start");
        nodes = List.copyOf(nodes);
    }
}
