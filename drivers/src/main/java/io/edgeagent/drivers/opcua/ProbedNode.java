package io.edgeagent.drivers.opcua;

import java.time.Instant;
import java.util.Objects;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;

/**
 * A node as a probe's browse or read found it. The value fields are set for variables (and variable types) only.
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
public record ProbedNode(int depth, String nodeId, String browseName, String namespaceUri, String nodeClass,
                         String dataType, Object value, String status, Instant sourceTime) {

    public ProbedNode {
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
