package io.edgeagent.agent.config;

import io.edgeagent.drivers.opcua.NodeRef;
import java.util.Optional;

/**
 * How the config names an OPC UA node: a node id in the string syntax of OPC 10000-6 5.3.1.10
 * ({@code ns=<index>;<type>=<id>}, {@code nsu=<uri>;<type>=<id>}, or {@code <type>=<id>} in namespace 0, with
 * type s (string), i (number), g (GUID) or b (base64)), or a browse path starting with {@code /}; read by the
 * driver's own parser, {@link NodeRef#parse}.
 */
final class NodeIds {

    private NodeIds() {
    }

    static Optional<NodeRef> read(YamlValue value) {
        return value.text().flatMap(text -> {
            try {
                return Optional.of(NodeRef.parse(text));
            } catch (IllegalArgumentException e) {
                value.problem(value.path() + " '" + text + "' is not "
                        + (NodeRef.isBrowsePath(text) ? "a browse path" : "an OPC UA node id") + ": " + e.getMessage());
                return Optional.empty();
            }
        });
    }
}
