package io.edgeagent.agent.cli;

import io.edgeagent.agent.config.AgentConfig;
import io.edgeagent.agent.config.ConfigException;
import io.edgeagent.agent.config.ConfigLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code edge-agent config ...}: work with the technician's YAML without a running agent. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Check the agent's YAML config.",
        subcommands = {ConfigCommand.Validate.class})
final class ConfigCommand {

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = {"Check a config file and print every problem, each with its fix.",
                "Each problem is printed as file:line:column, what is wrong and how to put it right.",
                "Exits 0 when the file is valid, 2 when it is not."},
            footer = {"", "Example:", "  edge-agent config validate /etc/edge-agent/agent.yaml"})
    static final class Validate implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "the YAML config to check")
        Path file;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                AgentConfig config = ConfigLoader.load(file);
                out.printf("%s: valid (agent %s, site %s, %d machines, sha256 %s)%n", file, config.agent().id(),
                        config.agent().site(), config.machines().size(), config.sourceHash().substring(0, 12));
                return 0;
            } catch (ConfigException e) {
                err.println(e.format());
                err.printf("%d problem%s in %s%n", e.problems().size(), e.problems().size() == 1 ? "" : "s", file);
                return Main.BAD_INPUT;
            }
        }
    }
}
