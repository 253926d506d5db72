package io.edgeagent.agent.config;

import java.util.Objects;

/**
 * The Sparkplug B 3.0 feed ({@code broker.sparkplug}): the agent as one edge node, each machine one device.
 *
 * @param groupId       the Sparkplug group the edge node belongs to
 * @param edgeNodeId    the edge node's id, or {@code null} for the agent's id
 * @param primaryHostId the host application whose {@code spBv1.0/STATE/<id>} must say online before any birth,
 *                      or {@code null} to publish without waiting for a host
 * @param aliases       whether metrics are sent by alias after the births (default true)
 */
public record SparkplugConfig(String groupId, String edgeNodeId, String primaryHostId, boolean aliases) {

    public SparkplugConfig {
        Objects.requireNonNull(groupId, "groupId");
    }

    /** The edge node's id in force: the configured one, else the agent's. */
    public String edgeNodeIdOr(String agentId) {
        return edgeNodeId != null ? edgeNodeId : agentId;
    }
}
