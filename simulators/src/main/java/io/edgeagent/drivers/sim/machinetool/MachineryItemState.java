package io.edgeagent.drivers.sim.machinetool;

import io.edgeagent.drivers.sim.opcua.NamespaceUris;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;

/** The states of OPC 40001-1's {@code MachineryItemState_StateMachineType}, as {@code CurrentState} names them. */
public enum MachineryItemState {
    /** The state cannot be determined, e.g. the machine is off. */
    NOT_AVAILABLE("NotAvailable", 5005),
    /** Unable to work: broken, in maintenance or switched off on purpose. */
    OUT_OF_SERVICE("OutOfService", 5004),
    /** Doing what it is meant to do, e.g. producing. */
    EXECUTING("Executing", 5006),
    /** Ready to work, but not working. */
    NOT_EXECUTING("NotExecuting", 5007);

    private final String text;
    private final ExpandedNodeId id;

    MachineryItemState(String text, int id) {
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
