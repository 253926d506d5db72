package io.edgeagent.agent.feed;

import java.util.List;

/**
 * What the birth message says about this agent.
 *
 * @param version    the agent's version
 * @param configHash SHA-256 of the config file in force, so the cloud can tell which config a gateway runs
 * @param machineIds the configured machines, in config order
 */
public record AgentIdentity(String version, String configHash, List<String> machineIds) {

    public AgentIdentity {
        machineIds = List.copyOf(machineIds);
    }
}
