package io.edgeagent.drivers.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.drivers.sim.ImmNode;
import io.edgeagent.drivers.sim.ImmSimulator;
import io.edgeagent.drivers.sim.MachineMode;
import io.edgeagent.drivers.sim.Phase;
import io.edgeagent.drivers.testsupport.Await;
import io.edgeagent.drivers.testsupport.CapturedLog;
import io.edgeagent.drivers.testsupport.TestSimulators;
import io.edgeagent.drivers.testsupport.Threads;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe against one simulator for the class, offering None and Basic256Sha256/SignAndEncrypt to anonymous
 * users, as many machines do; a fresh PKI directory per test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpcUaProbeTest {

    private static final String MACHINE = "imm-probe";
    private static final String NS = ImmSimulator.NAMESPACE_URI;
    /** Milo's process-wide pools, shared with the simulator's server and kept until the JVM exits. */
    private static final List<String> MILO_SHARED = List.of("milo-shared-thread-pool-",
            "milo-shared-scheduled-executor-", "milo-netty-event-loop-", "milo-netty-wheel-timer");

    private final String serverThumbprint = CertificateInfo.thumbprint(TestSimulators.IDENTITY.certificate());

    private ImmSimulator simulator;
    private OpcUaEndpoint endpoint;
    @TempDir
    private Path pki;

    @BeforeAll
    void startSimulator() {
        simulator = TestSimulators.manual(MACHINE, ImmSimulator.freePort(), Phase.PRODUCING)
                .security("None", "None")
                .security("Basic256Sha256", "SignAndEncrypt")
                .build();
        simulator.start();
        endpoint = OpcUaEndpoint.of(simulator.endpointUrl());
    }

    @AfterAll
    void stopSimulator() {
        simulator.close();
        assertEquals(List.of(), Threads.aliveAfter("sim-" + MACHINE, Duration.ofSeconds(2)));
    }

    @Test
    void endpointsNamePoliciesModesUserTokensAndTheServerCertificateWithoutAnyTrust() throws Exception {
        OpcUaEndpoint secured = endpoint.withSecurity(secured());

        DiscoveredServer server = OpcUaProbe.endpoints(secured);

        assertEquals(simulator.endpointUrl(), server.endpointUrl());
        assertEquals("edge-agent IMM simulator " + MACHINE, server.applicationName());
        assertEquals(NS + ":server", server.applicationUri());
        assertEquals(Set.of("None/None", "Basic256Sha256/SignAndEncrypt"), server.endpoints().stream()
                .map(e -> e.securityPolicy() + "/" + e.securityMode()).collect(Collectors.toSet()));
        for (OfferedEndpoint e : server.endpoints()) {
            assertEquals(List.of("Anonymous"), e.userTokens(), e.toString());
            assertEquals(serverThumbprint, e.certificateThumbprint(), e.toString());
        }
        ServerCertificate certificate = server.certificates().get(0);
        assertEquals(1, server.certificates().size(), server.certificates().toString());
        assertTrue(serverThumbprint.matches("[0-9A-F]{40}"), serverThumbprint);
        assertEquals(serverThumbprint, certificate.thumbprint());
        assertTrue(certificate.subject().contains("CN=edge-agent machine simulator"), certificate.subject());
        assertEquals(NS + ":server", certificate.applicationUri());
        try (Stream<Path> files = Files.list(pki)) {
            assertEquals(List.of(), files.toList(), "discovery neither needs nor makes a certificate");
        }
    }

    @Test
    void browseOfTheMachineShowsMachineStatusWithANodeIdTheConfigTakes() throws Exception {
        BrowseListing browse = OpcUaProbe.browse(endpoint, machineNode(), 1);

        assertEquals(MACHINE, browse.start().browseName());
        assertEquals("Object", browse.start().nodeClass());
        assertFalse(browse.truncated());
        ProbedNode status = find(browse, "MachineStatus");
        assertEquals(1, status.depth());
        assertEquals("Object", status.nodeClass());
        assertEquals("nsu=" + NS + ";s=" + MACHINE + "/MachineStatus", status.nodeId());
        assertEquals("nsu=" + SpecNamespaces.IMM2MES + ";MachineStatus", status.qualifiedName());
        assertNull(status.value());
        assertEquals(List.of(1), browse.nodes().stream().map(ProbedNode::depth).distinct().toList());
    }

    @Test
    void aDeeperBrowseListsEachNodeBeforeItsChildrenWithTheirTypesAndValues() throws Exception {
        BrowseListing browse = OpcUaProbe.browse(endpoint, "ns=2;s=" + MACHINE, 2);

        List<String> names = browse.nodes().stream().map(ProbedNode::browseName).toList();
        assertEquals(names.indexOf("MachineStatus") + 1, names.indexOf("MachineMode"), names.toString());
        ProbedNode mode = find(browse, "MachineMode");
        assertEquals(2, mode.depth());
        assertEquals("Variable", mode.nodeClass());
        assertEquals(simulator.nodeId(ImmNode.MACHINE_MODE), mode.nodeId());
        // The simulator serves no node for the companion specification's data type, so the probe names it by id;
        // a server with the EUROMAP 83 types gives its browse name, MachineModeEnumeration.
        assertEquals("nsu=" + SpecNamespaces.GENERAL_TYPES + ";i=3011", mode.dataType());
        assertEquals((long) MachineMode.AUTOMATIC.value(), mode.value(), "producing");
        assertEquals("Good", mode.status());
        ProbedNode present = find(browse, "IsPresent");
        assertEquals("Boolean", present.dataType());
        assertEquals(Boolean.TRUE, present.value());
        assertFalse(names.contains("JobCycleCounter"), "three levels down: " + names);
    }

    @Test
    void aBrowseStartsAtTheObjectsFolder() throws Exception {
        BrowseListing browse = OpcUaProbe.browse(endpoint, OpcUaProbe.OBJECTS_FOLDER, 1);

        assertEquals("Objects", browse.start().browseName());
        ProbedNode server = find(browse, "Server");
        assertEquals("i=2253", server.nodeId());
        assertEquals("Server", server.qualifiedName(), "namespace 0 needs no qualifying");
        assertEquals("nsu=" + SpecNamespaces.DI + ";DeviceSet", find(browse, "DeviceSet").qualifiedName());
    }

    @Test
    void aReadGivesTheValueWithItsTypeStatusAndSourceTime() throws Exception {
        ProbedNode cavities = OpcUaProbe.read(endpoint, "ns=2;s=" + MACHINE + "/" + ImmNode.NUM_CAVITIES.path());

        assertEquals(2L, cavities.value());
        assertEquals("UInt32", cavities.dataType());
        assertEquals("Good", cavities.status());
        assertEquals("NumCavities", cavities.browseName());
        assertEquals(simulator.nodeId(ImmNode.NUM_CAVITIES), cavities.nodeId());
        assertTrue(cavities.sourceTime() != null && !cavities.sourceTime().isAfter(Instant.now()),
                String.valueOf(cavities.sourceTime()));

        ProbedNode clampForce = OpcUaProbe.read(endpoint, simulator.nodeId(ImmNode.CLAMP_FORCE));
        assertEquals("Double", clampForce.dataType());
        assertTrue(clampForce.value() instanceof Double, String.valueOf(clampForce.value()));
    }

    @Test
    void anUnknownNodeIsOneLineWithTheStatusName() {
        String node = "ns=2;s=" + MACHINE + "/Nope";

        ProbeException read = assertThrows(ProbeException.class, () -> OpcUaProbe.read(endpoint, node));
        ProbeException browse = assertThrows(ProbeException.class, () -> OpcUaProbe.browse(endpoint, node, 1));
        ProbeException namespace = assertThrows(ProbeException.class,
                () -> OpcUaProbe.read(endpoint, "nsu=urn:nowhere;s=x"));

        String expected = "Bad_NodeIdUnknown: node " + node + " on " + simulator.endpointUrl();
        assertEquals(expected, read.getMessage());
        assertEquals(expected, browse.getMessage());
        assertEquals("Bad_NodeIdUnknown: node nsu=urn:nowhere;s=x on " + simulator.endpointUrl()
                + " (namespace urn:nowhere is not in the server's namespace table)", namespace.getMessage());
    }

    @Test
    void aBrowsePathFromTheObjectsFolderIsReadAsItsNode() throws Exception {
        ProbedNode mode = OpcUaProbe.read(endpoint, "/DeviceSet/" + MACHINE + "/MachineStatus/MachineMode");

        assertEquals(simulator.nodeId(ImmNode.MACHINE_MODE), mode.nodeId());
        ProbeException missing = assertThrows(ProbeException.class,
                () -> OpcUaProbe.read(endpoint, "/DeviceSet/" + MACHINE + "/Nope"));
        assertEquals("Bad_NoMatch: node /DeviceSet/" + MACHINE + "/Nope on " + simulator.endpointUrl()
                + " (no 'Nope' below /DeviceSet/" + MACHINE + ")", missing.getMessage());
    }

    @Test
    void aProfileCheckFindsTheMachineAndSaysWhichStandardVariablesItHas() throws Exception {
        ProfileCheck check = OpcUaProbe.profile(endpoint, MachineRoot.of(null, Profile.EUROMAP77));

        assertEquals("/DeviceSet/" + MACHINE, check.machine());
        assertEquals(List.of(), check.missing(), "the simulator has every EUROMAP 77 variable");
        assertEquals(Profile.EUROMAP77.signals().stream().map(Profile.Signal::name).toList(),
                check.found().stream().map(ProfileCheck.Variable::signal).toList(), "in the profile's order");
        ProfileCheck.Variable mode = check.found().stream().filter(n -> n.signal().equals("machineMode")).findFirst()
                .orElseThrow();
        assertEquals("/MachineStatus/MachineMode", mode.path());
        assertEquals(1L, mode.node().value());
        assertEquals(simulator.nodeId(ImmNode.MACHINE_MODE), mode.node().nodeId());
        assertEquals(SpecNamespaces.GENERAL_TYPES, mode.node().namespaceUri(), "the browse name's namespace");

        ProbeException other = assertThrows(ProbeException.class,
                () -> OpcUaProbe.profile(endpoint, MachineRoot.of(null, Profile.MACHINETOOL)));
        assertTrue(other.getMessage().startsWith("no OPC 40501-1 machine on the server: no object in"
                + " /Machines or /DeviceSet has /Monitoring/MachineTool/OperationMode"), other.getMessage());
    }

    @Test
    void anObjectHasNoValueToRead() {
        ProbeException e = assertThrows(ProbeException.class, () -> OpcUaProbe.read(endpoint, machineNode()));

        assertEquals("not a variable: node " + machineNode() + " on " + simulator.endpointUrl()
                + " is an Object, which has no value; browse it to see what is below it", e.getMessage());
    }

    @Test
    void whatIsNoNodeIdOrDepthIsABadArgument() {
        IllegalArgumentException text = assertThrows(IllegalArgumentException.class,
                () -> OpcUaProbe.read(endpoint, MACHINE + "/MachineStatus"));
        assertTrue(text.getMessage().startsWith("'" + MACHINE + "/MachineStatus' is not a node id or browse path: expected"),
                text.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OpcUaProbe.browse(endpoint, "i=85", 0));
        assertThrows(IllegalArgumentException.class,
                () -> OpcUaProbe.browse(endpoint, "i=85", OpcUaProbe.MAX_DEPTH + 1));
    }

    @Test
    void aClosedPortIsOneLineNamingTheEndpoint() {
        String url = "opc.tcp://127.0.0.1:" + ImmSimulator.freePort() + "/imm";
        OpcUaEndpoint nobody = new OpcUaEndpoint(url, Duration.ofSeconds(2), OpcUaSecurity.INSECURE, null);
        String expected = "connection refused: " + url;

        assertEquals(expected, assertThrows(ProbeException.class, () -> OpcUaProbe.endpoints(nobody)).getMessage());
        assertEquals(expected, assertThrows(ProbeException.class, () -> OpcUaProbe.read(nobody, "i=2258"))
                .getMessage());
        assertEquals(expected, assertThrows(ProbeException.class, () -> OpcUaProbe.browse(nobody, "i=85", 1))
                .getMessage());
    }

    @Test
    void somethingElseOnThePortIsNotTakenForABrokenServer() throws Exception {
        try (ServerSocket web = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answering = new Thread(() -> {
                try (Socket client = web.accept()) {
                    client.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException closed) {
                    // The probe hung up first: it has what it needs.
                }
            }, "test-web-server");
            answering.start();
            String url = "opc.tcp://127.0.0.1:" + web.getLocalPort();

            ProbeException e = assertThrows(ProbeException.class, () -> OpcUaProbe.endpoints(
                    new OpcUaEndpoint(url, Duration.ofSeconds(2), OpcUaSecurity.INSECURE, null)));

            assertEquals("not an OPC UA server: " + url + " answers with something else (Bad_TcpMessageTooLarge);"
                    + " check the port", e.getMessage());
            answering.join(2000);
        }
    }

    @Test
    void aSecuredProbeOfAnUntrustedServerNamesItsCertificateAndHowToTrustIt() throws Exception {
        OpcUaEndpoint secured = endpoint.withSecurity(secured());
        ProbeException refused;
        try (CapturedLog log = CapturedLog.start()) {
            refused = assertThrows(ProbeException.class, () -> OpcUaProbe.read(secured, "i=2258"));
            assertTrue(log.lines("Exception").isEmpty(), () -> "no stack trace: " + log.lines("Exception"));
        }

        assertEquals(simulator.endpointUrl() + ": server certificate not trusted (thumbprint " + serverThumbprint
                + ", CN=edge-agent machine simulator): run `edge-agent opcua trust " + serverThumbprint
                + "` to trust it", refused.getMessage());
        ServerCertificate untrusted = refused.untrustedCertificate().orElseThrow();
        assertEquals(serverThumbprint, untrusted.thumbprint());
        assertEquals(NS + ":server", untrusted.applicationUri());
        TrustList trustList = new TrustList(pki);
        assertEquals(List.of(serverThumbprint), trustList.rejected().stream().map(CertificateInfo::thumbprint)
                .toList(), "kept for `edge-agent opcua trust`");
        assertTrue(trustList.own().isPresent(), "the probe presents the agent's certificate");

        trustList.trust(serverThumbprint);

        ProbedNode time = OpcUaProbe.read(secured, "i=2258");
        assertEquals("CurrentTime", time.browseName());
        assertEquals("Good", time.status());
        assertEquals("UtcTime", time.dataType());
        assertEquals(List.of(), trustList.rejected());
    }

    @Test
    void noThreadAndNoConnectionOutlivesAProbe() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "counts sockets through /proc");
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        long sockets = openSockets();
        OpcUaEndpoint secured = endpoint.withSecurity(secured());

        OpcUaProbe.endpoints(endpoint);
        OpcUaProbe.browse(endpoint, machineNode(), 3);
        OpcUaProbe.read(endpoint, simulator.nodeId(ImmNode.MACHINE_MODE));
        assertThrows(ProbeException.class, () -> OpcUaProbe.read(endpoint, "ns=2;s=nothing"));
        assertThrows(ProbeException.class, () -> OpcUaProbe.browse(secured, "i=85", 1));
        assertThrows(ProbeException.class, () -> OpcUaProbe.endpoints(
                OpcUaEndpoint.of("opc.tcp://127.0.0.1:" + ImmSimulator.freePort())));

        List<String> left = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t))
                .filter(t -> MILO_SHARED.stream().noneMatch(t.getName()::startsWith))
                .filter(OpcUaProbeTest::stillAliveAfterAWhile)
                .map(Thread::getName)
                .toList();
        assertEquals(List.of(), left);
        // The simulator's side of a connection closes when it sees the client's close, a moment later.
        Await.until(Duration.ofSeconds(5), () -> openSockets() == sockets,
                () -> (openSockets() - sockets) + " more sockets open than before the probes");
    }

    private OpcUaSecurity secured() {
        return OpcUaSecurity.secured("Basic256Sha256", "SignAndEncrypt", pki, "gw01");
    }

    private String machineNode() {
        return "nsu=" + NS + ";s=" + MACHINE;
    }

    private static ProbedNode find(BrowseListing browse, String browseName) {
        return browse.nodes().stream().filter(n -> n.browseName().equals(browseName)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + browseName + " in " + browse.nodes()));
    }

    /** A thread can still be unwinding for a moment after its pool reports termination. */
    private static boolean stillAliveAfterAWhile(Thread thread) {
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return thread.isAlive();
    }

    /** This JVM's open sockets: the simulator's and the client's ends of every connection, and its listener. */
    private static long openSockets() {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.filter(OpcUaProbeTest::isSocket).count();
        } catch (IOException e) {
            throw new AssertionError("cannot list /proc/self/fd", e);
        }
    }

    private static boolean isSocket(Path descriptor) {
        try {
            return Files.readSymbolicLink(descriptor).toString().startsWith("socket:");
        } catch (IOException closedMeanwhile) {
            return false;
        }
    }
}
