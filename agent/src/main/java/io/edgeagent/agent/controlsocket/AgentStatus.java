package io.edgeagent.agent.controlsocket;

import io.edgeagent.agent.buffer.OutboxStats;
import io.edgeagent.agent.capacity.CapacityPicture;
import io.edgeagent.agent.feed.UplinkStatus;
import io.edgeagent.agent.ingest.MachineSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The agent's health for {@code edge-agent status}.
 *
 * @param agent           what it runs
 * @param at              the moment the machines were read
 * @param uplink          the broker connection
 * @param buffer          what waits in the outbox and what it dropped
 * @param oldestEvent     when the oldest waiting event was accepted, or {@code null} when none waits
 * @param oldestTelemetry the same for telemetry
 * @param droppedReadings readings ingest dropped since start because its queue was full
 * @param machines        every machine, in config order
 * @param capacity        every machine's open idle window and offer, in config order, read at the same moment
 */
public record AgentStatus(AgentInfo agent, Instant at, UplinkStatus uplink, OutboxStats buffer, Instant oldestEvent,
        Instant oldestTelemetry, long droppedReadings, List<MachineSnapshot> machines,
        List<CapacityPicture> capacity) {

    public AgentStatus {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(uplink, "uplink");
        Objects.requireNonNull(buffer, "buffer");
        machines = List.copyOf(machines);
        capacity = List.copyOf(capacity);
    }
}
