package io.edgeagent.drivers.sim.machinetool;

import static io.edgeagent.drivers.sim.opcua.NamespaceUris.MACHINERY;
import static io.edgeagent.drivers.sim.opcua.NamespaceUris.MACHINE_TOOL;
import static io.edgeagent.drivers.sim.opcua.NamespaceUris.OPC_UA;
import static io.edgeagent.drivers.sim.opcua.NamespaceUris.SIMULATOR;

import io.edgeagent.drivers.sim.opcua.BrowseName;
import io.edgeagent.drivers.sim.opcua.SimVariable;
import io.edgeagent.drivers.sim.opcua.SpecDataTypes;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;

/**
 * The variables a simulated machine tool publishes, as OPC 40501-1 (MachineTool nodeset 1.02.0) declares them with
 * OPC 40001-1's building blocks (Machinery 1.03.0): browse names, namespaces and data types from the nodesets. The
 * mandatory members whose values never change are {@link MachineToolFixedNodes}.
 * On machine {@code m} the node id is the string {@code m/<path>} in namespace
 * {@value io.edgeagent.drivers.sim.opcua.NamespaceUris#SIMULATOR}, and the browse path is
 * {@code Objects/DeviceSet/m/<path>}, with each browse name in the namespace of the spec that defines it
 * ({@link #browsePath()}), vendor-chosen ones (the channel, the spindle) in the simulator's; see
 * {@link MachineToolSimulator#nodeId(MachineToolNode)}.
 */
public enum MachineToolNode implements SimVariable {
    /** OPC 40501-1 MachineOperationMode, {@link MachineOperationMode}. */
    OPERATION_MODE(SpecDataTypes.MACHINE_OPERATION_MODE, "Monitoring/MachineTool/OperationMode", MACHINE_TOOL,
            MACHINE_TOOL, MACHINE_TOOL),
    /** OPC 40501-1 ChannelState, {@link ChannelState}. */
    CHANNEL_STATE(SpecDataTypes.CHANNEL_STATE, "Monitoring/Channel_1/ChannelState", MACHINE_TOOL, SIMULATOR,
            MACHINE_TOOL),
    /** Double, percent of the programmed feed rate. */
    FEED_OVERRIDE(NodeIds.Double.expanded(), "Monitoring/Channel_1/FeedOverride", MACHINE_TOOL, SIMULATOR,
            MACHINE_TOOL),
    /** Boolean, whether the spindle turns. */
    SPINDLE_IS_ROTATING(NodeIds.Boolean.expanded(), "Monitoring/Spindle/IsRotating", MACHINE_TOOL, SIMULATOR,
            MACHINE_TOOL),
    /** Double, rpm; the vendor's, as OPC 40501-1 has no spindle speed in its monitoring. */
    SPINDLE_SPEED(NodeIds.Double.expanded(), "Monitoring/Spindle/Speed", MACHINE_TOOL, SIMULATOR, SIMULATOR),
    /** String, the program's name, {@link MachineToolSimulator.Builder#program}. */
    PROGRAM_NAME(NodeIds.String.expanded(), "Production/ActiveProgram/Name", MACHINE_TOOL, MACHINE_TOOL,
            MACHINE_TOOL),
    /** LocalizedText, {@link ProgramState}. */
    PROGRAM_STATE(NodeIds.LocalizedText.expanded(), "Production/ActiveProgram/State/CurrentState", MACHINE_TOOL,
            MACHINE_TOOL, MACHINE_TOOL, OPC_UA),
    /** NodeId of the program's state in the OPC 40501-1 nodeset, {@link ProgramState#id()}. */
    PROGRAM_STATE_ID(NodeIds.NodeId.expanded(), "Production/ActiveProgram/State/CurrentState/Id", MACHINE_TOOL,
            MACHINE_TOOL, MACHINE_TOOL, OPC_UA, OPC_UA),
    /** UInt32, the state's number, {@link ProgramState#number()}. */
    PROGRAM_STATE_NUMBER(NodeIds.UInt32.expanded(), "Production/ActiveProgram/State/CurrentState/Number",
            MACHINE_TOOL, MACHINE_TOOL, MACHINE_TOOL, OPC_UA, OPC_UA),
    /** UInt32, +1 per finished cycle. */
    PARTS_PRODUCED_IN_LIFETIME(NodeIds.UInt32.expanded(), "Production/Statistics/PartsProducedInLifetime",
            MACHINE_TOOL, MACHINE_TOOL, MACHINE_TOOL),
    /** LocalizedText, {@link MachineryItemState}. */
    MACHINERY_ITEM_STATE(NodeIds.LocalizedText.expanded(), "MachineryBuildingBlocks/MachineryItemState/CurrentState",
            MACHINERY, MACHINERY, OPC_UA),
    /** NodeId of the item state in the OPC 40001-1 nodeset, {@link MachineryItemState#id()}. */
    MACHINERY_ITEM_STATE_ID(NodeIds.NodeId.expanded(),
            "MachineryBuildingBlocks/MachineryItemState/CurrentState/Id", MACHINERY, MACHINERY, OPC_UA, OPC_UA),
    /** LocalizedText, {@link MachineryOperationMode}. */
    MACHINERY_OPERATION_MODE(NodeIds.LocalizedText.expanded(),
            "MachineryBuildingBlocks/MachineryOperationMode/CurrentState", MACHINERY, MACHINERY, OPC_UA),
    /** NodeId of the operation mode in the OPC 40001-1 nodeset, {@link MachineryOperationMode#id()}. */
    MACHINERY_OPERATION_MODE_ID(NodeIds.NodeId.expanded(),
            "MachineryBuildingBlocks/MachineryOperationMode/CurrentState/Id", MACHINERY, MACHINERY, OPC_UA, OPC_UA);

    private final ExpandedNodeId dataType;
    private final List<BrowseName> browsePath;

    MachineToolNode(ExpandedNodeId dataType, String path, String... namespaceUris) {
        this.dataType = dataType;
        this.browsePath = BrowseName.path(path, namespaceUris);
    }

    /** Browse names below the machine object, each with its namespace URI. */
    @Override
    public List<BrowseName> browsePath() {
        return browsePath;
    }

    @Override
    public ExpandedNodeId dataType() {
        return dataType;
    }
}
