package io.edgeagent.drivers.opcua;

/**
 * The namespace URIs of the companion specifications the profiles (and the simulators imitating them) use. A
 * server numbers them as it likes: only the URIs are stable.
 */
public final class SpecNamespaces {

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

    private SpecNamespaces() {
    }
}
