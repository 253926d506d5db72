package io.edgeagent.agent.cli;

import static io.edgeagent.agent.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeagent.agent.config.ConfigLoader;
import io.edgeagent.agent.controlsocket.ControlClient;
import io.edgeagent.agent.controlsocket.ControlServer;
import io.edgeagent.agent.testing.FakeAgentView;
import io.edgeagent.drivers.Quality;
import io.edgeagent.drivers.Reading;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
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
        CliRun status = run("status", "--config", config.toString());
        assertEquals(0, status.exit(), status.err());
        List<String> lines = status.out().lines().toList();
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
        assertEquals(10, lines.size(), status.out());
    }

    /**
     * Issue 21: the same status for a technician whose terminal is set to LANG=zh_CN.UTF-8: labels, headers and the
     * lines about the broker and buffer in Chinese, the columns aligned for characters two columns wide, and what the
     * agent itself says (a machine's reason, which the log and the feed carry too) as it is.
     */
    @Test
    void statusInChineseKeepsItsColumnsAligned() throws Exception {
        startAgent(ConfigLoader.load(config).sourceHash());
        CliRun status = CliRun.inChinese("status", "--config", config.toString());
        assertEquals(0, status.exit(), status.err());
        List<String> lines = status.out().lines().toList();
        assertEquals("edge-agent 9.9.9，网关 gw-test，厂区 plant-a，已运行 2 h 15 min（12:45:00 启动）", lines.get(0));
        assertTrue(lines.get(1).startsWith("配置     " + config + "  sha256 "), lines.get(1));
        assertEquals("服务器   已连接 tcp://broker.local:1883，12:50:00 起（2 h 10 min）", lines.get(2));
        assertEquals("缓存     事件 0 条待发，数据 12 条待发（最早的已等 3.0 s），4.0 kB；丢弃 数据 7 条、事件 0 条",
                lines.get(3));
        assertEquals("采集     没有丢数据", lines.get(5));
        assertEquals("机台    状态     开始于    持续        最近读数  点位                原因", lines.get(7));
        assertEquals("imm-01  RUNNING  14:57:57  2 min 3 s   0.4 s 前  1 个正常，1 个异常  "
                + "cycleCounter counting (advanced within the last 6.0 s, 3 cycle times)", lines.get(8));
        assertEquals("imm-02  OFFLINE  14:18:00  42 min 0 s  从未      0 个正常            "
                + "not reachable: connection refused", lines.get(9));

        Path elsewhere = dir.resolve("elsewhere.yaml");
        Files.writeString(elsewhere, Files.readString(config).replace("dataDir: ./data", "dataDir: ./elsewhere"));
        CliRun stopped = CliRun.inChinese("status", "--config", elsewhere.toString());
        assertEquals(1, stopped.exit());
        assertEquals("edge-agent 没在运行（找不到控制接口 " + dir.resolve("elsewhere").resolve(ControlServer.SOCKET_NAME)
                + "，这是 " + elsewhere + " 里 agent.dataDir 指的目录）。启动：`systemctl start edge-agent` 或 `edge-agent run"
                + " --config " + elsewhere + "`；如果代理是用别的配置文件启动的（演示程序会打印它用的文件），用 --config 文件 指定那个文件\n",
                stopped.err());
    }

    @Test
    void statusSaysWhenTheConfigFileChangedSinceTheAgentStarted() {
        startAgent("0".repeat(64));
        CliRun status = run("status", "--config", config.toString());
        assertEquals(0, status.exit());
        assertTrue(status.out().contains("the file has changed since the agent started: restart it to apply"), status.out());
    }

    /**
     * Another copy of the config, naming the same data dir, finds the agent; whether the agent's config changed is
     * judged on the agent's own file, not on the copy (issue 21: the demo's agent was always reported changed).
     */
    @Test
    void statusJudgesAChangeOnTheAgentsOwnFileNotOnTheOneGiven() throws Exception {
        startAgent(ConfigLoader.load(config).sourceHash());
        Path copy = dir.resolve("copy-of-agent.yaml");
        // Beside it, so its dataDir (./data) is the agent's.
        Files.writeString(copy, Files.readString(config) + "# a copy with its own comment\n");
        CliRun status = run("status", "--config", copy.toString(), "--json");
        assertEquals(0, status.exit(), status.err());
        assertEquals(false, json.readTree(status.out()).get("configChangedOnDisk").asBoolean());

        Files.writeString(config, Files.readString(config) + "# edited after the start\n");
        CliRun changed = run("status", "--config", copy.toString(), "--json");
        assertEquals(true, json.readTree(changed.out()).get("configChangedOnDisk").asBoolean(),
                "the agent's own file changed since it started");
    }

    @Test
    void statusAsJsonIsTheAgentsAnswerWithClockAndConfigState() throws Exception {
        startAgent(ConfigLoader.load(config).sourceHash());
        CliRun answer = run("status", "--config", config.toString(), "--json");
        assertEquals(0, answer.exit());
        JsonNode status = json.readTree(answer.out());
        assertEquals("gw-test", status.get("agent").get("id").asText());
        assertTrue(status.get("broker").get("connected").asBoolean());
        assertEquals(12, status.get("buffer").get("telemetry").get("waiting").asLong());
        assertEquals(500, status.get("buffer").get("lastSeq").asLong());
        assertEquals(List.of(3L, 1L, 210L, 4800L), List.of(status.get("broker").get("bdSeq").asLong(),
                status.get("broker").get("reconnects").asLong(), status.get("broker").get("published").get("events").asLong(),
                status.get("broker").get("published").get("telemetry").asLong()));
        assertEquals(5123, status.get("machines").get(0).get("readings").asLong());
        assertTrue(status.get("machines").get(0).get("openWindowSince").isNull(), "RUNNING: no idle window");
        assertEquals("RUNNING", status.get("machines").get(0).get("state").asText());
        assertEquals("2026-11-24T14:59:59.600Z", status.get("machines").get(0).get("lastReading").asText());
        assertTrue(status.get("clock").has("ntpSynchronized"));
        assertEquals(false, status.get("configChangedOnDisk").asBoolean());
    }

    @Test
    void onATerminalStatesAreColouredAndColumnsStillAlign() throws Exception {
        startAgent(ConfigLoader.load(config).sourceHash());
        CliRun status = run(Ansi.ON, "status", "--config", config.toString());
        assertEquals(0, status.exit());
        String text = status.out();
        assertTrue(text.contains("\u001B[32mRUNNING\u001B[0m"), text);
        assertTrue(text.contains("\u001B[31mOFFLINE\u001B[0m"), text);
        List<String> plain = text.replaceAll("\u001B\\[[0-9;]*m", "").lines().toList();
        assertEquals("imm-01   RUNNING  14:57:57  2 min 3 s   0.4 s ago     1 good, 1 not good  "
                + "cycleCounter counting (advanced within the last 6.0 s, 3 cycle times)", plain.get(8));
    }

    @Test
    void machinesListsEverySignalWithValueQualityAndAgeAndOnesNeverRead() throws Exception {
        startAgent("0".repeat(64));
        CliRun one = run("machines", "imm-01", "--config", config.toString());
        assertEquals(0, one.exit());
        List<String> lines = one.out().lines().toList();
        assertEquals("imm-01  RUNNING since 14:57:57 (2 min 3 s)  driver CONNECTED since 12:50:00", lines.get(0));
        assertEquals("  SIGNAL            VALUE  QUALITY                                SOURCE TIME   ARRIVED", lines.get(2));
        assertEquals("  cycleCounter      1234   GOOD                                   14:59:59.400  0.4 s ago", lines.get(3));
        assertEquals("  mouldTemp         45.5   UNCERTAIN (Uncertain_LastUsableValue)  14:59:58.000  2.0 s ago", lines.get(4));
        assertEquals("  standstillReason  -      -                                      -             never", lines.get(5));

        CliRun all = run("machines", "--config", config.toString(), "--json");
        assertEquals(0, all.exit());
        JsonNode machines = json.readTree(all.out()).get("machines");
        assertEquals(2, machines.size());
        assertEquals(45.5, machines.get(0).get("signals").get(1).get("value").asDouble());
        assertEquals("CONNECTING", machines.get(1).get("connection").get("state").asText());
    }

    @Test
    void whyShowsEveryRuleWithWhatItSawAndWhichDecides() throws Exception {
        startAgent("0".repeat(64));
        CliRun human = run("why", "imm-01", "--config", config.toString());
        assertEquals(0, human.exit());
        String text = human.out();
        assertTrue(text.startsWith("imm-01 is RUNNING since 14:57:57 (2 min 3 s)\n"
                + "  because: cycleCounter counting (advanced within the last 6.0 s, 3 cycle times)\n"), text);
        assertTrue(text.contains("  DOWN     standstillReason ne 0                       no            standstillReason=0\n"), text);
        assertTrue(text.contains("  RUNNING  counting cycleCounter within 3 cycle times  yes, decides  cycleCounter counting"), text);
        assertTrue(text.contains("  IDLE     otherwise                                   yes           otherwise\n"), text);
        assertTrue(text.contains("the rules agree with the state in force (dwell 2.0 s)"), text);
        assertTrue(text.contains("values the rules see: cycleCounter=1234, standstillReason=0"), text);
        assertTrue(text.contains("  maintenance  2026-11-26T08:00 .. 2026-11-26T12:00  platform version 3, set"
                + " 2026-11-24T14:00:00Z\n"), "why names where the sharing rules came from: " + text);

        CliRun asJson = run("why", "imm-01", "--config", config.toString(), "--json");
        assertEquals(0, asJson.exit());
        JsonNode why = json.readTree(asJson.out());
        assertEquals("standstillReason ne 0", why.get("rules").get(0).get("when").asText());
        assertEquals(false, why.get("rules").get(0).get("holds").asBoolean());
    }

    @Test
    void windowsShowsTheOpenWindowTheForecastAndReservations() throws Exception {
        startAgent("0".repeat(64));
        CliRun all = run("windows", "--config", config.toString());
        assertEquals(0, all.exit());
        String text = all.out();
        assertTrue(text.startsWith("imm-01  IDLE  idle window open since 14:50:00 (10 min 0 s)\n"), text);
        assertTrue(text.contains("  imm-01-20261125T0600Z  2026-11-25 06:00  2026-11-25 14:00  8.0    0.75        57600\n"), text);
        assertTrue(text.contains("  rsv-1        2026-11-25 14:00  2026-11-25 16:00  req-1    order-4711\n"), text);
        assertTrue(text.contains("imm-02  OFFLINE  no open idle window\n  no forecast windows (none are offered while the machine is OFFLINE)\n"), text);
        assertTrue(text.contains("  SHARING      RULE                                  FROM\n"
                + "  weekly       MON TUE WED THU FRI 06:00-22:00       /etc/edge-agent/agent.yaml:41\n"
                + "  minWindow    60 min                                default\n"), "each rule with where it came from: " + text);

        CliRun one = run("windows", "imm-01", "--config", config.toString(), "--json");
        assertEquals(0, one.exit());
        JsonNode windows = json.readTree(one.out()).get("machines");
        assertEquals(1, windows.size());
        assertEquals(8.0, windows.get(0).get("windows").get(0).get("machineHours").asDouble());
    }

    @Test
    void tailPrintsTheReadingsOfOneSignalUntilTheCount() throws Exception {
        startAgent("0".repeat(64));
        CompletableFuture<CliRun> tail = CompletableFuture.supplyAsync(() ->
                run("tail", "imm-01", "cycleCounter", "-n", "2", "--config", config.toString()));
        view.awaitListener();
        view.emit(Reading.good("imm-01", "mouldTemp", 45.1, FakeAgentView.NOW));
        view.emit(Reading.good("imm-01", "cycleCounter", 1235L, FakeAgentView.NOW));
        view.emit(new Reading("imm-01", "cycleCounter", null, FakeAgentView.NOW.plusMillis(250), Quality.BAD,
                "Bad_CommunicationError"));
        CliRun tailed = tail.get(30, TimeUnit.SECONDS);
        assertEquals(0, tailed.exit(), tailed.err());
        assertEquals(List.of(
                "15:00:00.000  imm-01  cycleCounter  1235",
                "15:00:00.250  imm-01  cycleCounter  -  BAD (Bad_CommunicationError)"), tailed.out().lines().toList());
        // The agent notices a tail has gone on its next write to it.
        view.emit(Reading.good("imm-01", "cycleCounter", 1236L, FakeAgentView.NOW));
        view.awaitListenerRemoved();
    }

    /** The agent keeps a worker for status: with every other one busy, other questions are told to try again. */
    @Test
    void aBusyAgentIsSaidSoWithExitThreeAndStatusStillAnswers() throws Exception {
        startAgent("0".repeat(64));
        view.holdMachines();
        List<ControlClient> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 7; i++) {
                ControlClient c = ControlClient.connect(socket, json);
                slow.add(c);
                c.send(json.createObjectNode().put("op", "machines"));
            }
            view.awaitMachinesAsked(7);
            CliRun machines = run("machines", "--config", config.toString());
            assertEquals(3, machines.exit(), machines.err());
            assertEquals("the agent is busy serving 7 other clients: try again in a moment", machines.err().strip());
            CliRun status = run("status", "--config", config.toString());
            assertEquals(0, status.exit(), status.err());
        } finally {
            view.answerMachines();
            for (ControlClient c : slow) {
                c.close();
            }
        }
    }

    @Test
    void aTailBeyondTheAgentsMostTailsIsToldToTryAgainWithExitThree() throws Exception {
        startAgent("0".repeat(64));
        List<ControlClient> tails = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                ControlClient c = ControlClient.connect(socket, json);
                tails.add(c);
                assertTrue(c.ask(json.createObjectNode().put("op", "tail")).get("ok").asBoolean());
            }
            CliRun tail = run("tail", "--config", config.toString());
            assertEquals(3, tail.exit(), tail.err());
            assertEquals("the agent is already serving 4 tails, the most it runs at once: end one (Ctrl-C) and try again",
                    tail.err().strip());
        } finally {
            for (ControlClient c : tails) {
                c.close();
            }
        }
    }

    /** An agent may refuse a client and hang up before the request goes out: its refusal is shown, not "Broken pipe". */
    @Test
    void aRefusalBeforeTheRequestWentOutIsShownAsBusy() throws Exception {
        try (ServerSocketChannel agent = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            agent.bind(UnixDomainSocketAddress.of(socket));
            Optional<AgentSession> session = AgentSession.ifRunning(AgentLocation.read(config), json);
            try (SocketChannel refused = agent.accept()) {
                refused.write(ByteBuffer.wrap(("{\"ok\":false,\"error\":\"the agent is busy serving 64 other clients: try"
                        + " again in a moment\",\"badRequest\":false,\"busy\":true}\n").getBytes(StandardCharsets.UTF_8)));
            }
            CommandFailure busy = assertThrows(CommandFailure.class,
                    () -> session.orElseThrow().ask(session.orElseThrow().request("status")));
            assertEquals(Main.BUSY, busy.exitCode());
            assertEquals("the agent is busy serving 64 other clients: try again in a moment", busy.getMessage());
            session.orElseThrow().close();

            Optional<AgentSession> dropped = AgentSession.ifRunning(AgentLocation.read(config), json);
            agent.accept().close();
            CommandFailure lost = assertThrows(CommandFailure.class,
                    () -> dropped.orElseThrow().ask(dropped.orElseThrow().request("status")));
            assertEquals(Main.FAILED, lost.exitCode());
            assertEquals("the agent closed the connection without answering: it is stopping, or too busy to keep this"
                    + " client; try again in a moment", lost.getMessage());
            dropped.orElseThrow().close();
        }
    }

    @Test
    void anUnknownMachineIsBadInputWithTheMachinesThereAre() {
        startAgent("0".repeat(64));
        CliRun why = run("why", "imm-9", "--config", config.toString());
        assertEquals(2, why.exit());
        assertEquals("unknown machine 'imm-9': configured are imm-01, imm-02", why.err().strip());
    }

    @Test
    void withoutARunningAgentEveryCommandSaysHowToStartItAndExitsOne() {
        String expected = "edge-agent is not running (no control socket at " + socket + ", the agent.dataDir of " + config
                + "): start it with `systemctl start edge-agent` or `edge-agent run --config " + config + "`; for an agent"
                + " started with another config file (the demo prints its own), give that file with --config FILE";
        for (String[] args : List.of(new String[] {"status"}, new String[] {"machines"}, new String[] {"why", "imm-01"},
                new String[] {"windows"}, new String[] {"tail"})) {
            CliRun refused = run(concat(args, "--config", config.toString()));
            assertEquals(1, refused.exit(), String.join(" ", args));
            assertEquals(expected, refused.err().strip(), String.join(" ", args));
        }
    }

    @Test
    void aSocketLeftByAStoppedAgentIsNotMistakenForARunningOne() throws Exception {
        try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            crashed.bind(UnixDomainSocketAddress.of(socket));
        }
        CliRun status = run("status", "--config", config.toString());
        assertEquals(1, status.exit());
        assertTrue(status.err().startsWith("edge-agent is not running (nothing answers on the control socket " + socket),
                status.err());
    }

    @Test
    void aConfigTheAgentCannotBeFoundFromIsBadInput() throws Exception {
        CliRun missing = run("status", "--config", dir.resolve("missing.yaml").toString());
        assertEquals(2, missing.exit());
        assertEquals("cannot find the agent from " + dir.resolve("missing.yaml")
                + ": no such file: name the agent's config with --config FILE", missing.err().strip());

        Files.writeString(config, "agent: [ unclosed\n");
        CliRun broken = run("status", "--config", config.toString());
        assertEquals(2, broken.exit());
        assertTrue(broken.err().startsWith("cannot find the agent from " + config + ": not readable YAML"), broken.err());
        assertTrue(broken.err().contains("check it with edge-agent config validate " + config), broken.err());
    }

    /** An engineer may not read the agent's secrets, nor have its environment: the agent is found all the same. */
    @Test
    void secretsTheEngineerCannotReadDoNotStopTheCommands() throws Exception {
        Files.writeString(config, Files.readString(config).replace("  urls: [ \"tcp://127.0.0.1:1883\" ]\n",
                "  urls: [ \"tcp://127.0.0.1:1883\" ]\n  username: gw-test\n  passwordFile: /nonexistent/secrets/mqtt\n"));
        startAgent("0".repeat(64));
        CliRun status = run("status", "--config", config.toString());
        assertEquals(0, status.exit(), status.err());
        assertTrue(status.out().startsWith("edge-agent 9.9.9"), status.out());
    }

    @Test
    void everyCommandHasHelpWithAnExample() {
        for (String command : List.of("status", "doctor", "machines", "why", "windows", "tail")) {
            CliRun commandHelp = run(command, "--help");
            assertEquals(0, commandHelp.exit());
            String help = commandHelp.out();
            assertTrue(help.contains("Example"), command + ":\n" + help);
            assertTrue(help.contains("  edge-agent " + command), command + ":\n" + help);
            assertTrue(help.contains("--config"), command + ":\n" + help);
        }
        CliRun top = run("--help");
        assertEquals(0, top.exit());
        for (String command : List.of("status", "doctor", "machines", "why", "windows", "tail")) {
            assertTrue(top.out().contains("  " + command + " "), top.out());
        }
    }

    @Test
    void aMistypedCommandGetsTheClosestOne() {
        CliRun mistyped = run("stauts");
        assertEquals(2, mistyped.exit());
        assertTrue(mistyped.err().contains("status"), mistyped.err());
    }

    private void startAgent(String configHash) {
        view = new FakeAgentView(config.toAbsolutePath(), configHash, dir.resolve("data"));
        server = ControlServer.bind(socket);
        server.serve(view, Clock.fixed(FakeAgentView.NOW, ZoneOffset.UTC));
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
