package io.edgeagent.drivers.opcua;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A standard OPC UA information model for machines: where its machine objects live, how one is recognised, and
 * the standard variables below it, by browse path. With a profile the technician writes only the endpoint: the
 * driver finds the machine object and the variables on any vendor's server by their browse names.
 *
 * <p>Browse names are matched in any namespace, preferring the model's {@link #namespaces()} when a name occurs
 * in several, because vendors do not always qualify their browse names as the specification does. What the
 * variables mean for the machine's state is the agent's business, not the driver's.
 */
public enum Profile {

    /** EUROMAP 77 (OPC 40077): injection moulding machine to MES, with EUROMAP 83 (OPC 40083) general types. */
    EUROMAP77("euromap77", "EUROMAP 77", List.of(SpecNamespaces.IMM2MES, SpecNamespaces.GENERAL_TYPES),
            List.of("/DeviceSet"), "/MachineStatus/MachineMode", List.of(
                    signal("isPresent", "/MachineStatus/IsPresent", "Boolean"),
                    signal("machineMode", "/MachineStatus/MachineMode", "MachineModeEnumeration"),
                    signal("productionStatus", "/MachineMESStatus/ProductionControl/ProductionStatus",
                            "ProductionStatusEnumeration"),
                    signal("standstillReason", "/MachineMESStatus/StandstillReasonId", "String"),
                    signal("jobName", "/Jobs/ActiveJob/JobName", "String"),
                    signal("mouldId", "/Jobs/ActiveJob/MouldId", "String"),
                    signal("expectedCycleTime", "/Jobs/ActiveJob/ExpectedCycleTime", "Duration"),
                    signal("numCavities", "/Jobs/ActiveJob/NumCavities", "UInt32"),
                    signal("cycleCounter", "/Jobs/ActiveJobValues/JobCycleCounter", "UInt64"),
                    signal("partsCounter", "/Jobs/ActiveJobValues/JobPartsCounter", "UInt64"),
                    signal("goodPartsCounter", "/Jobs/ActiveJobValues/JobGoodPartsCounter", "UInt64"),
                    signal("lastCycleTime", "/Jobs/ActiveJobValues/LastCycleTime", "Duration")),
            // OPC 40083 (GeneralTypes 1.03) CycleParametersEventType, i=1038: its mandatory fields that the agent uses.
            new EventType("CycleParametersEventType", SpecNamespaces.GENERAL_TYPES, 1038, List.of(
                    field("cycleCounter", "JobCycleCounter", "UInt64"),
                    field("partsCounter", "JobPartsCounter", "UInt64"),
                    field("goodPartsCounter", "JobGoodPartsCounter", "UInt64"),
                    field("badPartsCounter", "JobBadPartsCounter", "UInt64"),
                    field("lastCycleTime", "CycleTime", "Duration"),
                    field("cycleQuality", "CycleQuality", "CycleQualityEnumeration"),
                    field("jobName", "JobName", "String")))),

    /** OPC 40001-1 Machinery basic building blocks: the item state and operation mode state machines. */
    MACHINERY("machinery", "OPC 40001-1 Machinery", List.of(SpecNamespaces.MACHINERY),
            List.of("/Machines", "/DeviceSet"), "/MachineryBuildingBlocks/MachineryItemState", List.of(
                    signal("itemState", "/MachineryBuildingBlocks/MachineryItemState/CurrentState", "LocalizedText"),
                    signal("operationMode", "/MachineryBuildingBlocks/MachineryOperationMode/CurrentState",
                            "LocalizedText")), null),

    /**
     * OPC 40501-1 machine tools. The channel is found whatever its vendor's name ({@code *}): the first channel
     * below Monitoring.
     */
    MACHINETOOL("machinetool", "OPC 40501-1", List.of(SpecNamespaces.MACHINE_TOOL, SpecNamespaces.MACHINERY),
            List.of("/Machines", "/DeviceSet"), "/Monitoring/MachineTool/OperationMode", List.of(
                    signal("operationMode", "/Monitoring/MachineTool/OperationMode", "MachineOperationMode"),
                    signal("channelState", "/Monitoring/*/ChannelState", "ChannelState"),
                    signal("programName", "/Production/ActiveProgram/Name", "String"),
                    signal("programState", "/Production/ActiveProgram/State/CurrentState", "LocalizedText"),
                    signal("partsProduced", "/Production/Statistics/PartsProducedInLifetime", "UInt32"),
                    signal("itemState", "/MachineryBuildingBlocks/MachineryItemState/CurrentState",
                            "LocalizedText")), null);

    /**
     * A standard variable.
     *
     * @param name     the signal name readings of it are reported under
     * @param path     its browse path below the machine object
     * @param dataType the DataType the specification's nodeset declares, by its browse name (e.g. {@code String},
     *                 {@code UInt64}, {@code MachineModeEnumeration}): enumerations arrive as their numbers, a
     *                 LocalizedText as its text, a Duration in milliseconds
     */
    public record Signal(String name, BrowsePath path, String dataType) {

        public Signal {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(dataType, "dataType");
        }

        /** A Duration is reported in seconds, as the agent's times are; everything else as the server sends it. */
        public OpcUaSignal.Conversion conversion() {
            return dataType.equals("Duration") ? OpcUaSignal.Conversion.MILLISECONDS_TO_SECONDS
                    : OpcUaSignal.Conversion.NONE;
        }
    }

    private final String configName;
    private final String title;
    private final List<String> namespaces;
    private final List<BrowsePath> containers;
    private final BrowsePath marker;
    private final List<Signal> signals;
    private final EventType cycleEvents;

    Profile(String configName, String title, List<String> namespaces, List<String> containers, String marker,
            List<Signal> signals, EventType cycleEvents) {
        this.configName = configName;
        this.title = title;
        this.namespaces = namespaces;
        this.containers = containers.stream().map(BrowsePath::parse).toList();
        this.marker = BrowsePath.parse(marker);
        this.signals = signals;
        this.cycleEvents = cycleEvents;
    }

    /** Its name in the config file, e.g. {@code euromap77}. */
    public String configName() {
        return configName;
    }

    /** Its name for people, e.g. {@code EUROMAP 77}, as in "no EUROMAP 77 machine on the server". */
    public String title() {
        return title;
    }

    /** Namespace URIs preferred when a browse name occurs in several namespaces. */
    public List<String> namespaces() {
        return namespaces;
    }

    /** Where machine objects are looked for, below the Objects folder, in this order. */
    public List<BrowsePath> containers() {
        return containers;
    }

    /** A path below a machine object that only this model's machines have: it tells them from other objects. */
    public BrowsePath marker() {
        return marker;
    }

    /** The standard variables, in the order the specification lists them; checked against the nodesets by a test. */
    public List<Signal> signals() {
        return signals;
    }

    /**
     * The event the machine raises per cycle, if the model has one: subscribed instead of polling the variables of
     * the same signal names when the machine object is an event notifier.
     */
    public Optional<EventType> cycleEvents() {
        return Optional.ofNullable(cycleEvents);
    }

    public static Optional<Profile> ofConfigName(String name) {
        return Arrays.stream(values()).filter(p -> p.configName.equals(name)).findFirst();
    }

    private static EventType.Field field(String signal, String browseName, String dataType) {
        return new EventType.Field(signal, SpecNamespaces.GENERAL_TYPES, browseName, dataType);
    }

    private static Signal signal(String name, String path, String dataType) {
        return new Signal(name, BrowsePath.parse(path), dataType);
    }
}
