package io.edgeagent.drivers.sim.opcua;

/**
 * The namespace URIs the simulators use: OPC UA's, the companion specifications' and the simulators' own. The
 * simulators imitate a vendor's server, which knows the specifications and nothing of the driver, so they name
 * the specifications here rather than through the driver's {@code SpecNamespaces}; NamespaceUrisTest holds the two
 * to the same URIs. Browse names of standard nodes are qualified with the companion specification's URI, as real
 * machines do, so that a client finding nodes by browse path must resolve the URIs through the server's namespace
 * table; node ids are all in {@link #SIMULATOR}.
 */
public final class NamespaceUris {

    /** OPC UA's own namespace, always index 0. */
    public static final String OPC_UA = "http://opcfoundation.org/UA/";
    /** OPC 10000-100 Devices (DI): {@code DeviceSet}. */
    public static final String DI = "http://opcfoundation.org/UA/DI/";
    /** OPC 40001-1 Machinery: {@code Machines}, {@code MachineryBuildingBlocks}, {@code MachineryItemState}. */
    public static final String MACHINERY = "http://opcfoundation.org/UA/Machinery/";
    /** OPC 40501-1 machine tools. */
    public static final String MACHINE_TOOL = "http://opcfoundation.org/UA/MachineTool/";
    /** OPC 40077 / EUROMAP 77, injection moulding machine to MES. */
    public static final String IMM2MES = "http://opcfoundation.org/UA/PlasticsRubber/IMM2MES/";
    /** OPC 40083 / EUROMAP 83, plastics and rubber general types: {@code MachineMode}, {@code ProductionStatus}. */
    public static final String GENERAL_TYPES = "http://opcfoundation.org/UA/PlasticsRubber/GeneralTypes/";
    /** The simulators' nodes: every node id, and the browse names of vendor-specific nodes. */
    public static final String SIMULATOR = "urn:edge-agent:simulator";

    private NamespaceUris() {
    }
}
