package io.edgeagent.agent.cli;

import io.edgeagent.agent.config.AgentConfig;
import io.edgeagent.agent.config.ConfigCheck;
import io.edgeagent.agent.config.ConfigException;
import io.edgeagent.agent.config.ConfigLoader;
import io.edgeagent.agent.config.ConfigProblem;
import io.edgeagent.agent.config.EnvironmentFile;
import io.edgeagent.agent.text.Messages;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code edge-agent config ...}: work with the technician's YAML without a running agent. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Check the agent's YAML config.",
        subcommands = {ConfigCommand.Validate.class})
final class ConfigCommand {

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = {"Check a config file and print every problem, each with its fix.",
                "Each problem is printed as file:line:column, what is wrong and how to put it right; a syntax error"
                    + " too, on the line that is out of step, and the rest of the file is still checked.",
                "$${env:NAME} is resolved as the service does: from the environment file (--env-file), then from"
                    + " this shell's environment.",
                "A variable that is not set, or a password or TLS file that is missing or not readable here, is a"
                    + " warning: the agent may run elsewhere or as another user, but it will not start without it"
                    + " (run with sudo on the device to see what the service sees; --strict makes it an error).",
                "Exits 0 when the file has no errors (warnings allowed), 2 when it has."},
            footer = {"", "Examples:",
                "  sudo edge-agent config validate /etc/edge-agent/agent.yaml",
                "  edge-agent config validate agent.yaml --env-file plant7.env",
                "  edge-agent config validate --strict /etc/edge-agent/agent.yaml"})
    static final class Validate implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "the YAML config to check")
        Path file;

        @Option(names = "--env-file", paramLabel = "FILE", defaultValue = "/etc/edge-agent/environment",
                description = "NAME=value lines for $${env:NAME}, read as systemd reads the service's"
                    + " EnvironmentFile= (default: ${DEFAULT-VALUE}; skipped when there is none)")
        Path envFile;

        @Option(names = "--strict", description = "judge the file as run does: a missing variable or file is an error")
        boolean strict;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            EnvironmentFile environment = EnvironmentFile.read(envFile);
            List<ConfigProblem> problems = new ArrayList<>(environment.problems());
            AgentConfig config;
            if (strict) {
                try {
                    config = ConfigLoader.load(file, environment.over(System::getenv));
                } catch (ConfigException e) {
                    config = null;
                    problems.addAll(e.problems());
                }
            } else {
                ConfigCheck check = ConfigLoader.check(file, environment.over(System::getenv));
                config = check.config().orElse(null);
                problems.addAll(check.problems());
            }
            Messages m = Main.messages(spec);
            String warning = m.get("validate.warning");
            problems.forEach(problem -> err.println(problem.format(warning)));
            long errors = problems.stream().filter(ConfigProblem::isError).count();
            long warnings = problems.size() - errors;
            if (errors > 0) {
                err.println(warnings > 0
                        ? m.get("validate.failed.andWarnings", m.count("validate.problems", errors),
                                m.count("validate.warnings", warnings), file)
                        : m.get("validate.failed", m.count("validate.problems", errors), file));
                return Main.BAD_INPUT;
            }
            if (config == null) {
                out.println(m.count("validate.noErrors", warnings, file, m.count("validate.warnings", warnings)));
            } else {
                out.println(m.get("validate.valid", file, config.agent().id(), config.agent().site(),
                        m.count("validate.machines", config.machines().size()), config.sourceHash().substring(0, 12),
                        warnings > 0 ? m.get("validate.valid.warnings", m.count("validate.warnings", warnings), envFile)
                                : ""));
            }
            return 0;
        }
    }
}
