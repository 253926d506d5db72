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
        CliRun validate = run("config", "validate", file.toString());

        assertEquals(2, validate.exit());
        assertEquals(file + ":13:7: YAML syntax error: this line starts in column 7, left of the keys above and below"
                + " it, which start in column 9: indent it to column 9\n"
                + file + ":16:7: unknown key 'runing' under machines[0].state: did you mean 'running'?\n"
                + "2 problems in " + file + "\n", validate.err());
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
