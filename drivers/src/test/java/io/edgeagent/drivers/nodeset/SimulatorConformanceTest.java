package io.edgeagent.drivers.nodeset;

import static io.edgeagent.drivers.opcua.SpecNamespaces.DI;
import static io.edgeagent.drivers.opcua.SpecNamespaces.GENERAL_TYPES;
import static io.edgeagent.drivers.opcua.SpecNamespaces.IMM2MES;
import static io.edgeagent.drivers.opcua.SpecNamespaces.MACHINERY;
import static io.edgeagent.drivers.opcua.SpecNamespaces.MACHINE_TOOL;
import static io.edgeagent.drivers.sim.opcua.NamespaceUris.SIMULATOR;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgeagent.drivers.nodeset.NodeSets.NodeRef;
import io.edgeagent.drivers.sim.ImmSimulator;
import io.edgeagent.drivers.sim.MachineMode;
import io.edgeagent.drivers.sim.Phase;
import io.edgeagent.drivers.sim.ProductionStatus;
import io.edgeagent.drivers.sim.machinetool.ChannelState;
import io.edgeagent.drivers.sim.machinetool.MachineOperationMode;
import io.edgeagent.drivers.sim.machinetool.MachineToolPhase;
import io.edgeagent.drivers.sim.machinetool.MachineToolSimulator;
import io.edgeagent.drivers.sim.machinetool.MachineryItemState;
import io.edgeagent.drivers.sim.machinetool.MachineryOperationMode;
import io.edgeagent.drivers.sim.machinetool.ProgramState;
import io.edgeagent.drivers.sim.opcua.BrowseName;
import io.edgeagent.drivers.sim.opcua.SpecDataTypes;
import io.edgeagent.drivers.testsupport.SimClient;
import io.edgeagent.drivers.testsupport.TestSimulators;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.junit.jupiter.api.Test;

/**
 * The simulators against the OPC Foundation's nodesets (src/test/resources/opcua-nodesets): a client browses each
 * simulator's machine object and every variable must have the browse name, namespace, DataType and ValueRank the
 * type declares, and no Mandatory member may be missing; the simulators' enumerations and state machines must
 * number and name their values as the nodesets do.
 */
class SimulatorConformanceTest {

    static final NodeSets SPECS = NodeSets.all();

    /** OPC 40077 (EUROMAP 77) 1.01: the machine object is an IMM_MES_InterfaceType. */
    @Test
    void immSimulatorIsAnImmMesInterface() throws Exception {
        try (ImmSimulator sim = TestSimulators.started("imm-conf", ImmSimulator.freePort(), Phase.STANDSTILL);
             SimClient client = SimClient.connect(sim.endpointUrl())) {
            NodeId machine = client.nodeAt(List.of(new BrowseName(DI, "DeviceSet"),
                    new BrowseName(SIMULATOR, "imm-conf")));
            assertEquals(List.of(), AddressSpaceCheck.problems(client, SPECS, machine,
                    SPECS.type(IMM2MES, "IMM_MES_InterfaceType"), Map.of()));
        }
    }

    /**
     * OPC 40501-1 1.02.0: the machine object is a MachineToolType. The channel and the spindle are named by the
     * vendor, as MonitoringType's placeholders allow; OPC 40001-1 puts its building blocks into
     * MachineryBuildingBlocks, where MachineToolType declares only MachineryItemState, so the operation mode there is
     * checked against the declaration 40501-1 gives it in MachineOperationMonitoringType.
     */
    /**
     * OPC 40083 (GeneralTypes 1.03): the CycleParametersEventType the IMM simulator serves, to instantiate and filter
     * its cycle events, has the nodeset's node id and every property with its node id and DataType.
     */
    @Test
    void immSimulatorServesCycleParametersEventTypeAsTheNodeset() throws Exception {
        NodeRef type = SPECS.type(GENERAL_TYPES, "CycleParametersEventType");
        try (ImmSimulator sim = TestSimulators.started("imm-events", ImmSimulator.freePort(), Phase.STANDSTILL);
             SimClient client = SimClient.connect(sim.endpointUrl())) {
            NodeId served = client.resolve("nsu=" + GENERAL_TYPES + ";" + type.identifier()).orElseThrow();
            Map<String, String> dataTypes = new TreeMap<>();
            for (var child : client.children(served)) {
                if (child.getNodeClass() != NodeClass.Variable) {
                    continue; // the simulator's concrete subtype, below it by HasSubtype
                }
                NodeId property = child.getNodeId().toNodeId(client.namespaces()).orElseThrow();
                dataTypes.put(child.getBrowseName().getName() + " " + property.getIdentifier(),
                        SPECS.nameOf(new NodeRef(client.namespaces().get(client.dataType(property)
                                .getNamespaceIndex()), "i=" + client.dataType(property).getIdentifier())));
            }
            Map<String, String> declared = new TreeMap<>();
            SPECS.members(type).values().forEach(m -> declared.put(m.browseName().name() + " "
                    + m.nodeId().identifier().substring(2), SPECS.nameOf(m.dataType())));
            assertEquals(declared, dataTypes);
        }
    }

    @Test
    void machineToolSimulatorIsAMachineTool() throws Exception {
        NodeRef operationModeDeclaration = SPECS.members(SPECS.type(MACHINE_TOOL, "MachineOperationMonitoringType"))
                .get(new NodeSets.Name(MACHINERY, "MachineryOperationMode")).nodeId();
        Map<String, NodeRef> placements = Map.of(
                "/Monitoring/Channel_1", SPECS.type(MACHINE_TOOL, "ChannelMonitoringType"),
                "/Monitoring/Spindle", SPECS.type(MACHINE_TOOL, "SpindleMonitoringType"),
                "/MachineryBuildingBlocks/MachineryOperationMode", operationModeDeclaration);
        try (MachineToolSimulator sim = TestSimulators.machineTool("mill-conf", ImmSimulator.freePort(),
                MachineToolPhase.PRODUCING).build()) {
            sim.start();
            try (SimClient client = SimClient.connect(sim.endpointUrl())) {
                NodeId machine = client.nodeAt(List.of(new BrowseName(DI, "DeviceSet"),
                        new BrowseName(SIMULATOR, "mill-conf")));
                assertEquals(List.of(), AddressSpaceCheck.problems(client, SPECS, machine,
                        SPECS.type(MACHINE_TOOL, "MachineToolType"), placements));
            }
        }
    }

    /** OPC 40083 MachineModeEnumeration and ProductionStatusEnumeration. */
    @Test
    void euromapEnumerationsNumberTheirValuesAsTheNodeset() {
        assertEquals(enumeration(SpecDataTypes.MACHINE_MODE_ENUMERATION),
                numbered(MachineMode.values(), MachineMode::value, Enum::name));
        assertEquals(enumeration(SpecDataTypes.PRODUCTION_STATUS_ENUMERATION),
                numbered(ProductionStatus.values(), ProductionStatus::value, Enum::name));
    }

    /** OPC 40501-1 MachineOperationMode and ChannelState, whose names the nodeset writes in CamelCase. */
    @Test
    void machineToolEnumerationsNumberTheirValuesAsTheNodeset() {
        assertEquals(enumeration(SpecDataTypes.MACHINE_OPERATION_MODE),
                numbered(MachineOperationMode.values(), MachineOperationMode::value, c -> camel(c.name())));
        assertEquals(enumeration(SpecDataTypes.CHANNEL_STATE),
                numbered(ChannelState.values(), ChannelState::value, c -> camel(c.name())));
    }

    /**
     * OPC 40501-1 ProductionProgramStateMachineType and OPC 40001-1 MachineryItemState_StateMachineType and
     * MachineryOperationModeStateMachineType: each state's name, its node id (CurrentState/Id) and, for the
     * program, its StateNumber (CurrentState/Number).
     */
    @Test
    void stateMachinesNameAndNumberTheirStatesAsTheNodeset() {
        NodeRef program = SPECS.type(MACHINE_TOOL, "ProductionProgramStateMachineType");
        NodeRef item = SPECS.type(MACHINERY, "MachineryItemState_StateMachineType");
        NodeRef mode = SPECS.type(MACHINERY, "MachineryOperationModeStateMachineType");
        assertEquals(SPECS.stateNames(program), sorted(ProgramState.values(), ProgramState::text));
        assertEquals(SPECS.stateNames(item), sorted(MachineryItemState.values(), MachineryItemState::text));
        assertEquals(SPECS.stateNames(mode), sorted(MachineryOperationMode.values(), MachineryOperationMode::text));
        for (ProgramState state : ProgramState.values()) {
            NodeRef declared = SPECS.state(program, state.text());
            assertEquals(declared, ref(state.id()), state.text());
            assertEquals(SPECS.propertyValue(declared, "StateNumber").orElseThrow(), Long.toString(state.number()),
                    state.text());
        }
        for (MachineryItemState state : MachineryItemState.values()) {
            assertEquals(SPECS.state(item, state.text()), ref(state.id()), state.text());
        }
        for (MachineryOperationMode state : MachineryOperationMode.values()) {
            assertEquals(SPECS.state(mode, state.text()), ref(state.id()), state.text());
        }
    }

    /** The nodeset's values of the enumeration, number to name. */
    static Map<Integer, String> enumeration(ExpandedNodeId dataType) {
        return SPECS.enumeration(ref(dataType));
    }

    static NodeRef ref(ExpandedNodeId id) {
        return new NodeRef(id.getNamespaceUri(), id.toParseableString().replaceFirst("^nsu=[^;]*;", ""));
    }

    private static <E> Map<Integer, String> numbered(E[] constants, ToIntFunction<E> value, Function<E, String> name) {
        Map<Integer, String> numbered = new TreeMap<>();
        Arrays.stream(constants).forEach(c -> numbered.put(value.applyAsInt(c), name.apply(c)));
        return numbered;
    }

    private static <E> List<String> sorted(E[] constants, Function<E, String> text) {
        return Arrays.stream(constants).map(text).sorted().toList();
    }

    /** AUTO_WITH_MANUAL_INTERVENTION as the nodeset writes it: AutoWithManualIntervention. */
    private static String camel(String constant) {
        StringBuilder camel = new StringBuilder();
        for (String word : constant.split("_")) {
            camel.append(word.charAt(0)).append(word.substring(1).toLowerCase());
        }
        return camel.toString();
    }
}
