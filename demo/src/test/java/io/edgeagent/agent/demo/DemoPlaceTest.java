package io.edgeagent.agent.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.agent.cli.Main;
import io.edgeagent.agent.config.AgentConfig;
import io.edgeagent.agent.config.ConfigLoader;
import io.edgeagent.agent.controlsocket.ControlServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The demo's agent is where the CLI looks for it (issue 21, item 1: `status --config config/demo.yaml` said "not
 * running" while the demo ran, because the demo kept its data in a temporary folder).
 */
class DemoPlaceTest {

    @TempDir
    Path dir;

    @Test
    void inACheckoutTheDemoRunsConfigDemoYamlAndTheCliFindsItsSocketByThatFile() throws Exception {
        Path config = Files.createDirectories(dir.resolve("config")).resolve("demo.yaml");
        Files.copy(Path.of("../config/demo.yaml"), config);
        Files.createDirectories(dir.resolve("bin"));
        Files.writeString(dir.resolve("bin/edge-agent"), "#!/bin/sh\n");
        assertTrue(dir.resolve("bin/edge-agent").toFile().setExecutable(true));

        DemoPlace place = DemoPlace.choose(null, dir);

        assertEquals(config, place.config());
        AgentConfig loaded = ConfigLoader.load(place.config());
        assertTrue(statusWithoutAgent(config).contains("no control socket at "
                        + loaded.agent().dataDir().resolve(ControlServer.SOCKET_NAME) + ","),
                "the socket the demo's agent opens is the one `status --config config/demo.yaml` looks at");
        assertEquals(dir.resolve("config/demo-data"), loaded.agent().dataDir(), "a stable data dir in the checkout");
        assertEquals(ConfigLoader.hashOf(config).orElseThrow(), loaded.sourceHash(),
                "the demo runs the file unchanged, so `status` reports no change on disk");
        List<String> commands = place.cliCommands(dir, "imm-01");
        assertTrue(commands.contains("bin/edge-agent status --config config/demo.yaml"), commands.toString());
        assertTrue(commands.contains("bin/edge-agent why imm-01 --config config/demo.yaml"), commands.toString());
    }

    /** What {@code edge-agent status --config FILE} says where no agent runs: it names the socket it looked for. */
    private static String statusWithoutAgent(Path config) {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(Map.of());
        cli.setErr(new PrintWriter(err, true));
        assertEquals(Main.FAILED, cli.execute("status", "--config", config.toString()));
        return err.toString();
    }

    @Test
    void outsideACheckoutTheBundledConfigIsWrittenOnceAndKept() throws Exception {
        DemoPlace first = DemoPlace.choose(null, dir);
        Path copy = dir.resolve("edge-agent-demo/demo.yaml");
        assertEquals(copy, first.config());
        Files.writeString(copy, Files.readString(copy) + "# edited by the technician\n");

        DemoPlace again = DemoPlace.choose(null, dir);

        assertTrue(Files.readString(again.config()).endsWith("# edited by the technician\n"), "not overwritten");
        assertEquals(dir.resolve("edge-agent-demo/demo-data"), ConfigLoader.load(again.config()).agent().dataDir());
        assertEquals("edge-agent status --config edge-agent-demo/demo.yaml", again.cliCommands(dir, "imm-01").get(0));
    }

    @Test
    void aGivenConfigIsUsedAsItIsAndNamedAbsoluteWhenOutsideTheWorkingFolder() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere")).resolve("plant.yaml");
        DemoPlace place = DemoPlace.choose(elsewhere, dir.resolve("work"));
        assertEquals(elsewhere, place.config());
        assertEquals("edge-agent doctor --config " + elsewhere, place.cliCommands(dir.resolve("work"), "m").get(4));
    }
}
