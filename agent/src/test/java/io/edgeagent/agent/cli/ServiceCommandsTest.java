package io.edgeagent.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeagent.agent.config.ConfigLoader;
import io.edgeagent.agent.control.ControlServer;
import io.edgeagent.agent.testing.FakeAgentView;
import io.edgeagent.drivers.Quality;
import io.edgeagent.drivers.Reading;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * The service engineer's commands as a person and a script see them, against an agent with fixed answers
 * (see {@link FakeAgentView}), and against no agent at all.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServiceCommandsTest {

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();
    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();
    private Path config;
    private Path socket;
    private FakeAgentView view;
    private ControlServer server;

    @BeforeEach
    void writeConfig() throws Exception {
        config = dir.resolve("agent.yaml");
        Files.writeString(config, """
                agent:
                  id: gw-test
                  site: plant-a
                  timezone: UTC
                  dataDir: ./data
                broker:
                  urls: [ "tcp://127.0.0.1:1883" ]
                machines:
                  - id: imm-01
                    opcua: { endpoint: "opc.tcp://127.0.0.1:4840" }
                    signals:
                      cycleCounter: { node: "ns=2;s=Cycle" }
                      mouldTemp: { node: "ns=2;s=Mould" }
                      standstillReason: { node: "ns=2;s=Standstill" }
                  - id: imm-02
                    opcua: { endpoint: "opc.tcp://127.0.0.1:4841" }
                    signals:
                      cycleCounter: { node: "ns=2;s=Cycle" }
                """);
        Files.createDirectories(dir.resolve("data"));
        socket = dir.resolve("data").resolve(ControlServer.SOCKET_NAME);
    }

    @AfterEach
    void stopAgent() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void statusShowsTheAgentAndOneAlignedLinePerMachine() throws Exception {
        startAgent(ConfigLoader.load(config).sourceHash());
        assertEquals(0, run("status", "--config", config.toString()), err.toString());
        List<String> lines = out.toString().lines().toList();
        assertEquals("edge-agent 9.9.9, agent gw-test at site plant-a, up 2 h 15 min (since 12:45:00)", lines.get(0));
        assertEquals("config   " + config + "  sha256 " + ConfigLoader.load(config).sourceHash().substring(0, 12), lines.get(1));
        assertEquals("broker   connected to tcp://broker.local:1883 since 12:50:00 (2 h 10 min)", lines.get(2));
        assertEquals("buffer   events 0 waiting, telemetry 12 waiting (oldest 3.0 s), 4.0 kB; dropped 7 telemetry, 0 events",
                lines.get(3));
        assertTrue(lines.get(4).startsWith("clock    "), lines.get(4));
        assertEquals("ingest   no readings dropped", lines.get(5));
        assertEquals("MACHINE  STATE    SINCE     FOR         LAST READING  SIGNALS             REASON", lines.get(7));
        assertEquals("imm-01   RUNNING  14:57:57  2 min 3 s   0.4 s ago     1 good, 1 not good  "
                + "cycleCounter counting (advanced within the last 6.0 s, 3 cycle times)", lines.get(8));
        assertEquals("imm-02   OFFLINE  14:18:00  42 min 0 s  never         0 good              "
                + "not reachable: connection refused", lines.get(9));
        assertEquals(10, lines.size(), out.toString());
    }

    @Test
    void statusSaysWhenTheConfigFileChangedSinceTheAgentStarted() {
        startAgent("0".repeat(64));
        assertEquals(0, run("status", "--config", config.toString()));
        assertTrue(out.toString().contains("the file has changed since the agent started: restart it to apply"), out.toString());
    }

    @Test
    void statusAsJsonIsTheAgentsAnswerWithClockAndConfigState() throws Exception {
        startAgent(ConfigLoader.load(config).sourceHash());
        assertEquals(0, run("status", "--config", config.toString(), "--json"));
        JsonNode status = json.readTree(out.toString());
        assertEquals("gw-test", status.get("agent").get("id").asText());
        assertTrue(status.get("broker").get("connected").asBoolean());
        assertEquals(12, status.get("buffer").get("telemetry").get("waiting").asLong());
        assertEquals("RUNNING", status.get("machines").get(0).get("state").asText());
        assertEquals("2026-11-24T14:59:59.600Z", status.get("machines").get(0).get("lastReading").asText());
        assertTrue(status.get("clock").has("ntpSynchronized"));
        assertEquals(false, status.get("configChangedOnDisk").asBoolean());
    }

    @Test
    void onATerminalStatesAreColouredAndColumnsStillAlign() throws Exception {
        startAgent(ConfigLoader.load(config).sourceHash());
        assertEquals(0, run(Ansi.ON, "status", "--config", config.toString()));
        String text = out.toString();
        assertTrue(text.contains("\u001B[32mRUNNING\u001B[0m"), text);
        assertTrue(text.contains("\u001B[31mOFFLINE\u001B[0m"), text);
        List<String> plain = text.replaceAll("\u001B\\[[0-9;]*m", "").lines().toList();
        assertEquals("imm-01   RUNNING  14:57:57  2 min 3 s   0.4 s ago     1 good, 1 not good  "
                + "cycleCounter counting (advanced within the last 6.0 s, 3 cycle times)", plain.get(8));
    }

    @Test
    void machinesListsEverySignalWithValueQualityAndAgeAndOnesNeverRead() throws Exception {
        startAgent("0".repeat(64));
        assertEquals(0, run("machines", "imm-01", "--config", config.toString()));
        List<String> lines = out.toString().lines().toList();
        assertEquals("imm-01  RUNNING since 14:57:57 (2 min 3 s)  driver CONNECTED since 12:50:00", lines.get(0));
        assertEquals("  SIGNAL            VALUE  QUALITY                                SOURCE TIME   ARRIVED", lines.get(2));
        assertEquals("  cycleCounter      1234   GOOD                                   14:59:59.400  0.4 s ago", lines.get(3));
        assertEquals("  mouldTemp         45.5   UNCERTAIN (Uncertain_LastUsableValue)  14:59:58.000  2.0 s ago", lines.get(4));
        assertEquals("  standstillReason  -      -                                      -             never", lines.get(5));

        out = new StringWriter();
        assertEquals(0, run("machines", "--config", config.toString(), "--json"));
        JsonNode machines = json.readTree(out.toString()).get("machines");
        assertEquals(2, machines.size());
        assertEquals(45.5, machines.get(0).get("signals").get(1).get("value").asDouble());
        assertEquals("CONNECTING", machines.get(1).get("connection").get("state").asText());
    }

    @Test
    void whyShowsEveryRuleWithWhatItSawAndWhichDecides() throws Exception {
        startAgent("0".repeat(64));
        assertEquals(0, run("why", "imm-01", "--config", config.toString()));
        String text = out.toString();
        assertTrue(text.startsWith("imm-01 is RUNNING since 14:57:57 (2 min 3 s)\n"
                + "  because: cycleCounter counting (advanced within the last 6.0 s, 3 cycle times)\n"), text);
        assertTrue(text.contains("  DOWN     standstillReason ne 0                       no            standstillReason=0\n"), text);
        assertTrue(text.contains("  RUNNING  counting cycleCounter within 3 cycle times  yes, decides  cycleCounter counting"), text);
        assertTrue(text.contains("  IDLE     otherwise                                   yes           otherwise\n"), text);
        assertTrue(text.contains("the rules agree with the state in force (dwell 2.0 s)"), text);
        assertTrue(text.contains("values the rules see: cycleCounter=1234, standstillReason=0"), text);

        out = new StringWriter();
        assertEquals(0, run("why", "imm-01", "--config", config.toString(), "--json"));
        JsonNode why = json.readTree(out.toString());
        assertEquals("standstillReason ne 0", why.get("rules").get(0).get("when").asText());
        assertEquals(false, why.get("rules").get(0).get("holds").asBoolean());
    }

    @Test
    void windowsShowsTheOpenWindowTheForecastAndReservations() throws Exception {
        startAgent("0".repeat(64));
        assertEquals(0, run("windows", "--config", config.toString()));
        String text = out.toString();
        assertTrue(text.startsWith("imm-01  IDLE  idle window open since 14:50:00 (10 min 0 s)\n"), text);
        assertTrue(text.contains("  imm-01-20261125T0600Z  2026-11-25 06:00  2026-11-25 14:00  8.0    0.75        57600\n"), text);
        assertTrue(text.contains("  rsv-1        2026-11-25 14:00  2026-11-25 16:00  req-1    order-4711\n"), text);
        assertTrue(text.contains("imm-02  OFFLINE  no open idle window\n  no forecast windows (none are offered while the machine is OFFLINE)\n"), text);

        out = new StringWriter();
        assertEquals(0, run("windows", "imm-01", "--config", config.toString(), "--json"));
        JsonNode windows = json.readTree(out.toString()).get("machines");
        assertEquals(1, windows.size());
        assertEquals(8.0, windows.get(0).get("windows").get(0).get("machineHours").asDouble());
    }

    @Test
    void tailPrintsTheReadingsOfOneSignalUntilTheCount() throws Exception {
        startAgent("0".repeat(64));
        CompletableFuture<Integer> tail = CompletableFuture.supplyAsync(() ->
                run("tail", "imm-01", "cycleCounter", "-n", "2", "--config", config.toString()));
        view.awaitListener();
        view.emit(Reading.good("imm-01", "mouldTemp", 45.1, FakeAgentView.NOW));
        view.emit(Reading.good("imm-01", "cycleCounter", 1235L, FakeAgentView.NOW));
        view.emit(new Reading("imm-01", "cycleCounter", null, FakeAgentView.NOW.plusMillis(250), Quality.BAD,
                "Bad_CommunicationError"));
        assertEquals(0, tail.get(30, TimeUnit.SECONDS), err.toString());
        assertEquals(List.of(
                "15:00:00.000  imm-01  cycleCounter  1235",
                "15:00:00.250  imm-01  cycleCounter  -  BAD (Bad_CommunicationError)"), out.toString().lines().toList());
        // The agent notices a tail has gone on its next write to it.
        view.emit(Reading.good("imm-01", "cycleCounter", 1236L, FakeAgentView.NOW));
        view.awaitListenerRemoved();
    }

    @Test
    void anUnknownMachineIsBadInputWithTheMachinesThereAre() {
        startAgent("0".repeat(64));
        assertEquals(2, run("why", "imm-9", "--config", config.toString()));
        assertEquals("unknown machine 'imm-9': configured are imm-01, imm-02", err.toString().strip());
    }

    @Test
    void withoutARunningAgentEveryCommandSaysHowToStartItAndExitsOne() {
        String expected = "edge-agent is not running (no control socket at " + socket + "): start it with "
                + "`systemctl start edge-agent` or `edge-agent run --config " + config + "`";
        for (String[] args : List.of(new String[] {"status"}, new String[] {"machines"}, new String[] {"why", "imm-01"},
                new String[] {"windows"}, new String[] {"tail"})) {
            err = new StringWriter();
            String[] full = concat(args, "--config", config.toString());
            assertEquals(1, run(full), String.join(" ", args));
            assertEquals(expected, err.toString().strip(), String.join(" ", args));
        }
    }

    @Test
    void aSocketLeftByAStoppedAgentIsNotMistakenForARunningOne() throws Exception {
        try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            crashed.bind(UnixDomainSocketAddress.of(socket));
        }
        assertEquals(1, run("status", "--config", config.toString()));
        assertTrue(err.toString().startsWith("edge-agent is not running (nothing answers on the control socket " + socket),
                err.toString());
    }

    @Test
    void aConfigTheAgentCannotBeFoundFromIsBadInput() throws Exception {
        assertEquals(2, run("status", "--config", dir.resolve("missing.yaml").toString()));
        assertEquals("cannot find the agent from " + dir.resolve("missing.yaml")
                + ": no such file: name the agent's config with --config FILE", err.toString().strip());

        err = new StringWriter();
        Files.writeString(config, "agent: [ unclosed\n");
        assertEquals(2, run("status", "--config", config.toString()));
        assertTrue(err.toString().startsWith("cannot find the agent from " + config + ": not readable YAML"), err.toString());
        assertTrue(err.toString().contains("check it with edge-agent config validate " + config), err.toString());
    }

    /** An engineer may not read the agent's secrets, nor have its environment: the agent is found all the same. */
    @Test
    void secretsTheEngineerCannotReadDoNotStopTheCommands() throws Exception {
        Files.writeString(config, Files.readString(config).replace("  urls: [ \"tcp://127.0.0.1:1883\" ]\n",
                "  urls: [ \"tcp://127.0.0.1:1883\" ]\n  username: gw-test\n  passwordFile: /nonexistent/secrets/mqtt\n"));
        startAgent("0".repeat(64));
        assertEquals(0, run("status", "--config", config.toString()), err.toString());
        assertTrue(out.toString().startsWith("edge-agent 9.9.9"), out.toString());
    }

    @Test
    void everyCommandHasHelpWithAnExample() {
        for (String command : List.of("status", "doctor", "machines", "why", "windows", "tail")) {
            out = new StringWriter();
            assertEquals(0, run(command, "--help"));
            String help = out.toString();
            assertTrue(help.contains("Example"), command + ":\n" + help);
            assertTrue(help.contains("  edge-agent " + command), command + ":\n" + help);
            assertTrue(help.contains("--config"), command + ":\n" + help);
        }
        out = new StringWriter();
        assertEquals(0, run("--help"));
        for (String command : List.of("status", "doctor", "machines", "why", "windows", "tail")) {
            assertTrue(out.toString().contains("  " + command + " "), out.toString());
        }
    }

    @Test
    void aMistypedCommandGetsTheClosestOne() {
        assertEquals(2, run("stauts"));
        assertTrue(err.toString().contains("status"), err.toString());
    }

    private void startAgent(String configHash) {
        view = new FakeAgentView(config.toAbsolutePath(), configHash, dir.resolve("data"));
        server = ControlServer.bind(socket);
        server.serve(view, Clock.fixed(FakeAgentView.NOW, ZoneOffset.UTC));
    }

    private int run(String... args) {
        return run(Ansi.OFF, args);
    }

    private int run(Ansi ansi, String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setColorScheme(CommandLine.Help.defaultColorScheme(ansi));
        return cli.execute(args);
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
