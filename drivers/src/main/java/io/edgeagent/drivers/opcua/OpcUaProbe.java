package io.edgeagent.drivers.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ubyte;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.milo.opcua.sdk.client.DiscoveryClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.Stack;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.ApplicationDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseResult;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.GetEndpointsResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.eclipse.milo.opcua.stack.transport.client.tcp.OpcTcpClientTransport;
import org.eclipse.milo.opcua.stack.transport.client.tcp.OpcTcpClientTransportConfig;

/**
 * One-shot looks at an OPC UA server for the service engineer's {@code edge-agent probe opcua}: the endpoints and
 * certificates it offers, what is below a node, and a variable's value, so that a machine's node ids can be found
 * and checked on site without the agent.
 *
 * <p>Each call opens its own connection and closes it, and everything Milo made for it, before it returns; the
 * endpoint's request timeout bounds the connect and each request. {@link #endpoints} is a discovery call: it needs no certificate trust, whatever the endpoint's security says.
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

    /** The session's application name when no PKI sets one: the probe is not one of the agent's machines. */
    private static final String CLIENT_NAME = "probe";
    /** Well below the per-request limits small embedded servers advertise. */
    private static final int READS_PER_REQUEST = 100;
    private static final List<AttributeId> ATTRIBUTES =
            List.of(AttributeId.NodeClass, AttributeId.BrowseName, AttributeId.DataType, AttributeId.Value);

    private OpcUaProbe() {
    }

    /**
     * A certificate as the server presents it.
     *
     * @param thumbprint     SHA-1 of the DER encoding, 40 upper-case hex digits, as UaExpert shows it
     * @param subject        the subject's distinguished name
     * @param applicationUri the SAN URI, or {@code null} when the certificate has none
     */
    public record Certificate(String thumbprint, String subject, String applicationUri, Instant notBefore,
                              Instant notAfter) {

        public Certificate {
            Objects.requireNonNull(thumbprint, "thumbprint");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(notBefore, "notBefore");
            Objects.requireNonNull(notAfter, "notAfter");
        }

        static Certificate of(X509Certificate certificate) {
            return new Certificate(CertificateInfo.thumbprint(certificate),
                    certificate.getSubjectX500Principal().getName(),
                    CertificateUtil.getSanUri(certificate).orElse(null), certificate.getNotBefore().toInstant(),
                    certificate.getNotAfter().toInstant());
        }
    }

    /**
     * One endpoint a server offers.
     *
     * @param url                   as the server advertises it; its host may not resolve from here
     * @param securityPolicy        the policy's short name, as the config writes it, e.g. {@code Basic256Sha256}
     * @param securityMode          {@code None}, {@code Sign} or {@code SignAndEncrypt}
     * @param securityLevel         the server's own ranking of its endpoints, higher is more secure
     * @param userTokens            the user identities it accepts: {@code Anonymous}, {@code UserName},
     *                              {@code Certificate}, {@code IssuedToken}
     * @param certificateThumbprint the server certificate it presents, one of {@link Server#certificates()};
     *                              {@code null} when it sends none
     */
    public record Endpoint(String url, String securityPolicy, String securityMode, int securityLevel,
                           List<String> userTokens, String certificateThumbprint) {

        public Endpoint {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(securityPolicy, "securityPolicy");
            Objects.requireNonNull(securityMode, "securityMode");
            userTokens = List.copyOf(userTokens);
        }
    }

    /**
     * What a server says about itself when asked for its endpoints.
     *
     * @param endpointUrl     the URL asked
     * @param applicationName the server's name; {@code null} when it offers no endpoint
     * @param applicationUri  the server's application URI; {@code null} when it offers no endpoint
     * @param productUri      the server's product URI; {@code null} when it offers no endpoint
     * @param certificates    each certificate the endpoints present, once
     */
    public record Server(String endpointUrl, String applicationName, String applicationUri, String productUri,
                         List<Endpoint> endpoints, List<Certificate> certificates) {

        public Server {
            Objects.requireNonNull(endpointUrl, "endpointUrl");
            endpoints = List.copyOf(endpoints);
            certificates = List.copyOf(certificates);
        }
    }

    /**
     * A node as a browse or a read found it. The value fields are set for variables (and variable types) only.
     *
     * @param depth        0 for the node a browse starts at or a read reads, 1 for its children, and so on
     * @param nodeId       as the config writes it: {@code i=85} in namespace 0, otherwise
     *                     {@code nsu=<namespace URI>;s=...}, which survives the server renumbering its namespaces
     * @param browseName   the browse name's text
     * @param namespaceUri the browse name's namespace, {@code null} for OPC UA's own (namespace 0)
     * @param nodeClass    {@code Object}, {@code Variable}, {@code Method}, {@code ObjectType}, ..., or the status
     *                     name when the server will not tell, e.g. {@code Bad_UserAccessDenied}
     * @param dataType     the data type's name, e.g. {@code Double}
     * @param value        as the driver would report it: Boolean, Long, Double, String, or the text of an array
     * @param status       the value's status code name, {@code Good} or e.g. {@code Bad_NotReadable}
     * @param sourceTime   when the value last changed at its source; {@code null} when the server does not say
     */
    public record Node(int depth, String nodeId, String browseName, String namespaceUri, String nodeClass,
                       String dataType, Object value, String status, Instant sourceTime) {

        public Node {
            Objects.requireNonNull(nodeId, "nodeId");
            Objects.requireNonNull(browseName, "browseName");
            Objects.requireNonNull(nodeClass, "nodeClass");
        }

        /** The browse name, qualified as {@code nsu=<namespace URI>;<name>} unless it is OPC UA's own. */
        public String qualifiedName() {
            return namespaceUri == null ? browseName : "nsu=" + namespaceUri + ";" + browseName;
        }

        public boolean isVariable() {
            return nodeClass.equals(NodeClass.Variable.name()) || nodeClass.equals(NodeClass.VariableType.name());
        }
    }

    /**
     * What is below a node.
     *
     * @param start     the node the browse started at
     * @param nodes     the nodes below it, each followed by its own children, down to the depth asked
     * @param truncated the browse stopped at {@link #MAX_NODES}
     */
    public record Browse(Node start, List<Node> nodes, boolean truncated) {

        public Browse {
            Objects.requireNonNull(start, "start");
            nodes = List.copyOf(nodes);
        }
    }

    /**
     * A machine checked against its profile.
     *
     * @param profile the standard model checked
     * @param machine the machine object's browse path from the Objects folder (its node id if it has none)
     * @param found   the standard variables the server has, in the profile's order, with their values now
     * @param missing those it lacks, with where they were looked for
     */
    public record ProfileCheck(Profile profile, String machine, List<ProfileNode> found, List<ProfileGap> missing) {

        public ProfileCheck {
            Objects.requireNonNull(profile, "profile");
            Objects.requireNonNull(machine, "machine");
            found = List.copyOf(found);
            missing = List.copyOf(missing);
        }
    }

    /** A standard variable the server has: its signal name, its path below the machine and the node read now. */
    public record ProfileNode(String signal, String path, Node node) {
    }

    /** A standard variable the server lacks, and why, e.g. {@code Bad_NoMatch (no 'IsPresent' below ...)}. */
    public record ProfileGap(String signal, String path, String detail) {
    }

    /**
     * Why a probe failed, in one line naming the endpoint, e.g. {@code connection refused: opc.tcp://10.0.0.7:4840}
     * or {@code Bad_NodeIdUnknown: node ns=2;s=Mode on opc.tcp://10.0.0.7:4840}.
     */
    public static final class ProbeException extends Exception {

        private final Certificate untrustedCertificate;

        public ProbeException(String message) {
            this(message, null);
        }

        ProbeException(String message, Certificate untrustedCertificate) {
            super(message);
            this.untrustedCertificate = untrustedCertificate;
        }

        /**
         * The server's certificate, when the probe stopped because the trust list does not hold it; it is kept in
         * {@code rejected/}, so that {@code edge-agent opcua trust <thumbprint>} can trust it.
         */
        public Optional<Certificate> untrustedCertificate() {
            return Optional.ofNullable(untrustedCertificate);
        }
    }

    /**
     * Asks the server for its endpoints (GetEndpoints, on a channel without security): they work before any
     * certificate is trusted, on either side. Only the endpoint's URL and timeout are used.
     *
     * @throws ProbeException when the server cannot be reached, does not answer in time, or is no OPC UA server
     */
    public static Server endpoints(OpcUaEndpoint endpoint) throws ProbeException {
        Objects.requireNonNull(endpoint, "endpoint");
        String url = endpoint.endpointUrl();
        long timeout = endpoint.requestTimeout().toMillis();
        EndpointDescription discovery = new EndpointDescription(url, null, null, MessageSecurityMode.None,
                SecurityPolicy.None.getUri(), null, Stack.TCP_UASC_UABINARY_TRANSPORT_URI, ubyte(0));
        // Milo's static DiscoveryClient.getEndpoints neither bounds the request by our timeout nor waits for its
        // channel to close; this one does both.
        DiscoveryClient client = new DiscoveryClient(discovery, new OpcTcpClientTransport(
                OpcTcpClientTransportConfig.newBuilder().setConnectTimeout(uint(timeout)).build()));
        GetEndpointsResponse response;
        try {
            response = client.connectAsync()
                    .thenCompose(c -> c.getEndpoints(url, new String[0],
                            new String[] {Stack.TCP_UASC_UABINARY_TRANSPORT_URI}))
                    .get(timeout, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new ProbeException(fault(e.getCause(), url));
        } catch (TimeoutException e) {
            throw new ProbeException(Faults.describe(e, url));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProbeException("interrupted: " + url);
        } finally {
            await(client.disconnectAsync(), timeout);
        }
        EndpointDescription[] offered = response.getEndpoints() == null ? new EndpointDescription[0]
                : response.getEndpoints();
        List<Endpoint> endpoints = new ArrayList<>();
        Map<String, Certificate> certificates = new LinkedHashMap<>();
        for (EndpointDescription e : offered) {
            Optional<Certificate> certificate = certificate(e);
            certificate.ifPresent(c -> certificates.putIfAbsent(c.thumbprint(), c));
            endpoints.add(new Endpoint(e.getEndpointUrl(), policyName(e.getSecurityPolicyUri()),
                    e.getSecurityMode() == null ? "?" : e.getSecurityMode().name(),
                    e.getSecurityLevel() == null ? 0 : e.getSecurityLevel().intValue(),
                    userTokens(e), certificate.map(Certificate::thumbprint).orElse(null)));
        }
        if (offered.length == 0) {
            return new Server(url, null, null, null, endpoints, List.of());
        }
        ApplicationDescription application = offered[0].getServer();
        return new Server(url, application.getApplicationName() == null ? null
                : application.getApplicationName().getText(), application.getApplicationUri(),
                application.getProductUri(), endpoints, List.copyOf(certificates.values()));
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
    public static Browse browse(OpcUaEndpoint endpoint, String node, int depth) throws ProbeException {
        Objects.requireNonNull(endpoint, "endpoint");
        NodeRef address = parse(node);
        if (depth < 1 || depth > MAX_DEPTH) {
            throw new IllegalArgumentException("depth must be 1.." + MAX_DEPTH + ", was " + depth);
        }
        return inSession(endpoint, client -> {
            NamespaceTable namespaces = client.readNamespaceTable();
            NodeId start = resolve(client, address, node, namespaces, endpoint);
            Node described = describe(client, namespaces, List.of(new Found(0, start))).get(0);
            requireExists(described, node, endpoint);
            List<Found> found = new ArrayList<>();
            Set<NodeId> expanded = new HashSet<>(Set.of(start));
            boolean complete = walk(client, namespaces, start, 1, depth, expanded, found, node, endpoint);
            return new Browse(described, describe(client, namespaces, found), !complete);
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
    public static Node read(OpcUaEndpoint endpoint, String node) throws ProbeException {
        Objects.requireNonNull(endpoint, "endpoint");
        NodeRef address = parse(node);
        return inSession(endpoint, client -> {
            NamespaceTable namespaces = client.readNamespaceTable();
            NodeId id = resolve(client, address, node, namespaces, endpoint);
            Node read = describe(client, namespaces, List.of(new Found(0, id))).get(0);
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
        return inSession(endpoint, client -> {
            NamespaceTable namespaces = client.readNamespaceTable();
            NodeResolver resolver = new NodeResolver(client, namespaces, root.preferredNamespaces());
            NodeResolver.Result located = resolver.root(root);
            if (located instanceof NodeResolver.Missing missingMachine) {
                throw new ProbeException(missingMachine.detail() + ": " + endpoint.endpointUrl());
            }
            NodeResolver.Found machine = (NodeResolver.Found) located;
            List<Profile.Signal> present = new ArrayList<>();
            List<Found> nodes = new ArrayList<>();
            List<ProfileGap> missing = new ArrayList<>();
            for (Profile.Signal signal : profile.signals()) {
                NodeResolver.Result node = resolver.resolve(signal.path(), machine);
                if (node instanceof NodeResolver.Found found) {
                    present.add(signal);
                    nodes.add(new Found(0, found.nodeId()));
                } else {
                    missing.add(new ProfileGap(signal.name(), signal.path().toString(),
                            ((NodeResolver.Missing) node).detail()));
                }
            }
            List<Node> described = describe(client, namespaces, nodes);
            List<ProfileNode> found = new ArrayList<>();
            for (int i = 0; i < present.size(); i++) {
                found.add(new ProfileNode(present.get(i).name(), present.get(i).path().toString(), described.get(i)));
            }
            return new ProfileCheck(profile, machine.path().isEmpty() ? machine.nodeId().toParseableString()
                    : machine.path(), found, missing);
        });
    }

    // --- session -------------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface SessionWork<T> {
        T run(OpcUaClient client) throws UaException, ProbeException;
    }

    /** A node found by a browse, before its attributes are read. */
    private record Found(int depth, NodeId nodeId) {
    }

    private static <T> T inSession(OpcUaEndpoint endpoint, SessionWork<T> work) throws ProbeException {
        String url = endpoint.endpointUrl();
        // Milo's own discovery in OpcUaClient.create waits up to a minute for a server that accepts and stays
        // silent; this one is bounded by the probe's timeout, and names the certificate should it be refused.
        Server server = endpoints(endpoint);
        ClientSecurity security;
        IdentityProvider identity;
        try {
            security = endpoint.security().isSecured() ? ClientSecurity.open(CLIENT_NAME, endpoint.security()) : null;
            identity = ClientFactory.identity(endpoint.credentials());
        } catch (IOException e) {
            throw new ProbeException(url + ": " + e.getMessage());
        }
        OpcUaClient client;
        try {
            client = ClientFactory.create(CLIENT_NAME, endpoint, security, identity);
        } catch (UaException e) {
            throw failure(e, endpoint, security, server);
        }
        try {
            client.connect();
            return work.run(client);
        } catch (UaException e) {
            throw failure(e, endpoint, security, server);
        } finally {
            disconnect(client, endpoint.requestTimeout().toMillis());
        }
    }

    private static ProbeException failure(UaException error, OpcUaEndpoint endpoint, ClientSecurity security,
                                          Server server) {
        String url = endpoint.endpointUrl();
        Optional<ServerCertificateRejected> rejected = ServerCertificateRejected.in(error);
        if (rejected.isEmpty()) {
            String fault = Faults.describe(error, url);
            return new ProbeException(security == null ? fault : security.explain(error, fault));
        }
        Certificate untrusted = null;
        if ((rejected.get().getStatusCode().getValue() & 0xFFFF0000L) == StatusCodes.Bad_CertificateUntrusted) {
            untrusted = advertised(server, endpoint.security()).orElse(null);
        }
        return new ProbeException(url + ": " + rejected.get().getMessage(), untrusted);
    }

    /** The certificate the endpoint with this security presents: the one a rejection is about. */
    private static Optional<Certificate> advertised(Server server, OpcUaSecurity wanted) {
        return server.endpoints().stream()
                .filter(e -> e.securityPolicy().equals(wanted.policy()) && e.securityMode().equals(wanted.mode()))
                .map(Endpoint::certificateThumbprint)
                .filter(Objects::nonNull)
                .findFirst()
                .flatMap(t -> server.certificates().stream().filter(c -> c.thumbprint().equals(t)).findFirst());
    }

    /** As {@link Faults} says it, but a peer answering the Hello with something else (a web server, say) as such. */
    private static String fault(Throwable error, String url) {
        Optional<StatusCode> status = UaException.extractStatusCode(error);
        long code = status.map(c -> c.getValue() & 0xFFFF0000L).orElse(0L);
        if (code == StatusCodes.Bad_TcpMessageTooLarge || code == StatusCodes.Bad_TcpMessageTypeInvalid) {
            return "not an OPC UA server: " + url + " answers with something else ("
                    + DataValues.statusName(status.get()) + "); check the port";
        }
        return Faults.describe(error, url);
    }

    /** As the driver does: close the session, and when that does not complete, drop the channel. */
    private static void disconnect(OpcUaClient client, long timeoutMillis) {
        if (!await(client.disconnectAsync(), timeoutMillis)) {
            await(client.getTransport().disconnect(), timeoutMillis);
        }
    }

    /** Whether the future completed normally in time; the probe's answer does not depend on it. */
    private static boolean await(Future<?> future, long timeoutMillis) {
        try {
            future.get(timeoutMillis, TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    // --- nodes ---------------------------------------------------------------------------------------------

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
    private static void requireExists(Node node, String text, OpcUaEndpoint endpoint) throws ProbeException {
        if (node.nodeClass().startsWith("Bad_")) {
            throw new ProbeException(node.nodeClass() + ": node " + text + " on " + endpoint.endpointUrl());
        }
    }

    /**
     * Depth first, so each node is followed by its children. A node reached twice (hierarchies may have cycles)
     * is listed each time and expanded once.
     *
     * @return false when {@link #MAX_NODES} cut the walk short
     */
    private static boolean walk(OpcUaClient client, NamespaceTable namespaces, NodeId parent, int level, int depth,
                                Set<NodeId> expanded, List<Found> found, String text, OpcUaEndpoint endpoint)
            throws UaException, ProbeException {
        for (ReferenceDescription reference : children(client, parent, level == 1, text, endpoint)) {
            // A reference to a node on another server cannot be read over this session.
            Optional<NodeId> child = reference.getNodeId().toNodeId(namespaces);
            if (child.isEmpty()) {
                continue;
            }
            if (found.size() == MAX_NODES) {
                return false;
            }
            found.add(new Found(level, child.get()));
            if (level < depth && expanded.add(child.get())
                    && !walk(client, namespaces, child.get(), level + 1, depth, expanded, found, text, endpoint)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The node's hierarchical references, every page of them. Only the start node's failure stops the probe; below
     * it, a node the server will not browse (access rights, say) is shown without children.
     */
    private static List<ReferenceDescription> children(OpcUaClient client, NodeId parent, boolean isStart,
                                                       String text, OpcUaEndpoint endpoint)
            throws UaException, ProbeException {
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

    /** Reads the nodes' class, browse name, data type and value, and names their data types. */
    private static List<Node> describe(OpcUaClient client, NamespaceTable namespaces, List<Found> nodes)
            throws UaException {
        List<ReadValueId> reads = new ArrayList<>();
        for (Found node : nodes) {
            ATTRIBUTES.forEach(a -> reads.add(new ReadValueId(node.nodeId(), a.uid(), null, QualifiedName.NULL_VALUE)));
        }
        List<DataValue> values = read(client, reads);
        Map<NodeId, String> typeNames = typeNames(client, values);
        List<Node> described = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Found node = nodes.get(i);
            List<DataValue> attributes = values.subList(i * ATTRIBUTES.size(), (i + 1) * ATTRIBUTES.size());
            described.add(node(node, attributes, typeNames, namespaces));
        }
        return described;
    }

    private static Node node(Found found, List<DataValue> attributes, Map<NodeId, String> typeNames,
                             NamespaceTable namespaces) {
        DataValue nodeClass = attributes.get(0);
        DataValue browseName = attributes.get(1);
        String className = nodeClass.getStatusCode() != null && nodeClass.getStatusCode().isBad()
                ? DataValues.statusName(nodeClass.getStatusCode())
                : nodeClassName(raw(nodeClass));
        QualifiedName name = raw(browseName) instanceof QualifiedName q ? q : null;
        String browse = name == null || name.getName() == null ? found.nodeId().toParseableString() : name.getName();
        String browseNamespace = name == null || name.getNamespaceIndex().intValue() == 0 ? null
                : namespaces.get(name.getNamespaceIndex());
        Node bare = new Node(found.depth(), address(found.nodeId(), namespaces), browse, browseNamespace, className,
                null, null, null, null);
        if (!bare.isVariable()) {
            return bare;
        }
        String dataType = raw(attributes.get(2)) instanceof NodeId type
                ? typeNames.getOrDefault(type, address(type, namespaces)) : null;
        DataValue value = attributes.get(3);
        return new Node(found.depth(), bare.nodeId(), browse, browseNamespace, className, dataType,
                DataValues.javaValue(raw(value)), DataValues.statusName(value.getStatusCode()),
                instant(value.getSourceTime()));
    }

    /** The browse names of the data types the values have, e.g. {@code Double}, {@code MachineModeEnumeration}. */
    private static Map<NodeId, String> typeNames(OpcUaClient client, List<DataValue> values) throws UaException {
        List<NodeId> types = new ArrayList<>();
        for (int i = 2; i < values.size(); i += ATTRIBUTES.size()) {
            if (raw(values.get(i)) instanceof NodeId type && !types.contains(type)) {
                types.add(type);
            }
        }
        List<ReadValueId> reads = types.stream()
                .map(t -> new ReadValueId(t, AttributeId.BrowseName.uid(), null, QualifiedName.NULL_VALUE))
                .toList();
        List<DataValue> names = read(client, reads);
        Map<NodeId, String> byType = new HashMap<>();
        for (int i = 0; i < types.size(); i++) {
            if (raw(names.get(i)) instanceof QualifiedName name && name.getName() != null) {
                byType.put(types.get(i), name.getName());
            }
        }
        return byType;
    }

    private static List<DataValue> read(OpcUaClient client, List<ReadValueId> reads) throws UaException {
        List<DataValue> values = new ArrayList<>();
        for (int from = 0; from < reads.size(); from += READS_PER_REQUEST) {
            List<ReadValueId> chunk = reads.subList(from, Math.min(reads.size(), from + READS_PER_REQUEST));
            DataValue[] results = client.read(0.0, TimestampsToReturn.Both, chunk).getResults();
            if (results == null || results.length != chunk.size()) {
                throw new UaException(StatusCodes.Bad_UnexpectedError, "the server answered " + chunk.size()
                        + " reads with " + (results == null ? 0 : results.length) + " results");
            }
            values.addAll(List.of(results));
        }
        return values;
    }

    /** {@code i=85} in namespace 0; {@code nsu=<uri>;s=...} elsewhere, unless the server does not name the index. */
    private static String address(NodeId node, NamespaceTable namespaces) {
        UShort index = node.getNamespaceIndex();
        String uri = index.intValue() == 0 ? null : namespaces.get(index);
        return uri == null ? node.toParseableString()
                : "nsu=" + uri + ";" + node.withNamespaceIndex(ushort(0)).toParseableString();
    }

    /** Milo hands the NodeClass attribute over as its Int32 encoding. */
    private static String nodeClassName(Object raw) {
        NodeClass nodeClass = raw instanceof NodeClass known ? known
                : raw instanceof Number number ? NodeClass.from(number.intValue()) : null;
        return nodeClass == null ? NodeClass.Unspecified.name() : nodeClass.name();
    }

    private static Object raw(DataValue value) {
        return value.getValue() == null ? null : value.getValue().getValue();
    }

    private static Instant instant(DateTime time) {
        return time == null || time.isNull() || !time.isValid() ? null : time.getJavaInstant();
    }

    // --- endpoints -----------------------------------------------------------------------------------------

    private static String policyName(String uri) {
        return uri == null ? "?" : uri.replaceFirst(".*#", "");
    }

    private static List<String> userTokens(EndpointDescription endpoint) {
        UserTokenPolicy[] policies = endpoint.getUserIdentityTokens();
        if (policies == null) {
            return List.of();
        }
        List<String> tokens = new ArrayList<>();
        for (UserTokenPolicy policy : policies) {
            String token = policy.getTokenType() == null ? "?" : policy.getTokenType().name();
            if (!tokens.contains(token)) {
                tokens.add(token);
            }
        }
        return tokens;
    }

    /** The first certificate of the chain an endpoint advertises: the server's own. */
    private static Optional<Certificate> certificate(EndpointDescription endpoint) {
        ByteString encoded = endpoint.getServerCertificate();
        if (encoded == null || encoded.isNullOrEmpty()) {
            return Optional.empty();
        }
        try {
            List<X509Certificate> chain = CertificateUtil.decodeCertificates(encoded.bytesOrEmpty());
            return chain.isEmpty() ? Optional.empty() : Optional.of(Certificate.of(chain.get(0)));
        } catch (UaException unreadable) {
            // Shown as no certificate: a secured connection to that endpoint would fail on it the same way.
            return Optional.empty();
        }
    }
}
