package io.edgeagent.drivers.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseResult;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;

/**
 * Turns node ids and browse paths into the nodes of one server, for one session: the namespace table and every
 * browsed level are read once and kept, so resolving a machine's signals costs one browse per level of its tree.
 * Built afresh on every (re)connect, since a restarted server may have renumbered its namespaces and nodes.
 */
final class NodeResolver {

    /** A node below another, as a browse saw it. */
    record Child(NodeId nodeId, String namespaceUri, String name, NodeClass nodeClass) {
    }

    /** What resolving gave. */
    sealed interface Result {
    }

    /** @param path where the node is, for people: its browse path, or its node id */
    record Found(NodeId nodeId, String path) implements Result {
    }

    /** @param detail why not, for people: the status a server would give, and which name is missing where */
    record Missing(String detail) implements Result {
    }

    /** The status TranslateBrowsePathsToNodeIds gives a path that leads nowhere. */
    private static final String NO_MATCH = "Bad_NoMatch (";

    private final OpcUaClient client;
    private final NamespaceTable namespaces;
    private final List<String> preferred;
    private final Map<NodeId, List<Child>> browsed = new HashMap<>();

    NodeResolver(OpcUaClient client, NamespaceTable namespaces, List<String> preferredNamespaces) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespaces = Objects.requireNonNull(namespaces, "namespaces");
        this.preferred = List.copyOf(preferredNamespaces);
    }

    /**
     * The machine object: the configured root, else the one object in the profile's containers that has the
     * profile's marker, else the Objects folder.
     *
     * @throws UaException when the server cannot be talked to
     */
    Result root(MachineRoot root) throws UaException {
        if (root.at().isPresent()) {
            return resolve(root.at().get(), new Found(NodeIds.ObjectsFolder, ""));
        }
        if (root.profile().isEmpty()) {
            return new Found(NodeIds.ObjectsFolder, "");
        }
        Profile profile = root.profile().get();
        Found objects = new Found(NodeIds.ObjectsFolder, "");
        List<String> looked = new ArrayList<>();
        for (BrowsePath container : profile.containers()) {
            if (!(resolve(container, objects) instanceof Found folder)) {
                continue;
            }
            List<Found> machines = new ArrayList<>();
            for (Child child : children(folder.nodeId())) {
                if (child.nodeClass() == NodeClass.Object) {
                    Found candidate = new Found(child.nodeId(), folder.path() + "/" + child.name());
                    looked.add(candidate.path());
                    if (resolve(profile.marker(), candidate) instanceof Found) {
                        machines.add(candidate);
                    }
                }
            }
            if (machines.size() == 1) {
                return machines.get(0);
            }
            if (machines.size() > 1) {
                return new Missing(machines.size() + " " + profile.title() + " machines on the server ("
                        + String.join(", ", machines.stream().map(Found::path).toList()) + "): set the machine's"
                        + " opcua.root to one of them, e.g. root: \"" + machines.get(0).path() + "\"");
            }
        }
        String where = String.join(" or ", profile.containers().stream().map(BrowsePath::toString).toList());
        return new Missing("no " + profile.title() + " machine on the server: "
                + (looked.isEmpty() ? "it has no " + where
                        : "no object in " + where + " has " + profile.marker() + " (looked at "
                                + String.join(", ", looked) + ")")
                + "; set the machine's opcua.root to its machine object");
    }

    /**
     * A node id as it is; a browse path below {@code root}, one level at a time.
     *
     * @throws UaException when the server cannot be talked to
     */
    Result resolve(NodeRef ref, Found root) throws UaException {
        if (ref instanceof NodeAddress address) {
            return address.resolve(namespaces)
                    .<Result>map(node -> new Found(node, node.toParseableString()))
                    .orElseGet(() -> new Missing("Bad_NodeIdUnknown (namespace " + address.namespaceUri()
                            + " is not in the server's namespace table)"));
        }
        return walk(root, ((BrowsePath) ref).segments());
    }

    private Result walk(Found at, List<BrowsePath.Segment> rest) throws UaException {
        if (rest.isEmpty()) {
            return at;
        }
        BrowsePath.Segment next = rest.get(0);
        List<BrowsePath.Segment> after = rest.subList(1, rest.size());
        String here = at.path().isEmpty() ? "/" : at.path();
        if (next.isAny()) {
            for (Child child : children(at.nodeId())) {
                if (walk(below(at, child), after) instanceof Found found) {
                    return found;
                }
            }
            return new Missing(NO_MATCH + "no node below " + here + " has " + new BrowsePath(after) + ")");
        }
        List<Child> named = new ArrayList<>(children(at.nodeId()).stream()
                .filter(child -> child.name().equals(next.name()))
                .filter(child -> next.namespaceUri() == null || next.namespaceUri().equals(child.namespaceUri()))
                .toList());
        if (named.size() > 1) {
            List<Child> standard = named.stream().filter(child -> preferred.contains(child.namespaceUri())).toList();
            if (standard.size() == 1) {
                named.retainAll(standard);
            }
        }
        if (named.isEmpty()) {
            return new Missing(NO_MATCH + "no '" + next + "' below " + here + ")");
        }
        if (named.size() > 1) {
            return new Missing(NO_MATCH + "'" + next.name() + "' below " + here + " is ambiguous, it exists in"
                    + " namespaces " + String.join(", ", named.stream().map(c -> String.valueOf(c.namespaceUri()))
                    .toList()) + ": write {<namespace URI>}" + next.name() + ")");
        }
        return walk(below(at, named.get(0)), after);
    }

    private static Found below(Found parent, Child child) {
        return new Found(child.nodeId(), parent.path() + "/" + child.name());
    }

    /**
     * The objects and variables a node organizes or has as components or properties, every page of them; none when
     * the server will not browse it (no such node, or no right to).
     */
    List<Child> children(NodeId parent) throws UaException {
        List<Child> known = browsed.get(parent);
        if (known != null) {
            return known;
        }
        List<Child> found = new ArrayList<>();
        BrowseResult result = client.browse(new BrowseDescription(parent, BrowseDirection.Forward,
                NodeIds.HierarchicalReferences, true, uint(NodeClass.Object.getValue() | NodeClass.Variable.getValue()),
                uint(BrowseResultMask.All.getValue())));
        while (result != null && !isBad(result.getStatusCode())) {
            if (result.getReferences() != null) {
                for (ReferenceDescription reference : result.getReferences()) {
                    reference.getNodeId().toNodeId(namespaces).ifPresent(node -> found.add(child(node, reference)));
                }
            }
            ByteString next = result.getContinuationPoint();
            if (next == null || next.isNullOrEmpty()) {
                break;
            }
            BrowseResult[] more = client.browseNext(false, List.of(next)).getResults();
            result = more == null || more.length == 0 ? null : more[0];
        }
        List<Child> children = List.copyOf(found);
        browsed.put(parent, children);
        return children;
    }

    private Child child(NodeId node, ReferenceDescription reference) {
        QualifiedName name = reference.getBrowseName();
        UShort index = name.getNamespaceIndex();
        String uri = index.intValue() == 0 ? null : namespaces.get(index);
        return new Child(node, uri, name.getName() == null ? "" : name.getName(), reference.getNodeClass());
    }

    private static boolean isBad(StatusCode status) {
        return status != null && status.isBad();
    }
}
