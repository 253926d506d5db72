package io.edgeagent.drivers.sim.opcua;

import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;

/**
 * One variable a simulated machine publishes, as its enum of variables describes it: where it sits below the
 * machine object and what type its value has. On machine {@code m} its node id is the string {@code m/<path>} in
 * namespace {@link NamespaceUris#SIMULATOR}.
 */
public interface SimVariable {

    /** Browse names from the machine object down to the variable; each object on the way is created once. */
    List<BrowseName> browsePath();

    /**
     * The OPC UA data type as the specification declares it, e.g. {@code NodeIds.Int32.expanded()} or an enumeration
     * of a companion specification by its namespace URI; resolved against the server's namespace table.
     */
    ExpandedNodeId dataType();

    /** The browse names' texts, separated by {@code /}: the part of the node id after the machine name. */
    default String path() {
        return browsePath().stream().map(BrowseName::name).collect(Collectors.joining("/"));
    }
}
