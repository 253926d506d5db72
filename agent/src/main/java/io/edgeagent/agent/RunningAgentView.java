package io.edgeagent.agent;

import io.edgeagent.agent.buffer.BufferReader;
import io.edgeagent.agent.buffer.MessageClass;
import io.edgeagent.agent.buffer.Outbox;
import io.edgeagent.agent.buffer.OutboxStats;
import io.edgeagent.agent.capacity.CapacityEngine;
import io.edgeagent.agent.capacity.CapacityPicture;
import io.edgeagent.agent.controlsocket.AgentInfo;
import io.edgeagent.agent.controlsocket.AgentStatus;
import io.edgeagent.agent.controlsocket.AgentView;
import io.edgeagent.agent.feed.UplinkStatus;
import io.edgeagent.agent.ingest.Ingest;
import io.edgeagent.agent.ingest.MachineSnapshot;
import io.edgeagent.agent.ingest.ReadingListener;
import io.edgeagent.agent.sharing.SharingOffers;
import io.edgeagent.agent.sharing.SharingRule;
import io.edgeagent.agent.state.StateExplanation;
import io.edgeagent.agent.uplink.Uplink;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The running agent as the control socket and the metrics endpoint see it. Machines, states and windows are read
 * on the ingest thread, which owns them; the buffer and the uplink are read on the caller's thread just before, so
 * that a slow H2 query never holds up ingest.
 */
final class RunningAgentView implements AgentView {

    private final AgentInfo info;
    private final Map<String, List<String>> configured;
    private final Ingest ingest;
    private final CapacityEngine capacity;
    private final SharingOffers offers;
    private final Outbox outbox;
    private final Uplink uplink;
    private final Clock clock;

    RunningAgentView(AgentInfo info, Map<String, List<String>> configured, Ingest ingest, CapacityEngine capacity,
                     SharingOffers offers, Outbox outbox, Uplink uplink, Clock clock) {
        this.offers = offers;
        this.info = info;
        this.configured = configured;
        this.ingest = ingest;
        this.capacity = capacity;
        this.outbox = outbox;
        this.uplink = uplink;
        this.clock = clock;
    }

    @Override
    public Map<String, List<String>> configured() {
        return configured;
    }

    @Override
    public CompletableFuture<AgentStatus> status() {
        UplinkStatus link = uplink.status();
        OutboxStats buffer = outbox.stats();
        Instant oldestEvent = outbox.oldest(MessageClass.EVENT).orElse(null);
        Instant oldestTelemetry = outbox.oldest(MessageClass.TELEMETRY).orElse(null);
        return ingest.submit(() -> new AgentStatus(info, clock.instant(), link, buffer, oldestEvent, oldestTelemetry,
                ingest.droppedReadings(), ingest.machines(), capacity.pictures()));
    }

    @Override
    public CompletableFuture<List<MachineSnapshot>> machines() {
        return ingest.submit(ingest::machines);
    }

    @Override
    public CompletableFuture<Optional<StateExplanation>> explain(String machineId) {
        return ingest.submit(() -> ingest.explain(machineId));
    }

    @Override
    public CompletableFuture<List<CapacityPicture>> windows() {
        return ingest.submit(capacity::pictures);
    }

    @Override
    public Map<String, List<SharingRule>> sharingRules() {
        Map<String, List<SharingRule>> rules = new LinkedHashMap<>();
        offers.offers().forEach(o -> rules.put(o.machineId(), o.rules()));
        return rules;
    }

    @Override
    public Optional<BufferReader> buffer() {
        return Optional.of(outbox);
    }

    @Override
    public void addListener(ReadingListener listener) {
        ingest.addListener(listener);
    }

    @Override
    public void removeListener(ReadingListener listener) {
        ingest.removeListener(listener);
    }
}
