package io.edgeagent.drivers.sim.machinetool;

import io.edgeagent.drivers.sim.opcua.NamespaceUris;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;

/** The states of OPC 40501-1's {@code ProductionProgramStateMachineType}, as {@code CurrentState} names them. */
public enum ProgramState {
    INITIALIZING("Initializing", 5039, 0),
    RUNNING("Running", 5041, 1),
    ENDED("Ended", 5038, 2),
    INTERRUPTED("Interrupted", 5040, 3),
    ABORTED("Aborted", 5037, 4);

    private final String text;
    private final ExpandedNodeId id;
    private final long number;

    ProgramState(String text, int id, long number) {
        this.text = text;
        // The state object's node id in the nodeset of the specification that defines the state machine.
        this.id = ExpandedNodeId.parse("nsu=" + NamespaceUris.MACHINE_TOOL + ";i=" + id);
        this.number = number;
    }

    /** The LocalizedText's text the machine publishes. */
    public String text() {
        return text;
    }

    /** {@code CurrentState/Id}: the state's node id in the specification's nodeset. */
    public ExpandedNodeId id() {
        return id;
    }

    /** {@code CurrentState/Number}: the state's StateNumber in the specification's nodeset. */
    public long number() {
        return number;
    }
}
