package io.edgeagent.agent.cli;

import static io.edgeagent.agent.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeagent.agent.config.ConfigLoader;
import io.edgeagent.agent.controlsocket.ControlServer;
import io.edgeagent.agent.testing.FakeAgentView;
import io.edgeagent.agent.testing.Ports;
import io.edgeagent.agent.testing.TestPki;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code edge-agent doctor} on a device in known shape. The clock check depends on the host (systemd or not,
 * synchronised or not), so tests check it only through the exit code, which must follow whatever failed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DoctorCommandTest {

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();
    private ServerSocket broker;
    private ControlServer agent;
    private Path config;

    @BeforeEach
    void listenAsTheBroker() throws Exception {
        broker = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Files.createDirectories(dir.resolve("data"));
        config = writeConfig("tcp://127.0.0.1:" + broker.getLocalPort(), "");
    }

    @AfterEach
    void stop() throws Exception {
        broker.close();
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void aHealthyDeviceWithoutTheAgentPassesItsChecksAndSaysTheAgentIsNotRunning() throws Exception {
        JsonNode report = doctor();
        assertEquals("OK", level(report, "config"));
        assertEquals("OK", level(report, "data dir"));
        assertEquals("OK", level(report, "quarantine"));
        assertEquals("OK", level(report, "broker TCP"));
        assertEquals("WARN", level(report, "agent"));
        assertTrue(check(report, "agent").get("detail").asText().startsWith("edge-agent is not running (no control socket at "));
    }

    @Test
    void aBufferFileMovedAsideFailsWithWhatToDo() throws Exception {
        Path aside = Files.createDirectories(dir.resolve("data/buffer")).resolve("outbox.corrupt-20261124T150000Z.mv.db");
        Files.writeString(aside, "damaged");
        CliRun doctor = run("doctor", "--config", config.toString());
        assertEquals(1, doctor.exit());
        String text = doctor.out();
        assertTrue(text.contains("FAIL  quarantine  " + aside + " was unreadable and moved aside; what it held was not sent"), text);
        assertTrue(text.contains("fix: the storage may be failing"), text);
        assertTrue(text.lines().anyMatch(l -> l.matches("\\d+ failed, \\d+ warnings?, \\d+ passed")), text);
    }

    @Test
    void aBrokerThatRefusesConnectionsFails() throws Exception {
        int closed = Ports.free();
        config = writeConfig("tcp://127.0.0.1:" + closed, "");
        JsonNode report = doctor();
        JsonNode tcp = check(report, "broker TCP");
        assertEquals("FAIL", tcp.get("level").asText());
        assertTrue(tcp.get("detail").asText().startsWith("127.0.0.1:" + closed + " (127.0.0.1) does not accept connections"), tcp.toString());
        assertTrue(tcp.get("fix").asText().contains("listens on port " + closed), tcp.toString());
    }

    @Test
    void aClientCertificateExpiringWithinThirtyDaysFails() throws Exception {
        TestPki.Credential client = TestPki.ca("test-ca").client("gw-test", "EC");
        Path cert = client.writeCertificate(dir.resolve("client.pem"));
        Path key = client.writeKey(dir.resolve("client.key"), TestPki.KeyFormat.PKCS8);
        config = writeConfig("ssl://127.0.0.1:" + broker.getLocalPort(),
                "  tls: { certFile: " + cert + ", keyFile: " + key + " }\n");
        JsonNode certificate = check(doctor(), "certificate");
        assertEquals("FAIL", certificate.get("level").asText());
        assertTrue(certificate.get("detail").asText().matches(".*client.pem expires on \\d{4}-\\d\\d-\\d\\d, in 0 days"),
                certificate.toString());
    }

    /** The doctor reads the certificate as the agent does (PemFiles), so it says what the file holds instead. */
    @Test
    void aCertFileHoldingAKeyFailsSayingSo() throws Exception {
        TestPki.Credential client = TestPki.ca("test-ca").client("gw-test", "RSA");
        Path key = client.writeKey(dir.resolve("client.key"), TestPki.KeyFormat.PKCS8);
        config = writeConfig("ssl://127.0.0.1:" + broker.getLocalPort(),
                "  tls: { certFile: " + key + ", keyFile: " + key + " }\n");
        JsonNode certificate = check(doctor(), "certificate");
        assertEquals("FAIL", certificate.get("level").asText());
        assertEquals("cannot read " + key + ": no PEM certificate in it (expected -----BEGIN CERTIFICATE-----); it"
                + " holds a private key", certificate.get("detail").asText());
    }

    @Test
    void aMissingDataDirFails() throws Exception {
        Files.delete(dir.resolve("data"));
        JsonNode dataDir = check(doctor(), "data dir");
        assertEquals("FAIL", dataDir.get("level").asText());
        assertTrue(dataDir.get("detail").asText().endsWith("data does not exist"), dataDir.toString());
    }

    @Test
    void aBrokenConfigFailsAndPointsToValidate() throws Exception {
        Files.writeString(config, "agent:\n  id: Bad_Id\n");
        CliRun doctor = run("doctor", "--config", config.toString());
        assertEquals(1, doctor.exit());
        assertTrue(doctor.out().startsWith("FAIL  config"), doctor.out());
        assertTrue(doctor.out().contains("fix: edge-agent config validate " + config), doctor.out());
    }

    @Test
    void withTheAgentRunningItChecksTheBrokerConnectionAndEveryMachine() throws Exception {
        agent = ControlServer.bind(dir.resolve("data").resolve(ControlServer.SOCKET_NAME));
        agent.serve(new FakeAgentView(config, ConfigLoader.load(config).sourceHash(), dir.resolve("data")),
                Clock.fixed(FakeAgentView.NOW, ZoneOffset.UTC));
        JsonNode report = doctor();
        assertEquals("OK", level(report, "agent"));
        assertEquals("OK", level(report, "agent broker"));
        assertEquals("WARN", level(report, "agent buffer"));
        assertEquals("WARN", level(report, "machine imm-01"));
        JsonNode offline = check(report, "machine imm-02");
        assertEquals("FAIL", offline.get("level").asText());
        assertEquals("OFFLINE for 42 min 0 s: not reachable: connection refused", offline.get("detail").asText());
        assertTrue(offline.get("fix").asText().startsWith("edge-agent why imm-02"), offline.toString());
        assertFalse(report.get("ok").asBoolean());
    }

    /**
     * Issue 21: with LANG=zh_CN.UTF-8 each check, finding and fix is Chinese and the columns still align (a Chinese
     * character is two columns wide); --json stays English, since scripts match its words.
     */
    @Test
    void inChineseEveryLineSpeaksChineseAndJsonStaysEnglish() throws Exception {
        Files.createDirectories(dir.resolve("data/buffer"));
        Files.writeString(dir.resolve("data/buffer/outbox.corrupt-20260101T000000Z.mv.db"), "x");
        CliRun doctor = CliRun.inChinese("doctor", "--config", config.toString());
        assertEquals(1, doctor.exit(), doctor.out());
        List<String> lines = doctor.out().lines().toList();
        // The widest check, 服务器端口, is ten columns: the findings start in column 18, as the fixes do.
        assertEquals("正常  配置文件    " + config + " 没问题（网关 gw-test，2 台机台）", lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("正常  数据目录    " + dir.resolve("data") + " 可写")), doctor.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("故障  损坏文件    ")), doctor.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("正常  服务器端口  127.0.0.1:")), doctor.out());
        assertTrue(lines.stream().anyMatch(l -> l.equals(" ".repeat(18) + "处理：存储卡可能要坏了（查：dmesg | grep -i -e mmc"
                + " -e 'i/o error'）；文件先留着供分析，再拷出设备")), doctor.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("注意  代理        edge-agent 没在运行（找不到控制接口 ")),
                doctor.out());
        assertTrue(lines.get(lines.size() - 1).matches("1 项故障，\\d+ 项注意，\\d+ 项正常"), lines.get(lines.size() - 1));

        JsonNode report = json.readTree(CliRun.inChinese("doctor", "--config", config.toString(), "--json").out());
        assertEquals("FAIL", level(report, "quarantine"));
        assertTrue(check(report, "agent").get("detail").asText().startsWith("edge-agent is not running"), report.toString());
    }

    /** Runs doctor with --json, checks the exit code follows the failures, and returns the report. */
    private JsonNode doctor() throws Exception {
        CliRun result = run("doctor", "--config", config.toString(), "--json");
        JsonNode report = json.readTree(result.out());
        List<String> failed = new ArrayList<>();
        report.get("checks").forEach(c -> {
            if (c.get("level").asText().equals("FAIL")) {
                failed.add(c.get("check").asText());
            }
        });
        assertEquals(failed.isEmpty() ? 0 : 1, result.exit(), "failed: " + failed);
        assertEquals(failed.isEmpty(), report.get("ok").asBoolean());
        return report;
    }

    private static JsonNode check(JsonNode report, String name) {
        for (JsonNode c : report.get("checks")) {
            if (c.get("check").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + report.toPrettyString());
    }

    private static String level(JsonNode report, String name) {
        return check(report, name).get("level").asText();
    }

    private Path writeConfig(String brokerUrl, String brokerExtra) throws Exception {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, """
                agent:
                  id: gw-test
                  site: plant-a
                  timezone: UTC
                  dataDir: ./data
                broker:
                  urls: [ "%s" ]
                %smachines:
                  - id: imm-01
                    opcua: { endpoint: "opc.tcp://127.0.0.1:4840" }
                    signals:
                      cycleCounter: { node: "ns=2;s=Cycle" }
                  - id: imm-02
                    opcua: { endpoint: "opc.tcp://127.0.0.1:4841" }
                    signals:
                      cycleCounter: { node: "ns=2;s=Cycle" }
                """.formatted(brokerUrl, brokerExtra));
        return file;
    }
}
