package io.edgeagent.drivers.testsupport;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.edgeagent.drivers.sim.opcua.BrowseName;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseResult;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;

/**
 * A plain Milo client for simulator tests: finds nodes the way a careful client does, by browse names whose
 * namespace URIs it resolves through the server's namespace table, and reads them.
 */
public final class SimClient implements AutoCloseable {

    private final OpcUaClient client;
    private final NamespaceTable namespaces;

    private SimClient(OpcUaClient client) throws UaException {
        this.client = client;
        this.namespaces = client.readNamespaceTable();
    }

    /** Anonymous, without security. */
    public static SimClient connect(String endpointUrl) throws UaException {
        OpcUaClient client = OpcUaClient.create(endpointUrl,
                endpoints -> endpoints.stream()
                        .filter(e -> SecurityPolicy.None.getUri().equals(e.getSecurityPolicyUri()))
                        .findFirst(),
                transport -> { },
                config -> config.setApplicationName(LocalizedText.english("edge-agent simulator test"))
                        .setApplicationUri("urn:edge-agent:simulator-test"));
        return open(client);
    }

    /**
     * Anonymous over a secure channel with this client certificate, trusting whatever certificate the server
     * presents: what the server accepts is under test here, not what the client trusts.
     *
     * @param applicationUri the URI in the client certificate
     */
    public static SimClient connectSecured(String endpointUrl, SecurityPolicy policy, MessageSecurityMode mode,
                                           KeyPair keyPair, X509Certificate certificate, String applicationUri)
            throws UaException {
        OpcUaClient client = OpcUaClient.create(endpointUrl,
                endpoints -> endpoints.stream()
                        .filter(e -> policy.getUri().equals(e.getSecurityPolicyUri()) && e.getSecurityMode() == mode)
                        .findFirst(),
                transport -> { },
                config -> config.setApplicationName(LocalizedText.english("edge-agent simulator test"))
                        .setApplicationUri(applicationUri)
                        .setKeyPair(keyPair)
                        .setCertificate(certificate)
                        .setCertificateChain(new X509Certificate[] {certificate})
                        .setCertificateValidator(new CertificateValidator.InsecureCertificateValidator()));
        return open(client);
    }

    /** Connects, or stops the client's attempts and says why not. */
    private static SimClient open(OpcUaClient client) throws UaException {
        try {
            return new SimClient(client.connect());
        } catch (UaException e) {
            try {
                client.disconnect();
            } catch (UaException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e;
        }
    }

    /** The server's namespace table, read once on connecting. */
    public NamespaceTable namespaces() {
        return namespaces;
    }

    /**
     * The node at the end of this browse path from the Objects folder, following forward hierarchical references.
     *
     * @throws AssertionError when a step is missing
     */
    public NodeId nodeAt(List<BrowseName> pathFromObjects) throws UaException {
        NodeId node = NodeIds.ObjectsFolder;
        for (BrowseName step : pathFromObjects) {
            QualifiedName wanted = step.qualify(namespaces);
            NodeId parent = node;
            node = children(parent).stream()
                    .filter(child -> child.getBrowseName().equals(wanted))
                    .findFirst()
                    .flatMap(child -> child.getNodeId().toNodeId(namespaces))
                    .orElseThrow(() -> new AssertionError("no " + step + " (" + wanted + ") below " + parent));
        }
        return node;
    }

    /** The targets of the node's forward hierarchical references. */
    public List<ReferenceDescription> children(NodeId node) throws UaException {
        return browse(node, BrowseDirection.Forward);
    }

    /** The sources of the node's hierarchical references, found by browsing it backwards. */
    public List<ReferenceDescription> parents(NodeId node) throws UaException {
        return browse(node, BrowseDirection.Inverse);
    }

    public DataValue read(NodeId node) throws UaException {
        return client.readValue(0, TimestampsToReturn.Both, node);
    }

    /** One attribute's value, e.g. {@code AttributeId.ValueRank}. */
    public Object attribute(NodeId node, AttributeId attribute) throws UaException {
        DataValue value = client.read(0, TimestampsToReturn.Neither, List.of(new ReadValueId(node,
                attribute.uid(), null, QualifiedName.NULL_VALUE))).getResults()[0];
        return value.getValue().getValue();
    }

    /** The node's DataType attribute. */
    public NodeId dataType(NodeId node) throws UaException {
        DataValue value = client.read(0, TimestampsToReturn.Neither, List.of(new ReadValueId(node,
                AttributeId.DataType.uid(), null, QualifiedName.NULL_VALUE))).getResults()[0];
        return (NodeId) value.getValue().getValue();
    }

    /** An {@code nsu=} address resolved through the server's namespace table. */
    public Optional<NodeId> resolve(String address) {
        return ExpandedNodeId.parse(address).toNodeId(namespaces);
    }

    @Override
    public void close() throws UaException {
        client.disconnect();
    }

    private List<ReferenceDescription> browse(NodeId node, BrowseDirection direction) throws UaException {
        BrowseResult result = client.browse(new BrowseDescription(node, direction, NodeIds.HierarchicalReferences,
                true, uint(0), uint(BrowseResultMask.All.getValue())));
        if (result.getStatusCode().isBad()) {
            throw new AssertionError("browsing " + node + ": " + result.getStatusCode());
        }
        return result.getReferences() == null ? List.of() : Arrays.asList(result.getReferences());
    }
}
