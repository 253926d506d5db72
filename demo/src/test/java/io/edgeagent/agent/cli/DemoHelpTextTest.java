package io.edgeagent.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Every {@code --help} as {@link HelpTextTest} reads it, with the demo module on the class path: the CLI of a
 * checkout, whose {@code edge-agent demo} is the demo's own command with its options, not the device's note.
 */
class DemoHelpTextTest extends HelpTextTest {

    @Test
    void inACheckoutDemoIsTheDemosOwnCommand() {
        CliRun help = CliRun.run("demo", "--help");
        assertEquals(0, help.exit(), help.err());
        assertTrue(help.out().contains("--no-agent"), help.out());
        String list = CliRun.run("--help").out();
        assertTrue(list.lines().anyMatch(line -> line.matches(" +demo +Run simulated machines, a broker and the agent.*")),
                list);
    }
}
