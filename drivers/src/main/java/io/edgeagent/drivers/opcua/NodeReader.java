package io.edgeagent.drivers.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;

/**
 * Reads what the probe shows of nodes: their class, browse name, data type (by name) and value, fresh from the
 * device, in requests small enough for embedded servers; and, at subscribe, which nodes hold a Duration.
 */
final class NodeReader {

    /** Well below the per-request limits small embedded servers advertise. */
    private static final int READS_PER_REQUEST = 100;
    private static final List<AttributeId> ATTRIBUTES =
            List.of(AttributeId.NodeClass, AttributeId.BrowseName, AttributeId.DataType, AttributeId.Value);

    /** A node a browse or a resolution found, before its attributes are read. */
    record Located(int depth, NodeId nodeId) {
    }

    private final OpcUaClient client;
    private final NamespaceTable namespaces;

    NodeReader(OpcUaClient client, NamespaceTable namespaces) {
        this.client = client;
        this.namespaces = namespaces;
    }

    /** Reads the nodes' class, browse name, data type and value, and names their data types. */
    List<ProbedNode> describe(List<Located> nodes) throws UaException {
        List<ReadValueId> reads = new ArrayList<>();
        for (Located node : nodes) {
            ATTRIBUTES.forEach(a -> reads.add(new ReadValueId(node.nodeId(), a.uid(), null, QualifiedName.NULL_VALUE)));
        }
        List<DataValue> values = read(reads);
        Map<NodeId, String> typeNames = typeNames(values);
        List<ProbedNode> described = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Located node = nodes.get(i);
            List<DataValue> attributes = values.subList(i * ATTRIBUTES.size(), (i + 1) * ATTRIBUTES.size());
            described.add(node(node, attributes, typeNames));
        }
        return described;
    }

    private ProbedNode node(Located found, List<DataValue> attributes, Map<NodeId, String> typeNames) {
        DataValue nodeClass = attributes.get(0);
        DataValue browseName = attributes.get(1);
        String className = nodeClass.getStatusCode() != null && nodeClass.getStatusCode().isBad()
                ? DataValues.statusName(nodeClass.getStatusCode())
                : nodeClassName(raw(nodeClass));
        QualifiedName name = raw(browseName) instanceof QualifiedName q ? q : null;
        String browse = name == null || name.getName() == null ? found.nodeId().toParseableString() : name.getName();
        String browseNamespace = name == null || name.getNamespaceIndex().intValue() == 0 ? null
                : namespaces.get(name.getNamespaceIndex());
        ProbedNode bare = new ProbedNode(found.depth(), address(found.nodeId()), browse, browseNamespace, className,
                null, null, null, null);
        if (!bare.isVariable()) {
            return bare;
        }
        String dataType = raw(attributes.get(2)) instanceof NodeId type
                ? typeNames.getOrDefault(type, address(type)) : null;
        DataValue value = attributes.get(3);
        return new ProbedNode(found.depth(), bare.nodeId(), browse, browseNamespace, className, dataType,
                DataValues.javaValue(raw(value)), DataValues.statusName(value.getStatusCode()),
                instant(value.getSourceTime()));
    }

    /**
     * Those of {@code nodes} whose DataType attribute is Duration (OPC 10000-3 8.13: milliseconds), in one read per
     * hundred nodes; a node whose DataType cannot be read is not one.
     */
    Set<NodeId> durations(List<NodeId> nodes) throws UaException {
        List<DataValue> types = read(nodes.stream()
                .map(n -> new ReadValueId(n, AttributeId.DataType.uid(), null, QualifiedName.NULL_VALUE)).toList());
        Set<NodeId> durations = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (NodeIds.Duration.equals(raw(types.get(i)))) {
                durations.add(nodes.get(i));
            }
        }
        return durations;
    }

    /** The browse names of the data types the values have, e.g. {@code Double}, {@code MachineModeEnumeration}. */
    private Map<NodeId, String> typeNames(List<DataValue> values) throws UaException {
        List<NodeId> types = new ArrayList<>();
        for (int i = 2; i < values.size(); i += ATTRIBUTES.size()) {
            if (raw(values.get(i)) instanceof NodeId type && !types.contains(type)) {
                types.add(type);
            }
        }
        List<ReadValueId> reads = types.stream()
                .map(t -> new ReadValueId(t, AttributeId.BrowseName.uid(), null, QualifiedName.NULL_VALUE))
                .toList();
        List<DataValue> names = read(reads);
        Map<NodeId, String> byType = new HashMap<>();
        for (int i = 0; i < types.size(); i++) {
            if (raw(names.get(i)) instanceof QualifiedName name && name.getName() != null) {
                byType.put(types.get(i), name.getName());
            }
        }
        return byType;
    }

    private List<DataValue> read(List<ReadValueId> reads) throws UaException {
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
    private String address(NodeId node) {
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
}
