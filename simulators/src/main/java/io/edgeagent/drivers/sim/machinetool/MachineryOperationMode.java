package io.edgeagent.drivers.sim.machinetool;

import io.edgeagent.drivers.sim.opcua.NamespaceUris;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;

/** The states of OPC 40001-1's {@code MachineryOperationModeStateMachineType}, as {@code CurrentState} names them. */
public enum MachineryOperationMode {
    NONE("None", 5024),
    MAINTENANCE("Maintenance", 5025),
    SETUP("Setup", 5027),
    PROCESSING("Processing", 5026);

    private final String text;
    private final ExpandedNodeId id;

    MachineryOperationMode(String text, int id) {
        this.text = text;
        // The state object's node id in the nodeset of the specification that defines the state machine.
        this.id = ExpandedNodeId.parse("nsu=" + NamespaceUris.MACHINERY + ";i=" + id);
    }

    /** The LocalizedText's text the machine publishes. */
    public String text() {
        return text;
    }

    /** {@code CurrentState/Id}: the state's node id in the specification's nodeset. */
    public ExpandedNodeId id() {
        return id;
    }
}
