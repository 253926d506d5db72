package io.edgeagent.drivers.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.edgeagent.drivers.opcua.NodeReader.Located;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseResult;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;

/**
 * The probe's browse below a node: its hierarchical references (Organizes, HasComponent, HasProperty, ...
 * forward), depth first down to the depth asked, stopping at {@link OpcUaProbe#MAX_NODES}.
 */
final class HierarchyWalk {

    /**
     * @param nodes     the nodes below the start, each followed by its own children
     * @param truncated {@link OpcUaProbe#MAX_NODES} cut the walk short
     */
    record Walked(List<Located> nodes, boolean truncated) {
    }

    private final OpcUaClient client;
    private final NamespaceTable namespaces;
    private final int depth;
    /** The start node as the engineer wrote it, for the message when it cannot be browsed. */
    private final String text;
    private final OpcUaEndpoint endpoint;
    private final Set<NodeId> expanded = new HashSet<>();
    private final List<Located> found = new ArrayList<>();

    private HierarchyWalk(OpcUaClient client, NamespaceTable namespaces, int depth, String text,
                          OpcUaEndpoint endpoint) {
        this.client = client;
        this.namespaces = namespaces;
        this.depth = depth;
        this.text = text;
        this.endpoint = endpoint;
    }

    /** @param depth 1 for the start's children, 2 for their children too, and so on */
    static Walked below(OpcUaClient client, NamespaceTable namespaces, NodeId start, int depth, String text,
                        OpcUaEndpoint endpoint) throws UaException, ProbeException {
        HierarchyWalk walk = new HierarchyWalk(client, namespaces, depth, text, endpoint);
        walk.expanded.add(start);
        boolean complete = walk.walk(start, 1);
        return new Walked(walk.found, !complete);
    }

    /**
     * Depth first, so each node is followed by its children. A node reached twice (hierarchies may have cycles)
     * is listed each time and expanded once.
     *
     * @return false when {@link OpcUaProbe#MAX_NODES} cut the walk short
     */
    private boolean walk(NodeId parent, int level) throws UaException, ProbeException {
        for (ReferenceDescription reference : children(parent, level == 1)) {
            // A reference to a node on another server cannot be read over this session.
            Optional<NodeId> child = reference.getNodeId().toNodeId(namespaces);
            if (child.isEmpty()) {
                continue;
            }
            if (found.size() == OpcUaProbe.MAX_NODES) {
                return false;
            }
            found.add(new Located(level, child.get()));
            if (level < depth && expanded.add(child.get()) && !walk(child.get(), level + 1)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The node's hierarchical references, every page of them. Only the start node's failure stops the probe; below
     * it, a node the server will not browse (access rights, say) is shown without children.
     */
    private List<ReferenceDescription> children(NodeId parent, boolean isStart) throws UaException, ProbeException {
        BrowseResult result = client.browse(new BrowseDescription(parent, BrowseDirection.Forward,
                NodeIds.HierarchicalReferences, true, uint(0), uint(BrowseResultMask.All.getValue())));
        List<ReferenceDescription> references = new ArrayList<>();
        while (true) {
            if (result.getStatusCode() != null && result.getStatusCode().isBad()) {
                if (isStart) {
                    throw new ProbeException(DataValues.statusName(result.getStatusCode()) + ": browsing node "
                            + text + " on " + endpoint.endpointUrl());
                }
                return references;
            }
            if (result.getReferences() != null) {
                references.addAll(List.of(result.getReferences()));
            }
            ByteString next = result.getContinuationPoint();
            if (next == null || next.isNullOrEmpty()) {
                return references;
            }
            BrowseResult[] more = client.browseNext(false, List.of(next)).getResults();
            if (more == null || more.length == 0) {
                return references;
            }
            result = more[0];
        }
    }
}
