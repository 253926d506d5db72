package io.edgeagent.agent.uplink;

import java.util.Objects;

/**
 * The topic tree of the contract: {@code <topicRoot>/<site>/<agentId>/...}. Ids are validated by the config
 * ({@code [a-z0-9-]}), so they never contain MQTT wildcards or separators.
 */
public record Topics(String topicRoot, String site, String agentId) {

    public Topics {
        Objects.requireNonNull(topicRoot, "topicRoot");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(agentId, "agentId");
    }

    public String base() {
        return topicRoot + "/" + site + "/" + agentId;
    }

    public String status() {
        return base() + "/status";
    }

    public String machineState(String machineId) {
        return machine(machineId) + "/state";
    }

    public String machineTelemetry(String machineId) {
        return machine(machineId) + "/telemetry";
    }

    /** Every topic this agent publishes, for a subscriber. */
    public String all() {
        return base() + "/#";
    }

    private String machine(String machineId) {
        return base() + "/machines/" + machineId;
    }
}
