package io.edgeagent.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command-line contract: command names, output a person reads, and exit codes scripts rely on. */
class CliTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void versionNamesTheAgentAndItsVersion() {
        assertEquals(0, run("--version"));
        assertTrue(out.toString().matches("(?s)edge-agent \\d+\\.\\d+\\.\\d+.*"), out.toString());
    }

    @Test
    void validateAcceptsTheDemoConfig() {
        assertEquals(0, run("config", "validate", "../config/demo.yaml"));
        assertTrue(out.toString().contains("valid (agent demo-gw01, site demo-plant, 3 machines"), out.toString());
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
        assertEquals(2, run("config", "validate", file.toString()));
        String text = err.toString();
        assertTrue(text.contains("agent.yaml:2:7: "), text);
        assertTrue(text.contains("agent.yaml:9:7: unknown key 'endpiont' under machines[0].opcua: did you mean 'endpoint'?"), text);
        assertTrue(text.contains("problems in " + file), text);
    }

    @Test
    void runRefusesABrokenConfigWithExitTwoAndStartsNothing() {
        assertEquals(2, run("run", "--config", dir.resolve("missing.yaml").toString()));
        assertTrue(err.toString().contains("missing.yaml"), err.toString());
        assertTrue(err.toString().contains("not started"), err.toString());
    }

    @Test
    void mistypedCommandsGetASuggestionAndExitTwo() {
        assertEquals(2, run("confg"));
        assertTrue(err.toString().contains("config"), err.toString());
        assertEquals(2, run("run"));
        assertTrue(err.toString().contains("--config"), err.toString());
    }

    @Test
    void helpShowsTheCommandsAndExitCodes() {
        assertEquals(0, run("--help"));
        String help = out.toString();
        for (String expected : new String[] {"run", "demo", "config", "Exit codes", "2  bad input"}) {
            assertTrue(help.contains(expected), "help mentions " + expected + ":\n" + help);
        }
    }
}
