package io.edgeagent.agent.cli;

import io.edgeagent.agent.AgentSupervisor;
import io.edgeagent.agent.buffer.BufferUnavailableException;
import io.edgeagent.agent.capacity.store.StoreUnavailableException;
import io.edgeagent.agent.config.AgentConfig;
import io.edgeagent.agent.config.ConfigException;
import io.edgeagent.agent.config.ConfigLoader;
import io.edgeagent.agent.controlsocket.ControlUnavailableException;
import io.edgeagent.agent.metrics.MetricsUnavailableException;
import io.edgeagent.agent.tls.TlsUnavailableException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code edge-agent run}: the daemon, until SIGTERM or Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the agent (the daemon) on a config file until SIGTERM or Ctrl-C.",
            "A broken config stops the start with every problem listed (exit 2). The platform's reload-config"
                + " command restarts the agent on the file when it changed and is valid; a broken file is refused."},
        footer = {"", "Example:", "  edge-agent run --config /etc/edge-agent/agent.yaml"})
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "the agent's YAML config")
    Path config;

    @Override
    public Integer call() throws InterruptedException {
        AgentConfig loaded;
        try {
            loaded = ConfigLoader.load(config);
        } catch (ConfigException e) {
            spec.commandLine().getErr().println(e.format());
            spec.commandLine().getErr().printf("not started: %d problem%s in %s%n", e.problems().size(),
                    e.problems().size() == 1 ? "" : "s", config);
            return Main.BAD_INPUT;
        }
        AgentSupervisor agent;
        try {
            agent = AgentSupervisor.start(config, loaded, Clock.systemUTC());
        } catch (BufferUnavailableException | StoreUnavailableException | TlsUnavailableException
                 | ControlUnavailableException | MetricsUnavailableException e) {
            spec.commandLine().getErr().println("not started: " + e.getMessage());
            return Main.FAILED;
        }
        ShutdownHook hook = ShutdownHook.install(() -> { });
        hook.started(agent);
        hook.await();
        return 0;
    }
}
