package io.edgeagent.drivers.sim.machinetool;

import static io.edgeagent.drivers.opcua.SpecNamespaces.MACHINERY;
import static io.edgeagent.drivers.opcua.SpecNamespaces.MACHINE_TOOL;
import static io.edgeagent.drivers.sim.opcua.NamespaceUris.OPC_UA;
import static io.edgeagent.drivers.sim.opcua.NamespaceUris.SIMULATOR;

import io.edgeagent.drivers.sim.opcua.BrowseName;
import io.edgeagent.drivers.sim.opcua.SimVariable;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

/**
 * The variables a simulated machine tool publishes, shaped like OPC 40501-1 with OPC 40001-1's building blocks.
 * On machine {@code m} the node id is the string {@code m/<path>} in namespace
 * {@value io.edgeagent.drivers.sim.opcua.NamespaceUris#SIMULATOR}, and the browse path is
 * {@code Objects/DeviceSet/m/<path>}, with each browse name in the namespace of the spec that defines it
 * ({@link #browsePath()}), vendor-chosen ones (the channel, the spindle) in the simulator's; see
 * {@link MachineToolSimulator#nodeId(MachineToolNode)}.
 */
public enum MachineToolNode implements SimVariable {
    /** Int32, {@link MachineOperationMode}. */
    OPERATION_MODE(NodeIds.Int32, "Monitoring/MachineTool/OperationMode", MACHINE_TOOL, MACHINE_TOOL, MACHINE_TOOL),
    /** Int32, {@link ChannelState}. */
    CHANNEL_STATE(NodeIds.Int32, "Monitoring/Channel_1/ChannelState", MACHINE_TOOL, SIMULATOR, MACHINE_TOOL),
    /** Double, percent of the programmed feed rate. */
    FEED_OVERRIDE(NodeIds.Double, "Monitoring/Channel_1/FeedOverride", MACHINE_TOOL, SIMULATOR, MACHINE_TOOL),
    /** Double, rpm. */
    SPINDLE_SPEED(NodeIds.Double, "Monitoring/Spindle/Speed", MACHINE_TOOL, SIMULATOR, SIMULATOR),
    /** String, the program's name, {@link MachineToolSimulator.Builder#program}. */
    PROGRAM_NAME(NodeIds.String, "Production/ActiveProgram/Name", MACHINE_TOOL, MACHINE_TOOL, MACHINE_TOOL),
    /** LocalizedText, {@link ProgramState}. */
    PROGRAM_STATE(NodeIds.LocalizedText, "Production/ActiveProgram/State/CurrentState", MACHINE_TOOL, MACHINE_TOOL,
            MACHINE_TOOL, OPC_UA),
    /** UInt64, +1 per finished cycle. */
    PARTS_PRODUCED_IN_LIFETIME(NodeIds.UInt64, "Production/Statistics/PartsProducedInLifetime", MACHINE_TOOL,
            MACHINE_TOOL, MACHINE_TOOL),
    /** LocalizedText, {@link MachineryItemState}. */
    MACHINERY_ITEM_STATE(NodeIds.LocalizedText, "MachineryBuildingBlocks/MachineryItemState/CurrentState",
            MACHINERY, MACHINERY, OPC_UA),
    /** LocalizedText, {@link MachineryOperationMode}. */
    MACHINERY_OPERATION_MODE(NodeIds.LocalizedText, "MachineryBuildingBlocks/MachineryOperationMode/CurrentState",
            MACHINERY, MACHINERY, OPC_UA);

    private final NodeId dataType;
    private final List<BrowseName> browsePath;

    MachineToolNode(NodeId dataType, String path, String... namespaceUris) {
        this.dataType = dataType;
        this.browsePath = BrowseName.path(path, namespaceUris);
    }

    /** Browse names below the machine object, each with its namespace URI. */
    @Override
    public List<BrowseName> browsePath() {
        return browsePath;
    }

    @Override
    public NodeId dataType() {
        return dataType;
    }
}
