package io.edgeagent.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The agent's own class path is what a device has (issue 17, item 5: the device gets only the agent): the CLI still
 * lists {@code demo}, and asked for it says that it is not installed and where it runs, whatever options it got.
 */
class DemoNotInstalledTest {

    @Test
    void theHelpListsTheDemoAsNotInstalledHere() {
        CliRun help = CliRun.run("--help");
        assertEquals(0, help.exit(), help.err());
        assertTrue(help.out().lines().anyMatch(
                line -> line.matches(" +demo +Not installed here: the demo runs from a source checkout\\.")), help.out());
    }

    @Test
    void theDemoSaysItIsNotInstalledAndWhereItRunsAndFails() {
        for (String[] args : new String[][] {{"demo"}, {"demo", "--no-agent", "--config", "x.yaml"}}) {
            CliRun demo = CliRun.run(args);
            assertEquals(Main.FAILED, demo.exit(), String.join(" ", args));
            assertEquals(DemoNotInstalled.MESSAGE + System.lineSeparator(), demo.err(), String.join(" ", args));
            assertEquals("", demo.out());
        }
    }
}
