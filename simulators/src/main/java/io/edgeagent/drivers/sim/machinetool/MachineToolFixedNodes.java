package io.edgeagent.drivers.sim.machinetool;

import static io.edgeagent.drivers.sim.opcua.FixedNode.object;
import static io.edgeagent.drivers.sim.opcua.FixedNode.scalar;
import static io.edgeagent.drivers.sim.opcua.NamespaceUris.DI;
import static io.edgeagent.drivers.sim.opcua.NamespaceUris.MACHINE_TOOL;
import static io.edgeagent.drivers.sim.opcua.NamespaceUris.OPC_UA;
import static io.edgeagent.drivers.sim.opcua.NamespaceUris.SIMULATOR;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;

import io.edgeagent.drivers.sim.opcua.FixedNode;
import io.edgeagent.drivers.sim.opcua.SpecDataTypes;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;
import org.eclipse.milo.opcua.stack.core.types.structured.Range;

/**
 * The members of OPC 40501-1's {@code MachineToolType} (MachineTool nodeset 1.02.0) that are Mandatory wherever the
 * simulator has their parent, and that it never changes: identification, the empty equipment and notification
 * objects, the channel's and spindle's names. The simulated values are {@link MachineToolNode}.
 */
final class MachineToolFixedNodes {

    /** OPC 40501-1 ChannelMode Automatic: the simulated channel runs its program by itself. */
    private static final int CHANNEL_MODE_AUTOMATIC = 0;
    /** UNECE code P1, percent, as OPC 10000-8 encodes it in an EUInformation. */
    private static final EUInformation PERCENT = new EUInformation("http://www.opcfoundation.org/UA/units/un/cefact",
            20529, LocalizedText.english("%"), LocalizedText.english("percent"));

    static final List<FixedNode> NODES = List.of(
            scalar("Identification/Manufacturer", NodeIds.LocalizedText.expanded(), LocalizedText.english("edge-agent"),
                    DI, DI),
            scalar("Identification/ProductInstanceUri", NodeIds.String.expanded(), "urn:edge-agent:simulator:mill",
                    DI, DI),
            scalar("Identification/SerialNumber", NodeIds.String.expanded(), "SIM-0001", DI, DI),
            object("Equipment", MACHINE_TOOL),
            object("Notification", MACHINE_TOOL),
            scalar("Production/ActiveProgram/NumberInList", NodeIds.UInt16.expanded(), ushort(0), MACHINE_TOOL,
                    MACHINE_TOOL, OPC_UA),
            scalar("Monitoring/Channel_1/Name", NodeIds.String.expanded(), "Channel_1", MACHINE_TOOL, SIMULATOR,
                    MACHINE_TOOL),
            scalar("Monitoring/Channel_1/ChannelMode", SpecDataTypes.CHANNEL_MODE, CHANNEL_MODE_AUTOMATIC,
                    MACHINE_TOOL, SIMULATOR, MACHINE_TOOL),
            scalar("Monitoring/Channel_1/FeedOverride/EURange", NodeIds.Range.expanded(), new Range(0.0, 120.0),
                    MACHINE_TOOL, SIMULATOR, MACHINE_TOOL, OPC_UA),
            scalar("Monitoring/Channel_1/FeedOverride/EngineeringUnits", NodeIds.EUInformation.expanded(), PERCENT,
                    MACHINE_TOOL, SIMULATOR, MACHINE_TOOL, OPC_UA),
            scalar("Monitoring/Spindle/Name", NodeIds.String.expanded(), "Spindle", MACHINE_TOOL, SIMULATOR,
                    MACHINE_TOOL));

    private MachineToolFixedNodes() {
    }
}
