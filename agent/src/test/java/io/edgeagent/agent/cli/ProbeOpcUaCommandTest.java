package io.edgeagent.agent.cli;

import static io.edgeagent.agent.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeagent.agent.testing.Ports;
import io.edgeagent.drivers.opcua.SpecNamespaces;
import io.edgeagent.drivers.sim.ImmNode;
import io.edgeagent.drivers.sim.ImmSimulator;
import io.edgeagent.drivers.sim.Phase;
import io.edgeagent.drivers.sim.SimulatorIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code probe opcua} against one simulated moulding machine for the class, offering None and
 * Basic256Sha256/SignAndEncrypt to anonymous users.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProbeOpcUaCommandTest {

    private static final String MACHINE = "imm-cli";
    private static final String NS = ImmSimulator.NAMESPACE_URI;

    private ImmSimulator simulator;
    private String url;
    private String thumbprint;
    @TempDir
    Path dir;

    @BeforeAll
    void startTheMachine() throws Exception {
        SimulatorIdentity identity = SimulatorIdentity.generate();
        thumbprint = HexFormat.of().withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-1").digest(identity.certificate().getEncoded()));
        simulator = ImmSimulator.builder(MACHINE).port(Ports.free()).identity(identity).manual(Phase.PRODUCING)
                .security("None", "None")
                .security("Basic256Sha256", "SignAndEncrypt")
                .build();
        simulator.start();
        url = simulator.endpointUrl();
    }

    @AfterAll
    void stopTheMachine() {
        simulator.close();
    }

    @Test
    void endpointsAreListedWithTheirPoliciesModesUserTokensAndTheCertificateThumbprint() {
        CliRun run = run("probe", "opcua", url);

        assertEquals(0, run.exit(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(url + ": edge-agent IMM simulator " + MACHINE + " (" + NS + ":server)", lines.get(0));
        assertTrue(run.out().matches("(?s).*\nNone +None +Anonymous +\\d+ +" + thumbprint.substring(0, 8) + " +"
                + url + "\n.*"), run.out());
        assertTrue(run.out().matches("(?s).*\nBasic256Sha256 +SignAndEncrypt +Anonymous +\\d+ .*"), run.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("  " + thumbprint + "  ")
                && l.contains("CN=edge-agent machine simulator") && l.contains(NS + ":server")), run.out());
    }

    @Test
    void aBrowseOfTheMachineShowsMachineStatusWithTheNodeIdForTheConfig() {
        CliRun run = run("probe", "opcua", url, "--browse", "nsu=" + NS + ";s=" + MACHINE);

        assertEquals(0, run.exit(), run.err());
        assertEquals(url + ": nsu=" + NS + ";s=" + MACHINE + " (nsu=" + NS + ";" + MACHINE + ", Object), 1 level down",
                run.out().lines().findFirst().orElseThrow());
        assertTrue(run.out().matches("(?s).*\nnsu=" + SpecNamespaces.IMM2MES + ";MachineStatus +Object +nsu=" + NS + ";s=" + MACHINE
                + "/MachineStatus\n.*"), run.out());
    }

    @Test
    void aDeeperBrowseIndentsChildrenAndShowsTypesAndValues() {
        CliRun run = run("probe", "opcua", url, "--browse", "ns=2;s=" + MACHINE + "/MachineStatus", "--depth", "1");

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().matches("(?s).*\nnsu=" + SpecNamespaces.GENERAL_TYPES + ";IsPresent +Variable +Boolean +true +"
                + simulator.nodeId(ImmNode.IS_PRESENT) + "\n.*"), run.out());
        CliRun deeper = run("probe", "opcua", url, "--browse", "ns=2;s=" + MACHINE, "--depth", "2");
        assertTrue(deeper.out().contains("\n  nsu=" + SpecNamespaces.GENERAL_TYPES + ";MachineMode "), deeper.out());
    }

    @Test
    void aProfileCheckListsTheStandardVariablesFoundAndWhatIsMissing() {
        CliRun run = run("probe", "opcua", url, "--profile", "euromap77");

        assertEquals(0, run.exit(), run.err());
        assertEquals(url + ": EUROMAP 77 machine at /DeviceSet/" + MACHINE + ": 12 of 12 standard variables found",
                run.out().lines().findFirst().orElseThrow());
        // The simulator has no node for EUROMAP 83's MachineModeEnumeration: the probe names the type by its id.
        assertTrue(run.out().matches("(?s).*\nmachineMode +/MachineStatus/MachineMode +"
                + Pattern.quote("nsu=" + SpecNamespaces.GENERAL_TYPES + ";i=3011") + " +1 +"
                + simulator.nodeId(ImmNode.MACHINE_MODE) + "\n.*"), run.out());
        assertTrue(run.out().contains("\njobName "), run.out());

        CliRun other = run("probe", "opcua", url, "--profile", "machinetool");
        assertEquals(1, other.exit());
        assertTrue(other.err().startsWith("edge-agent probe opcua: no OPC 40501-1 machine on the server:"),
                other.err());
        CliRun unknown = run("probe", "opcua", url, "--profile", "euromap63");
        assertEquals(2, unknown.exit());
        assertEquals("edge-agent probe opcua: --profile is one of [euromap77, machinery, machinetool], not 'euromap63'",
                unknown.err().strip());
        assertEquals(2, run("probe", "opcua", url, "--root", "/DeviceSet/" + MACHINE).exit(), "--root needs --profile");
    }

    @Test
    void aBrowseWithoutANodeStartsAtTheObjectsFolder() {
        CliRun run = run("probe", "opcua", url, "--browse");

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith(url + ": i=85 (Objects, Object), 1 level down"), run.out());
        assertTrue(run.out().matches("(?s).*\nServer +Object +i=2253\n.*"), run.out());
        assertTrue(run.out().contains("\nnsu=" + SpecNamespaces.DI + ";DeviceSet "), run.out());
    }

    @Test
    void aReadGivesTheValueWithItsTypeStatusAndSourceTime() {
        CliRun run = run("probe", "opcua", url, "--read", "ns=2;s=" + MACHINE + "/" + ImmNode.NUM_CAVITIES.path());

        assertEquals(0, run.exit(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(url + ": " + simulator.nodeId(ImmNode.NUM_CAVITIES), lines.get(0));
        assertTrue(lines.contains("  value        2"), run.out());
        assertTrue(lines.contains("  data type    UInt32"), run.out());
        assertTrue(lines.contains("  status       Good"), run.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("  source time  \\d{4}-\\d\\d-\\d\\dT.*Z")), run.out());
    }

    @Test
    void jsonIsForScripts() throws Exception {
        CliRun read = run("probe", "opcua", url, "--read", simulator.nodeId(ImmNode.NUM_CAVITIES), "--json");
        CliRun endpoints = run("probe", "opcua", url, "--json");

        assertEquals(0, read.exit(), read.err());
        JsonNode value = new ObjectMapper().readTree(read.out()).get("read");
        assertEquals(2, value.get("value").asInt());
        assertTrue(value.get("value").isIntegralNumber(), read.out());
        assertEquals("UInt32", value.get("dataType").asText());
        assertEquals("Good", value.get("status").asText());
        assertEquals(0, endpoints.exit(), endpoints.err());
        JsonNode server = new ObjectMapper().readTree(endpoints.out()).get("server");
        assertEquals(thumbprint, server.get("certificates").get(0).get("thumbprint").asText());
        assertEquals(2, server.get("endpoints").size(), endpoints.out());
    }

    @Test
    void anUnknownNodeIsOneLineWithTheStatusName() {
        CliRun run = run("probe", "opcua", url, "--read", "ns=2;s=" + MACHINE + "/Nope");

        assertEquals(1, run.exit());
        assertEquals(List.of("edge-agent probe opcua: Bad_NodeIdUnknown: node ns=2;s=" + MACHINE + "/Nope on " + url),
                run.err().lines().toList());
        assertEquals("", run.out());
    }

    @Test
    void aClosedPortExitsOneWithOneLineNamingTheEndpoint() {
        String nobody = "opc.tcp://127.0.0.1:" + Ports.free() + "/imm";

        CliRun run = run("probe", "opcua", nobody, "--timeout-ms", "2000");

        assertEquals(1, run.exit());
        assertEquals(List.of("edge-agent probe opcua: connection refused: " + nobody), run.err().lines().toList());
    }

    @Test
    void aSecuredProbeOfAnUntrustedServerPrintsTheCommandThatTrustsIt() throws Exception {
        Path config = dir.resolve("agent.yaml");
        Files.writeString(config, """
                agent: { id: gw01, site: plant-1, dataDir: ./data }
                broker: { urls: [ "tcp://127.0.0.1:1" ] }
                machines: []
                """);
        String[] probe = {"probe", "opcua", url, "--config", config.toString(), "--policy", "Basic256Sha256",
            "--read", "i=2258"};

        CliRun refused = run(probe);

        assertEquals(1, refused.exit(), refused.out());
        List<String> lines = refused.err().lines().toList();
        assertEquals(1, lines.size(), refused.err());
        assertTrue(lines.get(0).startsWith("edge-agent probe opcua: " + url + ": server certificate not trusted"
                + " (thumbprint " + thumbprint + ", "), lines.get(0));
        String command = "edge-agent opcua trust " + thumbprint + " --config " + config;
        assertTrue(lines.get(0).endsWith("; if the machine's display shows that thumbprint, trust it with: " + command),
                lines.get(0));

        CliRun trust = run(command.substring("edge-agent ".length()).split(" "));
        assertEquals(0, trust.exit(), trust.err());

        CliRun trusted = run(probe);
        assertEquals(0, trusted.exit(), trusted.err());
        assertTrue(trusted.out().contains("  status       Good"), trusted.out());
        assertTrue(Files.isRegularFile(dir.resolve("data/pki/opcua/own/cert.der")), "the agent's certificate");
    }

    @Test
    void badArgumentsExitTwoSayingWhatIsWrong() throws Exception {
        assertBad(run("probe", "opcua", url, "--read", MACHINE + "/MachineStatus"),
                "'" + MACHINE + "/MachineStatus' is not a node id");
        assertBad(run("probe", "opcua", url, "--depth", "2"), "--depth goes with --browse");
        assertBad(run("probe", "opcua", url, "--browse", "--depth", "0"), "depth must be 1..10");
        assertBad(run("probe", "opcua", url, "--policy", "Basic256"), "--policy is one of [None, Basic256Sha256");
        assertBad(run("probe", "opcua", url, "--mode", "Sign"), "security policy None with mode Sign");
        assertBad(run("probe", "opcua", "http://10.0.3.17"), "endpoint URL must look like opc.tcp://host:port/path");
        assertBad(run("probe", "opcua", url, "--password-file", "pw"), "--password-file goes with --user NAME");
        Path missing = dir.resolve("missing.txt");
        assertBad(run("probe", "opcua", url, "--user", "op", "--password-file", missing.toString(), "--browse"),
                "cannot read --password-file " + missing);
        assertBad(run("probe", "opcua", url, "--policy", "Basic256Sha256", "--config", dir.resolve("none.yaml")
                .toString()), "cannot find the agent from " + dir.resolve("none.yaml"));
    }

    private static void assertBad(CliRun run, String fragment) {
        assertEquals(2, run.exit(), run.out() + run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("edge-agent probe opcua: ") && run.err().contains(fragment), run.err());
    }
}
