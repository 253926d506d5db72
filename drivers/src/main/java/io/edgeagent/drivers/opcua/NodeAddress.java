package io.edgeagent.drivers.opcua;

import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;

/**
 * A parsed node address. With a namespace URI ({@code nsu=}) the index is only known per connection, because a
 * server may renumber its namespaces when it restarts; {@link #resolve} fills it in from the live table.
 *
 * @param namespaceUri the namespace URI, or {@code null} when the address gave an index
 * @param nodeId       the node; when {@code namespaceUri} is set its index is a placeholder
 */
record NodeAddress(String namespaceUri, NodeId nodeId) implements NodeRef {

    private static final String URI_PREFIX = "nsu=";

    /**
     * Parses the forms listed on {@link OpcUaSignal#node()}.
     *
     * @throws IllegalArgumentException saying what is wrong with the text
     */
    static NodeAddress parse(String text) {
        if (text.startsWith(URI_PREFIX)) {
            int separator = text.indexOf(';');
            if (separator < 0) {
                throw new IllegalArgumentException("expected nsu=<namespace URI>;s=<id> (or i=, g=, b=)");
            }
            String uri = text.substring(URI_PREFIX.length(), separator);
            String id = text.substring(separator + 1);
            if (uri.isBlank()) {
                throw new IllegalArgumentException("empty namespace URI");
            }
            if (id.startsWith("ns=")) {
                throw new IllegalArgumentException("give either nsu= or ns=, not both");
            }
            return new NodeAddress(uri, parseNodeId(id));
        }
        return new NodeAddress(null, parseNodeId(text));
    }

    /** The node on a server with this namespace table, or empty when the server does not know the namespace URI. */
    Optional<NodeId> resolve(NamespaceTable namespaces) {
        if (namespaceUri == null) {
            return Optional.of(nodeId);
        }
        UShort index = namespaces.getIndex(namespaceUri);
        return Optional.ofNullable(index).map(nodeId::withNamespaceIndex);
    }

    private static NodeId parseNodeId(String text) {
        NodeId parsed = NodeId.parseSafe(text).orElseThrow(() -> new IllegalArgumentException(
                "expected ns=<index>;s=<id> (or i=<number>, g=<guid>, b=<base64>), or nsu=<namespace URI>;s=<id>"));
        if (parsed.getIdentifier() instanceof String id && id.isEmpty()) {
            throw new IllegalArgumentException("empty string identifier");
        }
        return parsed;
    }
}
