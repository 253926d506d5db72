package io.edgeagent.agent.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code edge-agent demo} on a device, whose package carries no demo: it says so and where the demo runs. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Not installed here: the demo runs from a source checkout.",
            "The device package carries only the agent, without the demo's simulated machines and MQTT broker."
                + " Run the demo from a checkout of the source (a JDK 17 and Maven are all it needs): see the"
                + " project's README."},
        footer = {"", "Example, in a checkout:",
            "  bin/edge-agent demo"})
final class DemoNotInstalled implements Callable<Integer> {

    static final String MESSAGE = "edge-agent demo: the demo is not installed here, the device package carries only"
            + " the agent. Run it from a checkout of the source: bin/edge-agent demo (see the project's README).";

    @Spec
    CommandSpec spec;

    /** The demo's options, as someone used to the checkout gives them: the answer is the same. */
    @Unmatched
    List<String> given;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println(MESSAGE);
        return Main.FAILED;
    }
}
