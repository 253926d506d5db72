package io.edgeagent.drivers.sim.opcua;

import java.util.List;
import java.util.Objects;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;

/**
 * A member a companion specification makes mandatory that the simulation never changes (a serial number, an empty
 * message, a folder with nothing in it, a method the simulator does not implement): the node a conforming server
 * must have, with a plausible value. Created with the machine's variables, below the machine object.
 *
 * @param kind       what node it is
 * @param browsePath browse names below the machine object; a parent that is a variable gets this node as property
 * @param dataType   for a variable its data type; otherwise null
 * @param valueRank  -1 scalar, 1 one-dimensional array
 * @param value      for a variable its value, as its OPC UA node carries it; otherwise null
 */
public record FixedNode(Kind kind, List<BrowseName> browsePath, ExpandedNodeId dataType, int valueRank,
                        Object value) {

    public enum Kind {
        OBJECT,
        VARIABLE,
        /** Answers every call with Bad_NotImplemented: the simulator has it because the specification does. */
        METHOD
    }

    public FixedNode {
        Objects.requireNonNull(kind, "kind");
        browsePath = List.copyOf(browsePath);
        if ((kind == Kind.VARIABLE) != (dataType != null && value != null)) {
            throw new IllegalArgumentException(browsePath + ": a variable needs a data type and a value, another "
                    + "node neither");
        }
    }

    /** An object, e.g. {@code object("MachineStatus/Users", IMM2MES, GENERAL_TYPES)}. */
    public static FixedNode object(String path, String... namespaceUris) {
        return new FixedNode(Kind.OBJECT, BrowseName.path(path, namespaceUris), null, -1, null);
    }

    /** A method the simulator does not implement. */
    public static FixedNode method(String path, String... namespaceUris) {
        return new FixedNode(Kind.METHOD, BrowseName.path(path, namespaceUris), null, -1, null);
    }

    /** A scalar variable. */
    public static FixedNode scalar(String path, ExpandedNodeId dataType, Object value, String... namespaceUris) {
        return new FixedNode(Kind.VARIABLE, BrowseName.path(path, namespaceUris), dataType, -1, value);
    }

    /** A one-dimensional array variable. */
    public static FixedNode array(String path, ExpandedNodeId dataType, Object[] value, String... namespaceUris) {
        return new FixedNode(Kind.VARIABLE, BrowseName.path(path, namespaceUris), dataType, 1, value);
    }
}
