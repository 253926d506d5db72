package io.edgeagent.drivers.sim;

import static io.edgeagent.drivers.opcua.SpecNamespaces.DI;
import static io.edgeagent.drivers.opcua.SpecNamespaces.GENERAL_TYPES;
import static io.edgeagent.drivers.opcua.SpecNamespaces.IMM2MES;
import static io.edgeagent.drivers.sim.opcua.NamespaceUris.SIMULATOR;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ulong;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.drivers.sim.opcua.BrowseName;
import io.edgeagent.drivers.sim.opcua.SpecDataTypes;
import io.edgeagent.drivers.testsupport.SimClient;
import io.edgeagent.drivers.testsupport.TestSimulators;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The EUROMAP 77 shape as a client that resolves namespace URIs sees it, on a simulator with the default
 * namespace table and on one with a shuffled table: one of each for the class, idle, so nothing moves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImmSimulatorAddressSpaceTest {

    private static final String MACHINE = "imm-ns";
    private static final long SEED = 77;

    /** The brief of each variable: browse names with their namespaces, from the machine object down. */
    private static final Map<ImmNode, String> SHAPE = new EnumMap<>(Map.ofEntries(
            Map.entry(ImmNode.MACHINE_MODE, "nsu=" + IMM2MES + ";MachineStatus/nsu=" + GENERAL_TYPES
                    + ";MachineMode"),
            Map.entry(ImmNode.IS_PRESENT, "nsu=" + IMM2MES + ";MachineStatus/nsu=" + GENERAL_TYPES + ";IsPresent"),
            Map.entry(ImmNode.PRODUCTION_STATUS, "nsu=" + IMM2MES + ";MachineMESStatus/nsu=" + GENERAL_TYPES
                    + ";ProductionControl/nsu=" + GENERAL_TYPES + ";ProductionStatus"),
            Map.entry(ImmNode.STANDSTILL_REASON_ID, "nsu=" + IMM2MES + ";MachineMESStatus/nsu=" + GENERAL_TYPES
                    + ";StandstillReasonId"),
            Map.entry(ImmNode.JOB_NAME, jobs("ActiveJob", "JobName")),
            Map.entry(ImmNode.MOULD_ID, jobs("ActiveJob", "MouldId")),
            Map.entry(ImmNode.EXPECTED_CYCLE_TIME, jobs("ActiveJob", "ExpectedCycleTime")),
            Map.entry(ImmNode.NUM_CAVITIES, jobs("ActiveJob", "NumCavities")),
            Map.entry(ImmNode.JOB_CYCLE_COUNTER, jobs("ActiveJobValues", "JobCycleCounter")),
            Map.entry(ImmNode.JOB_PARTS_COUNTER, jobs("ActiveJobValues", "JobPartsCounter")),
            Map.entry(ImmNode.JOB_GOOD_PARTS_COUNTER, jobs("ActiveJobValues", "JobGoodPartsCounter")),
            Map.entry(ImmNode.JOB_BAD_PARTS_COUNTER, jobs("ActiveJobValues", "JobBadPartsCounter")),
            Map.entry(ImmNode.LAST_CYCLE_TIME, jobs("ActiveJobValues", "LastCycleTime")),
            Map.entry(ImmNode.MOULD_TEMPERATURE, "nsu=" + SIMULATOR + ";Process/nsu=" + SIMULATOR
                    + ";MouldTemperature"),
            Map.entry(ImmNode.MELT_TEMPERATURE, "nsu=" + SIMULATOR + ";Process/nsu=" + SIMULATOR
                    + ";MeltTemperature"),
            Map.entry(ImmNode.CLAMP_FORCE, "nsu=" + SIMULATOR + ";Process/nsu=" + SIMULATOR + ";ClampForce")));

    private ImmSimulator standard;
    private ImmSimulator shuffled;
    private SimClient standardClient;
    private SimClient shuffledClient;

    @BeforeAll
    void start() throws Exception {
        standard = TestSimulators.manual(MACHINE, ImmSimulator.freePort(), Phase.IDLE).build();
        shuffled = TestSimulators.manual(MACHINE, ImmSimulator.freePort(), Phase.IDLE).namespaceOrder(SEED)
                .jobName("JOB-4711").mouldId("M-0815").cavities(4).build();
        standard.start();
        shuffled.start();
        standardClient = SimClient.connect(standard.endpointUrl());
        shuffledClient = SimClient.connect(shuffled.endpointUrl());
    }

    @AfterAll
    void stop() throws Exception {
        try {
            standardClient.close();
            shuffledClient.close();
        } finally {
            standard.close();
            shuffled.close();
        }
    }

    @Test
    void eachVariableSitsWhereEuromap77PutsItWithTheSpecsNamespaces() {
        for (ImmNode node : ImmNode.values()) {
            assertEquals(SHAPE.get(node), node.browsePath().stream().map(BrowseName::toString)
                    .collect(Collectors.joining("/")), node.name());
        }
        assertEquals(SHAPE.keySet(), Set.of(ImmNode.values()));
    }

    @Test
    void theDefaultTableHasTheSimulatorAtTwoThenTheSpecs() {
        var table = standardClient.namespaces();

        assertEquals(SIMULATOR, table.get(ImmSimulator.NAMESPACE_INDEX));
        assertEquals(DI, table.get(3));
        assertEquals(IMM2MES, table.get(4));
        assertEquals(GENERAL_TYPES, table.get(5));
    }

    @Test
    void aShuffledTableGivesEveryNamespaceAnotherIndex() {
        for (String uri : List.of(SIMULATOR, DI, IMM2MES, GENERAL_TYPES)) {
            assertNotEquals(standardClient.namespaces().getIndex(uri), shuffledClient.namespaces().getIndex(uri),
                    uri);
            assertEquals(ImmSimulator.NAMESPACES.shuffled(SEED).indexOf(uri),
                    shuffledClient.namespaces().getIndex(uri).intValue(), uri);
        }
    }

    @Test
    void browsingFromTheObjectsFolderByBrowseNamesFindsEveryVariableUnderItsNodeId() throws Exception {
        for (SimClient client : List.of(standardClient, shuffledClient)) {
            for (ImmNode node : ImmNode.values()) {
                NodeId found = client.nodeAt(pathFromObjects(node));

                assertEquals(client.resolve(standard.nodeId(node)).orElseThrow(), found, node.name());
                assertEquals(node.dataType().toNodeId(client.namespaces()).orElseThrow(), client.dataType(found),
                        node.name());
                DataValue value = client.read(found);
                assertTrue(value.getStatusCode().isGood(), node + ": " + value);
                assertTrue(value.getSourceTime() != null, node + " has no source time");
                assertEquals(javaType(node.dataType()), value.getValue().getValue().getClass(), node.name());
            }
        }
    }

    @Test
    void theJobIsTheOneTheBuilderNamed() throws Exception {
        assertEquals("JOB-0001", read(standardClient, standard, ImmNode.JOB_NAME));
        assertEquals("MOULD-0001", read(standardClient, standard, ImmNode.MOULD_ID));
        assertEquals(uint(2), read(standardClient, standard, ImmNode.NUM_CAVITIES));
        assertEquals(300.0, read(standardClient, standard, ImmNode.EXPECTED_CYCLE_TIME), "a Duration: milliseconds");
        assertEquals(ulong(0), read(standardClient, standard, ImmNode.JOB_PARTS_COUNTER));
        assertEquals(ulong(0), read(standardClient, standard, ImmNode.JOB_GOOD_PARTS_COUNTER));

        assertEquals("JOB-4711", read(shuffledClient, shuffled, ImmNode.JOB_NAME));
        assertEquals("M-0815", read(shuffledClient, shuffled, ImmNode.MOULD_ID));
        assertEquals(uint(4), read(shuffledClient, shuffled, ImmNode.NUM_CAVITIES));
    }

    @Test
    void referencesLeadBackUpToTheObjectsFolder() throws Exception {
        NodeId mode = standardClient.nodeAt(pathFromObjects(ImmNode.MACHINE_MODE));
        NodeId status = standardClient.nodeAt(pathFromObjects(ImmNode.MACHINE_MODE).subList(0, 3));
        NodeId machine = standardClient.nodeAt(pathFromObjects(ImmNode.MACHINE_MODE).subList(0, 2));
        NodeId deviceSet = standardClient.nodeAt(pathFromObjects(ImmNode.MACHINE_MODE).subList(0, 1));

        assertEquals(List.of(status + " HasComponent"), parents(mode));
        assertEquals(List.of(machine + " HasComponent"), parents(status));
        assertEquals(List.of(deviceSet + " Organizes"), parents(machine));
        assertEquals(List.of(NodeIds.ObjectsFolder + " Organizes"), parents(deviceSet));
    }

    private List<String> parents(NodeId node) throws Exception {
        List<String> parents = new ArrayList<>();
        for (ReferenceDescription reference : standardClient.parents(node)) {
            String type = reference.getReferenceTypeId().equals(NodeIds.HasComponent) ? "HasComponent"
                    : reference.getReferenceTypeId().equals(NodeIds.Organizes) ? "Organizes"
                    : reference.getReferenceTypeId().toString();
            parents.add(reference.getNodeId().toNodeId(standardClient.namespaces()).orElseThrow() + " " + type);
        }
        return parents;
    }

    private static Object read(SimClient client, ImmSimulator simulator, ImmNode node) throws Exception {
        return client.read(client.resolve(simulator.nodeId(node)).orElseThrow()).getValue().getValue();
    }

    private static List<BrowseName> pathFromObjects(ImmNode node) {
        List<BrowseName> path = new ArrayList<>();
        path.add(new BrowseName(DI, "DeviceSet"));
        path.add(new BrowseName(SIMULATOR, MACHINE));
        path.addAll(node.browsePath());
        return path;
    }

    /** Enumerations travel as Int32, Durations as Double. */
    private static Class<?> javaType(ExpandedNodeId dataType) {
        if (dataType.equals(SpecDataTypes.MACHINE_MODE_ENUMERATION)
                || dataType.equals(SpecDataTypes.PRODUCTION_STATUS_ENUMERATION)) {
            return Integer.class;
        }
        if (dataType.equals(NodeIds.UInt32.expanded())) {
            return UInteger.class;
        }
        if (dataType.equals(NodeIds.UInt64.expanded())) {
            return ULong.class;
        }
        if (dataType.equals(NodeIds.Double.expanded()) || dataType.equals(NodeIds.Duration.expanded())) {
            return Double.class;
        }
        if (dataType.equals(NodeIds.Boolean.expanded())) {
            return Boolean.class;
        }
        if (dataType.equals(NodeIds.String.expanded())) {
            return String.class;
        }
        throw new AssertionError("no Java type for " + dataType);
    }

    private static String jobs(String object, String variable) {
        return "nsu=" + IMM2MES + ";Jobs/nsu=" + GENERAL_TYPES + ";" + object + "/nsu=" + GENERAL_TYPES + ";"
                + variable;
    }
}
