package io.edgeagent.agent.command;

import io.edgeagent.agent.buffer.Outbox;
import io.edgeagent.agent.buffer.PayloadWriter;
import io.edgeagent.agent.capacity.CapacityEngine;
import io.edgeagent.agent.ingest.Ingest;
import io.edgeagent.agent.uplink.AgentIdentity;
import io.edgeagent.agent.uplink.Payloads;
import io.edgeagent.agent.uplink.StatusReport;
import io.edgeagent.agent.uplink.Uplink;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Commands about the agent itself: {@code status} (its health: uplink, buffer, every machine's state and
 * offer) and {@code rebirth} (publish the birth and every retained message again, for a platform that lost
 * its view). Both take only a {@code requestId}.
 */
public final class AgentCommands {

    static final String STATUS = "status";
    static final String REBIRTH = "rebirth";

    private final Ingest ingest;
    private final CapacityEngine engine;
    private final Outbox outbox;
    private final Uplink uplink;
    private final AgentIdentity identity;
    private final Payloads payloads;

    public AgentCommands(Ingest ingest, CapacityEngine engine, Outbox outbox, Uplink uplink, AgentIdentity identity,
                         Payloads payloads) {
        this.ingest = ingest;
        this.engine = engine;
        this.outbox = outbox;
        this.uplink = uplink;
        this.identity = identity;
        this.payloads = payloads;
    }

    Map<String, Command> commands() {
        return Map.of(STATUS, (id, request) -> status(id), REBIRTH, (id, request) -> rebirth(id));
    }

    /** Gathered on the ingest thread, which owns the engine: the report is one consistent moment. */
    private CompletableFuture<PayloadWriter> status(String requestId) {
        return ingest.submit(() -> new StatusReport(identity, uplink.status(), outbox.stats(), engine.pictures()))
                .thenApply(report -> seq -> payloads.statusAnswer(seq, requestId, report));
    }

    private CompletableFuture<PayloadWriter> rebirth(String requestId) {
        int republished = uplink.requestRebirth();
        return CompletableFuture.completedFuture(seq -> payloads.rebirthAnswer(seq, requestId, republished));
    }
}
