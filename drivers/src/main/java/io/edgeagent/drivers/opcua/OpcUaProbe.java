package io.edgeagent.drivers.opcua;

import io.edgeagent.drivers.opcua.NodeReader.Located;
import java.util.List;
import java.util.Objects;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

/**
 * One-shot looks at an OPC UA server for the service engineer's {@code edge-agent probe opcua}: the endpoints and
 * certificates it offers, what is below a node, and a variable's value, so that a machine's node ids can be found
 * and checked on site without the agent.
 *
 * <p>Each call opens its own connection and closes it, and everything Milo made for it, before it returns; the
 * endpoint's request timeout bounds the connect and each request. {@link #endpoints} is a discovery call: it needs
 * no certificate trust, whatever the endpoint's security says.
 * {@link #browse} and {@link #read} open a session with the endpoint's security and user, checking the server's
 * certificate against the trust list like the driver does; an unknown one is kept in {@code rejected/} for
 * {@code edge-agent opcua trust} and reported by {@link ProbeException#untrustedCertificate()}.
 */
public final class OpcUaProbe {

    /** Where a browse starts when the engineer names no node. */
    public static final String OBJECTS_FOLDER = "i=85";
    public static final int MAX_DEPTH = 10;
    /** A deep browse of a big server must not run for minutes: past this many nodes it stops, marked truncated. */
    public static final int MAX_NODES = 1000;

    private OpcUaProbe() {
    }

    /**
     * Asks the server for its endpoints (GetEndpoints, on a channel without security): they work before any
     * certificate is trusted, on either side. Only the endpoint's URL and timeout are used.
     *
     * @throws ProbeException when the server cannot be reached, does not answer in time, or is no OPC UA server
     */
    public static DiscoveredServer endpoints(OpcUaEndpoint endpoint) throws ProbeException {
        Objects.requireNonNull(endpoint, "endpoint");
        return EndpointDiscovery.discover(endpoint);
    }

    /**
     * Browses the hierarchy below a node (Organizes, HasComponent, HasProperty, ... forward), reading the data
     * type and value of every variable found.
     *
     * @param node  as the config writes it: {@code ns=2;s=...}, {@code i=85}, {@code nsu=<uri>;s=...}
     * @param depth 1 for the node's children, 2 for their children too, and so on, up to {@link #MAX_DEPTH}
     * @throws ProbeException           when the server cannot be reached, refuses the session, or has no such node
     * @throws IllegalArgumentException when the node is no node address or the depth is out of range
     */
    public static BrowseListing browse(OpcUaEndpoint endpoint, String node, int depth) throws ProbeException {
        Objects.requireNonNull(endpoint, "endpoint");
        NodeRef address = parse(node);
        if (depth < 1 || depth > MAX_DEPTH) {
            throw new IllegalArgumentException("depth must be 1.." + MAX_DEPTH + ", was " + depth);
        }
        return ProbeSession.run(endpoint, client -> {
            NamespaceTable namespaces = client.readNamespaceTable();
            NodeReader reader = new NodeReader(client, namespaces);
            NodeId start = resolve(client, address, node, namespaces, endpoint);
            ProbedNode described = reader.describe(List.of(new Located(0, start))).get(0);
            requireExists(described, node, endpoint);
            HierarchyWalk.Walked below = HierarchyWalk.below(client, namespaces, start, depth, node, endpoint);
            return new BrowseListing(described, reader.describe(below.nodes()), below.truncated());
        });
    }

    /**
     * Reads a variable's value with its data type, status and source timestamp, fresh from the device (max age 0).
     *
     * @param node as the config writes it: {@code ns=2;s=...}, {@code i=2258}, {@code nsu=<uri>;s=...}
     * @throws ProbeException           when the server cannot be reached, refuses the session, has no such node
     *                                  or the node is not a variable
     * @throws IllegalArgumentException when the node is no node address
     */
    public static ProbedNode read(OpcUaEndpoint endpoint, String node) throws ProbeException {
        Objects.requireNonNull(endpoint, "endpoint");
        NodeRef address = parse(node);
        return ProbeSession.run(endpoint, client -> {
            NamespaceTable namespaces = client.readNamespaceTable();
            NodeId id = resolve(client, address, node, namespaces, endpoint);
            ProbedNode read = new NodeReader(client, namespaces).describe(List.of(new Located(0, id))).get(0);
            requireExists(read, node, endpoint);
            if (!read.isVariable()) {
                throw new ProbeException("not a variable: node " + node + " on " + endpoint.endpointUrl() + " is "
                        + (read.nodeClass().matches("[AEIOU].*") ? "an " : "a ") + read.nodeClass()
                        + ", which has no value; browse it to see what is below it");
            }
            return read;
        });
    }

    /**
     * Finds the machine object as the driver would and reads every standard variable of its profile, so an engineer
     * sees before configuring the machine which ones this server has.
     *
     * @param root the machine's profile, and its root object if the config names one
     * @throws ProbeException           when the server cannot be reached, refuses the session, or has no (single)
     *                                  machine object of the profile
     * @throws IllegalArgumentException when the root has no profile
     */
    public static ProfileCheck profile(OpcUaEndpoint endpoint, MachineRoot root) throws ProbeException {
        Objects.requireNonNull(endpoint, "endpoint");
        Profile profile = root.profile().orElseThrow(() -> new IllegalArgumentException("no profile to check"));
        return ProbeSession.run(endpoint, client -> ProfileMatch.check(client, root, profile, endpoint));
    }

    private static NodeRef parse(String node) {
        Objects.requireNonNull(node, "node");
        try {
            return NodeRef.parse(node);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + node + "' is not a node id or browse path: " + e.getMessage(), e);
        }
    }

    /** A browse path starts at the Objects folder. */
    private static NodeId resolve(OpcUaClient client, NodeRef address, String text, NamespaceTable namespaces,
                                  OpcUaEndpoint endpoint) throws UaException, ProbeException {
        NodeResolver.Result node = new NodeResolver(client, namespaces, List.of())
                .resolve(address, new NodeResolver.Found(NodeIds.ObjectsFolder, ""));
        if (node instanceof NodeResolver.Missing missing) {
            String detail = missing.detail();
            int open = detail.indexOf(" (");
            throw new ProbeException(detail.substring(0, open) + ": node " + text + " on " + endpoint.endpointUrl()
                    + detail.substring(open));
        }
        return ((NodeResolver.Found) node).nodeId();
    }

    /** A node whose class cannot be read does not exist, or is hidden from this user. */
    private static void requireExists(ProbedNode node, String text, OpcUaEndpoint endpoint) throws ProbeException {
        if (node.nodeClass().startsWith("Bad_")) {
            throw new ProbeException(node.nodeClass() + ": node " + text + " on " + endpoint.endpointUrl());
        }
    }
}
