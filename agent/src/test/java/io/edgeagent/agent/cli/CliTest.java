package io.edgeagent.agent.cli;

import static io.edgeagent.agent.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line contract: command names, output a person reads, and exit codes scripts rely on. */
class CliTest {

    @TempDir
    Path dir;

    @Test
    void versionNamesTheAgentAndItsVersion() {
        CliRun version = run("--version");
        assertEquals(0, version.exit());
        assertTrue(version.out().matches("(?s)edge-agent \\d+\\.\\d+\\.\\d+.*"), version.out());
    }

    @Test
    void validateAcceptsTheDemoConfig() {
        CliRun validate = run("config", "validate", "../config/demo.yaml");
        assertEquals(0, validate.exit());
        assertTrue(validate.out().contains("valid (agent demo-gw01, site demo-plant, 4 machines"), validate.out());
    }

    @Test
    void validateListsEveryProblemWithLineColumnAndFixAndExitsTwo() throws Exception {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, """
                agent:
                  id: Gateway_1
                  site: plant-a
                broker:
                  urls: [ "tcp://127.0.0.1:1883" ]
                machines:
                  - id: imm-07
                    opcua:
                      endpiont: opc.tcp://10.0.3.17:4840
                    signals:
                      mouldTemp: { node: "ns=2;s=Mould.Temperature" }
                """);
        CliRun validate = run("config", "validate", file.toString());
        assertEquals(2, validate.exit());
        String text = validate.err();
        assertTrue(text.contains("agent.yaml:2:7: "), text);
        assertTrue(text.contains("agent.yaml:9:7: unknown key 'endpiont' under machines[0].opcua: did you mean 'endpoint'?"), text);
        assertTrue(text.contains("problems in " + file), text);
    }

    @Test
    void validateReportsASyntaxErrorOnTheLineThatBrokeAndTheProblemsAfterIt() throws Exception {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, """
                agent:
                  id: gw01
                  site: plant-a
                broker:
                  urls: [ "tcp://127.0.0.1:1883" ]
                machines:
                  - id: imm-07
                    opcua:
                      endpoint: opc.tcp://10.0.3.17:4840
                    signals:
                      mouldTemp:
                        node: "ns=2;s=Mould.Temperature"
                      samplingMs: 500
                        deadband: 0.5
                    state:
                      runing: { signal: mouldTemp, gt: 40 }
                """);
        CliRun validate = run("config", "validate", file.toString(), "--env-file", dir.resolve("none").toString());

        assertEquals(2, validate.exit());
        assertEquals(file + ":13:7: YAML syntax error: this line starts in column 7, left of the keys above and below"
                + " it, which start in column 9: indent it to column 9\n"
                + file + ":16:7: unknown key 'runing' under machines[0].state: did you mean 'running'?\n"
                + "2 problems in " + file + "\n", validate.err());
    }

    /** A valid config but for its password, an environment variable that is not set here (line 5, column 13). */
    private static final String WITH_UNSET_PASSWORD = """
            agent: { id: gw01, site: plant-a }
            broker:
              urls: [ "ssl://mqtt.example.net:8883" ]
              username: gw01
              password: ${env:EDGE_AGENT_TEST_UNSET}
            machines:
              - id: press-01
                gpio: { cycle: { pin: 17 } }
                state: { running: { signal: cycle, eq: true } }
            """;

    @Test
    void validateWarnsOfWhatIsNotHereButOnlyStrictOrRunRefuseIt() throws Exception {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, WITH_UNSET_PASSWORD);
        String none = dir.resolve("none").toString();

        CliRun validate = run("config", "validate", file.toString(), "--env-file", none);
        assertEquals(0, validate.exit(), validate.err());
        assertTrue(validate.err().startsWith(file + ":5:13: warning: broker.password uses ${env:EDGE_AGENT_TEST_UNSET},"
                + " but the environment variable EDGE_AGENT_TEST_UNSET is not set"), validate.err());
        assertEquals(file + ": no errors; 1 warning (the agent will not start until it is resolved where it runs)\n",
                validate.out());

        CliRun strict = run("config", "validate", "--strict", file.toString(), "--env-file", none);
        assertEquals(2, strict.exit());
        assertTrue(strict.err().startsWith(file + ":5:13: broker.password uses"), strict.err());
        assertTrue(strict.err().endsWith("1 problem in " + file + "\n"), strict.err());

        CliRun refused = run("run", "--config", file.toString());
        assertEquals(2, refused.exit());
        assertTrue(refused.err().contains("EDGE_AGENT_TEST_UNSET is not set"), refused.err());
    }

    /**
     * Issue 21: with LANG=zh_CN.UTF-8 the technician reads validate's own words in Chinese; the place
     * (file:line:column) and the problem's text, which names keys and values of the file, stay as they are.
     */
    @Test
    void validateSpeaksChineseWhenTheTerminalDoes() throws Exception {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, WITH_UNSET_PASSWORD);
        String none = dir.resolve("none").toString();

        CliRun validate = CliRun.inChinese("config", "validate", file.toString(), "--env-file", none);
        assertEquals(0, validate.exit(), validate.err());
        assertTrue(validate.err().startsWith(file + ":5:13: 警告: broker.password uses ${env:EDGE_AGENT_TEST_UNSET}"),
                validate.err());
        assertEquals(file + "：没有错误；1 条警告（要在代理运行的设备上解决，否则代理起不来）\n", validate.out());

        CliRun strict = CliRun.inChinese("config", "validate", "--strict", file.toString(), "--env-file", none);
        assertEquals(2, strict.exit());
        assertTrue(strict.err().endsWith(file + " 有 1 处错误\n"), strict.err());

        CliRun valid = CliRun.inChinese("config", "validate", "../config/demo.yaml");
        assertEquals(0, valid.exit(), valid.err());
        assertTrue(valid.out().startsWith("../config/demo.yaml：没问题（网关 demo-gw01，厂区 demo-plant，4 台机台，sha256 "),
                valid.out());
    }

    @Test
    void validateResolvesVariablesFromTheServicesEnvironmentFile() throws Exception {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, """
                agent: { id: gw01, site: plant-a }
                broker: { urls: [ "tcp://127.0.0.1:1883" ], username: gw01, password: "${env:EDGE_AGENT_TEST_SECRET}" }
                machines:
                  - { id: press-01, gpio: { cycle: { pin: 17 } }, state: { running: { signal: cycle, eq: true } } }
                """);
        Path environment = Files.writeString(dir.resolve("environment"), "EDGE_AGENT_TEST_SECRET=s3cret\n");

        CliRun validate = run("config", "validate", file.toString(), "--env-file", environment.toString());

        assertEquals(0, validate.exit(), validate.err());
        assertEquals("", validate.err());
        assertTrue(validate.out().startsWith(file + ": valid (agent gw01, site plant-a, 1 machine, sha256 "),
                validate.out());
        assertTrue(!validate.out().contains("s3cret"), "a secret is never printed");
    }

    @Test
    void runRefusesABrokenConfigWithExitTwoAndStartsNothing() {
        CliRun refused = run("run", "--config", dir.resolve("missing.yaml").toString());
        assertEquals(2, refused.exit());
        assertTrue(refused.err().contains("missing.yaml"), refused.err());
        assertTrue(refused.err().contains("not started"), refused.err());
    }

    @Test
    void mistypedCommandsGetASuggestionAndExitTwo() {
        CliRun mistyped = run("confg");
        assertEquals(2, mistyped.exit());
        assertTrue(mistyped.err().contains("config"), mistyped.err());
        CliRun withoutConfig = run("run");
        assertEquals(2, withoutConfig.exit());
        assertTrue(withoutConfig.err().contains("--config"), withoutConfig.err());
    }

    @Test
    void helpShowsTheCommandsAndExitCodes() {
        CliRun help = run("--help");
        assertEquals(0, help.exit());
        for (String expected : new String[] {"run", "demo", "config", "Exit codes", "2  bad input", "3  the agent is busy"}) {
            assertTrue(help.out().contains(expected), "help mentions " + expected + ":\n" + help.out());
        }
    }
}
