package io.edgeagent.agent.feed;

import io.edgeagent.agent.buffer.OutboxStats;
import io.edgeagent.agent.capacity.CapacityPicture;
import java.util.List;
import java.util.Objects;

/**
 * The agent's health at one moment, as the {@code status} command answers it.
 *
 * @param identity what the agent runs (version, config hash, machines)
 * @param uplink   the broker connection
 * @param buffer   what waits in the outbox and what it had to drop
 * @param machines each machine's state, open window and offer
 */
public record StatusReport(AgentIdentity identity, UplinkStatus uplink, OutboxStats buffer,
        List<CapacityPicture> machines) {

    public StatusReport {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(uplink, "uplink");
        Objects.requireNonNull(buffer, "buffer");
        machines = List.copyOf(machines);
    }
}
