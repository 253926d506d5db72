package io.edgeagent.agent.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every command that talks to the agent shares: where its config is, and how to print. */
final class AgentOptions {

    static final String DEFAULT_CONFIG = "/etc/edge-agent/agent.yaml";

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = DEFAULT_CONFIG,
            description = {"the agent's YAML config, to find its data dir and control socket",
                "(default: ${DEFAULT-VALUE})"})
    Path config;

    @Option(names = "--json", description = "print JSON for scripts instead of text for people")
    boolean json;
}
