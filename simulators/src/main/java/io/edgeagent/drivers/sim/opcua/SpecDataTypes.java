package io.edgeagent.drivers.sim.opcua;

import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;

/**
 * The companion specifications' data types the simulators' variables declare, by namespace URI and the id the
 * specification's nodeset gives them (checked against the nodesets by the simulators' conformance test).
 */
public final class SpecDataTypes {

    /** OPC 40083 {@code MachineModeEnumeration}. */
    public static final ExpandedNodeId MACHINE_MODE_ENUMERATION = of(NamespaceUris.GENERAL_TYPES, 3011);
    /** OPC 40083 {@code ProductionStatusEnumeration}. */
    public static final ExpandedNodeId PRODUCTION_STATUS_ENUMERATION = of(NamespaceUris.GENERAL_TYPES, 3016);
    /** OPC 40083 {@code JobStatusEnumeration}. */
    public static final ExpandedNodeId JOB_STATUS_ENUMERATION = of(NamespaceUris.GENERAL_TYPES, 3017);
    /** OPC 40083 {@code LogbookEventsEnumeration}. */
    public static final ExpandedNodeId LOGBOOK_EVENTS_ENUMERATION = of(NamespaceUris.GENERAL_TYPES, 3009);
    /** OPC 40083 {@code StandstillReasonType}, a structure. */
    public static final ExpandedNodeId STANDSTILL_REASON_TYPE = of(NamespaceUris.GENERAL_TYPES, 3015);
    /** OPC 40501-1 {@code MachineOperationMode}. */
    public static final ExpandedNodeId MACHINE_OPERATION_MODE = of(NamespaceUris.MACHINE_TOOL, 65);
    /** OPC 40501-1 {@code ChannelState}. */
    public static final ExpandedNodeId CHANNEL_STATE = of(NamespaceUris.MACHINE_TOOL, 64);
    /** OPC 40501-1 {@code ChannelMode}. */
    public static final ExpandedNodeId CHANNEL_MODE = of(NamespaceUris.MACHINE_TOOL, 67);

    private SpecDataTypes() {
    }

    private static ExpandedNodeId of(String namespaceUri, int id) {
        return ExpandedNodeId.parse("nsu=" + namespaceUri + ";i=" + id);
    }
}
