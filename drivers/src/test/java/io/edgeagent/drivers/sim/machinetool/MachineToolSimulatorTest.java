package io.edgeagent.drivers.sim.machinetool;

import static io.edgeagent.drivers.opcua.SpecNamespaces.DI;
import static io.edgeagent.drivers.opcua.SpecNamespaces.MACHINERY;
import static io.edgeagent.drivers.opcua.SpecNamespaces.MACHINE_TOOL;
import static io.edgeagent.drivers.sim.opcua.NamespaceUris.OPC_UA;
import static io.edgeagent.drivers.sim.opcua.NamespaceUris.SIMULATOR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.drivers.sim.ImmSimulator;
import io.edgeagent.drivers.sim.Scenario;
import io.edgeagent.drivers.sim.SimulatorIdentity;
import io.edgeagent.drivers.sim.opcua.BrowseName;
import io.edgeagent.drivers.sim.opcua.NamespaceUris;
import io.edgeagent.drivers.testsupport.Await;
import io.edgeagent.drivers.testsupport.SimClient;
import io.edgeagent.drivers.testsupport.TestSimulators;
import io.edgeagent.drivers.testsupport.Threads;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The machine tool's address space and phases, through a real client; one manual simulator for the class. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MachineToolSimulatorTest {

    private static final String MACHINE = "mill-01";
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** The brief of each variable: browse names with their namespaces, from the machine object down. */
    private static final Map<MachineToolNode, String> SHAPE = new EnumMap<>(Map.ofEntries(
            Map.entry(MachineToolNode.OPERATION_MODE, mt("Monitoring") + "/" + mt("MachineTool") + "/"
                    + mt("OperationMode")),
            Map.entry(MachineToolNode.CHANNEL_STATE, mt("Monitoring") + "/" + sim("Channel_1") + "/"
                    + mt("ChannelState")),
            Map.entry(MachineToolNode.FEED_OVERRIDE, mt("Monitoring") + "/" + sim("Channel_1") + "/"
                    + mt("FeedOverride")),
            Map.entry(MachineToolNode.SPINDLE_IS_ROTATING, mt("Monitoring") + "/" + sim("Spindle") + "/"
                    + mt("IsRotating")),
            Map.entry(MachineToolNode.SPINDLE_SPEED, mt("Monitoring") + "/" + sim("Spindle") + "/" + sim("Speed")),
            Map.entry(MachineToolNode.PROGRAM_NAME, mt("Production") + "/" + mt("ActiveProgram") + "/" + mt("Name")),
            Map.entry(MachineToolNode.PROGRAM_STATE, programState()),
            Map.entry(MachineToolNode.PROGRAM_STATE_ID, programState() + "/" + ua("Id")),
            Map.entry(MachineToolNode.PROGRAM_STATE_NUMBER, programState() + "/" + ua("Number")),
            Map.entry(MachineToolNode.PARTS_PRODUCED_IN_LIFETIME, mt("Production") + "/" + mt("Statistics") + "/"
                    + mt("PartsProducedInLifetime")),
            Map.entry(MachineToolNode.MACHINERY_ITEM_STATE, buildingBlock("MachineryItemState")),
            Map.entry(MachineToolNode.MACHINERY_ITEM_STATE_ID, buildingBlock("MachineryItemState") + "/" + ua("Id")),
            Map.entry(MachineToolNode.MACHINERY_OPERATION_MODE, buildingBlock("MachineryOperationMode")),
            Map.entry(MachineToolNode.MACHINERY_OPERATION_MODE_ID, buildingBlock("MachineryOperationMode") + "/"
                    + ua("Id"))));

    private MachineToolSimulator simulator;
    private SimClient client;

    @BeforeAll
    void start() throws Exception {
        simulator = TestSimulators.machineTool(MACHINE, ImmSimulator.freePort(), MachineToolPhase.IDLE)
                .program("O4711").build();
        simulator.start();
        client = SimClient.connect(simulator.endpointUrl());
    }

    @AfterAll
    void stop() throws Exception {
        try {
            client.close();
        } finally {
            simulator.close();
        }
        assertEquals(List.of(), Threads.aliveAfter("sim-" + MACHINE, Duration.ofSeconds(2)));
    }

    @Test
    void eachVariableSitsWhereOpc40501PutsItWithTheSpecsNamespaces() {
        for (MachineToolNode node : MachineToolNode.values()) {
            assertEquals(SHAPE.get(node), node.browsePath().stream().map(BrowseName::toString)
                    .collect(Collectors.joining("/")), node.name());
        }
        assertEquals(SHAPE.keySet(), Set.of(MachineToolNode.values()));
        assertEquals("opc.tcp://127.0.0.1:" + simulator.port() + "/machinetool", simulator.endpointUrl());
        assertEquals("nsu=urn:edge-agent:simulator;s=mill-01/Monitoring/MachineTool/OperationMode",
                simulator.nodeId(MachineToolNode.OPERATION_MODE));
    }

    @Test
    void everyVariableIsFoundByBrowseNamesAndReadsWithItsType() throws Exception {
        assertEquals(List.of(SIMULATOR, DI, MACHINERY, MACHINE_TOOL),
                List.of(client.namespaces().toArray()).subList(2, 6));
        for (MachineToolNode node : MachineToolNode.values()) {
            NodeId found = client.nodeAt(pathFromObjects(node));

            assertEquals(client.resolve(simulator.nodeId(node)).orElseThrow(), found, node.name());
            assertEquals(node.dataType().toNodeId(client.namespaces()).orElseThrow(), client.dataType(found),
                    node.name());
            DataValue value = client.read(found);
            assertTrue(value.getStatusCode().isGood(), node + ": " + value);
            assertTrue(value.getSourceTime() != null, node + " has no source time");
        }
        assertEquals("O4711", read(MachineToolNode.PROGRAM_NAME));
        assertTrue(read(MachineToolNode.PARTS_PRODUCED_IN_LIFETIME) instanceof UInteger);
    }

    @Test
    void eachPhaseShowsItsModesAndStates() throws Exception {
        // OperationMode, ChannelState, ActiveProgram state, MachineryItemState, MachineryOperationMode, FeedOverride
        assertShows(MachineToolPhase.PRODUCING, 1, 0, "Running", "Executing", "Processing", 100);
        assertShows(MachineToolPhase.IDLE, 1, 2, "Ended", "NotExecuting", "Processing", 100);
        assertShows(MachineToolPhase.SETUP, 2, 2, "Ended", "NotExecuting", "Setup", 50);
        assertShows(MachineToolPhase.FAULT, 1, 1, "Aborted", "OutOfService", "Processing", 100);
        assertShows(MachineToolPhase.MAINTENANCE, 4, 2, "Ended", "OutOfService", "Maintenance", 100);
        assertShows(MachineToolPhase.NOT_AVAILABLE, 5, 2, "Ended", "NotAvailable", "None", 100);
    }

    @Test
    void producingCountsPartsAndTurnsTheSpindle() throws Exception {
        simulator.setPhase(MachineToolPhase.PRODUCING);
        long before = simulator.partsProduced();

        Await.until(WAIT, () -> simulator.partsProduced() >= before + 2, () -> "parts: " + simulator.partsProduced());
        assertTrue(((UInteger) read(MachineToolNode.PARTS_PRODUCED_IN_LIFETIME)).longValue() >= before + 2);
        assertTrue((Double) read(MachineToolNode.SPINDLE_SPEED) > 5000);

        simulator.setPhase(MachineToolPhase.IDLE);
        assertEquals(0.0, read(MachineToolNode.SPINDLE_SPEED));
    }

    @Test
    void aRestartIsANewSimulatorOnTheSamePort() throws Exception {
        int port = ImmSimulator.freePort();
        try (MachineToolSimulator first = TestSimulators.machineTool("mill-r", port, MachineToolPhase.SETUP).build()) {
            first.start();
            assertEquals(2, readFrom(first, MachineToolNode.OPERATION_MODE));
            first.stop();
            assertThrows(IllegalStateException.class, first::start);
        }
        try (MachineToolSimulator second = TestSimulators.machineTool("mill-r", port, MachineToolPhase.FAULT)
                .namespaceOrder(1).build()) {
            second.start();
            assertEquals(1, readFrom(second, MachineToolNode.OPERATION_MODE));
            try (SimClient shuffled = SimClient.connect(second.endpointUrl())) {
                for (String uri : List.of(SIMULATOR, DI, MACHINERY, MACHINE_TOOL)) {
                    assertNotEquals(client.namespaces().getIndex(uri), shuffled.namespaces().getIndex(uri), uri);
                }
            }
        }
    }

    @Test
    void aSecuredSimulatorLetsATrustedClientInAndNoOtherClient() throws Exception {
        KeyPair keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
        String applicationUri = "urn:edge-agent:simulator-test:client";
        X509Certificate certificate = new SelfSignedCertificateBuilder(keyPair).setCommonName("simulator test")
                .setApplicationUri(applicationUri).addDnsName("localhost").setValidityPeriod(Period.ofDays(1))
                .build();
        try (MachineToolSimulator secured = TestSimulators.machineTool("mill-s", ImmSimulator.freePort(),
                MachineToolPhase.MAINTENANCE).security("Basic256Sha256", "SignAndEncrypt").requireTrustedClients()
                .build()) {
            secured.trustClient(certificate);
            secured.start();

            try (SimClient trusted = SimClient.connectSecured(secured.endpointUrl(), SecurityPolicy.Basic256Sha256,
                    MessageSecurityMode.SignAndEncrypt, keyPair, certificate, applicationUri)) {
                assertEquals(4, trusted.read(trusted.resolve(secured.nodeId(MachineToolNode.OPERATION_MODE))
                        .orElseThrow()).getValue().getValue());
            }
            SimulatorIdentity stranger = TestSimulators.IDENTITY;
            assertThrows(UaException.class, () -> SimClient.connectSecured(secured.endpointUrl(),
                    SecurityPolicy.Basic256Sha256, MessageSecurityMode.SignAndEncrypt, stranger.keyPair(),
                    stranger.certificate(), NamespaceUris.SIMULATOR + ":server").close());
        }
    }

    @Test
    void theDemoProducesMostOfTheTimeAndPassesIdleSetupAndFault() {
        Scenario<MachineToolPhase> demo = MachineToolSimulator.demoScenario();

        assertEquals(EnumSet.of(MachineToolPhase.PRODUCING, MachineToolPhase.IDLE, MachineToolPhase.SETUP,
                MachineToolPhase.FAULT), demo.steps().stream().map(Scenario.Step::phase)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(MachineToolPhase.class))));
        Duration producing = demo.steps().stream().filter(s -> s.phase() == MachineToolPhase.PRODUCING)
                .map(Scenario.Step::duration).reduce(Duration.ZERO, Duration::plus);
        assertTrue(producing.compareTo(demo.length().dividedBy(2)) > 0, producing + " of " + demo.length());

        MachineToolSimulator scenario = MachineToolSimulator.builder("mill-d").identity(TestSimulators.IDENTITY)
                .scenario(demo).build();
        assertEquals(MachineToolPhase.PRODUCING, scenario.phase());
        assertThrows(IllegalStateException.class, () -> scenario.setPhase(MachineToolPhase.IDLE));
    }

    private void assertShows(MachineToolPhase phase, int operationMode, int channelState, String programState,
                             String itemState, String machineryMode, double feedOverride) throws Exception {
        simulator.setPhase(phase);

        assertEquals(operationMode, read(MachineToolNode.OPERATION_MODE), phase + " OperationMode");
        assertEquals(channelState, read(MachineToolNode.CHANNEL_STATE), phase + " ChannelState");
        assertEquals(LocalizedText.english(programState), read(MachineToolNode.PROGRAM_STATE), phase.name());
        assertEquals(LocalizedText.english(itemState), read(MachineToolNode.MACHINERY_ITEM_STATE), phase.name());
        assertEquals(LocalizedText.english(machineryMode), read(MachineToolNode.MACHINERY_OPERATION_MODE),
                phase.name());
        assertEquals(feedOverride, read(MachineToolNode.FEED_OVERRIDE), phase + " FeedOverride");
    }

    private Object read(MachineToolNode node) throws Exception {
        return client.read(client.resolve(simulator.nodeId(node)).orElseThrow()).getValue().getValue();
    }

    private static Object readFrom(MachineToolSimulator simulator, MachineToolNode node) throws Exception {
        try (SimClient other = SimClient.connect(simulator.endpointUrl())) {
            return other.read(other.resolve(simulator.nodeId(node)).orElseThrow()).getValue().getValue();
        }
    }

    private static List<BrowseName> pathFromObjects(MachineToolNode node) {
        List<BrowseName> path = new ArrayList<>();
        path.add(new BrowseName(DI, "DeviceSet"));
        path.add(new BrowseName(SIMULATOR, MACHINE));
        path.addAll(node.browsePath());
        return path;
    }

    private static String programState() {
        return mt("Production") + "/" + mt("ActiveProgram") + "/" + mt("State") + "/" + ua("CurrentState");
    }

    private static String buildingBlock(String name) {
        return machinery("MachineryBuildingBlocks") + "/" + machinery(name) + "/" + ua("CurrentState");
    }

    private static String mt(String name) {
        return "nsu=" + MACHINE_TOOL + ";" + name;
    }

    private static String machinery(String name) {
        return "nsu=" + MACHINERY + ";" + name;
    }

    private static String sim(String name) {
        return "nsu=" + SIMULATOR + ";" + name;
    }

    private static String ua(String name) {
        return "nsu=" + OPC_UA + ";" + name;
    }
}
