package io.edgeagent.agent.platform;

import io.edgeagent.agent.buffer.Outbox;
import io.edgeagent.agent.capacity.CapacityEngine;
import io.edgeagent.agent.feed.AgentIdentity;
import io.edgeagent.agent.feed.StatusReport;
import io.edgeagent.agent.feed.json.Payloads;
import io.edgeagent.agent.ingest.Ingest;
import io.edgeagent.agent.uplink.Uplink;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Commands about the agent itself: {@code status} (its health: uplink, buffer, every machine's state and
 * offer), {@code rebirth} (publish the birth and every retained message again, for a platform that lost
 * its view) and {@code reload-config} (read the config file again and restart on it when it changed and is
 * valid). All take only a {@code requestId}.
 */
public final class AgentCommands {

    static final String STATUS = "status";
    static final String REBIRTH = "rebirth";
    static final String RELOAD = "reload-config";

    private final Ingest ingest;
    private final CapacityEngine engine;
    private final Outbox outbox;
    private final Uplink uplink;
    private final AgentIdentity identity;
    private final Payloads payloads;
    private final ConfigReloader reloader;

    /** @param reloader carries out {@code reload-config}; {@code null} leaves that command out */
    public AgentCommands(Ingest ingest, CapacityEngine engine, Outbox outbox, Uplink uplink, AgentIdentity identity,
                         Payloads payloads, ConfigReloader reloader) {
        this.ingest = ingest;
        this.engine = engine;
        this.outbox = outbox;
        this.uplink = uplink;
        this.identity = identity;
        this.payloads = payloads;
        this.reloader = reloader;
    }

    Map<String, Command> commands() {
        Map<String, Command> all = new LinkedHashMap<>();
        all.put(STATUS, (id, request) -> status(id));
        all.put(REBIRTH, (id, request) -> rebirth(id));
        if (reloader != null) {
            all.put(RELOAD, (id, request) -> reload(id));
        }
        return all;
    }

    /** Gathered on the ingest thread, which owns the engine: the report is one consistent moment. */
    private CompletableFuture<byte[]> status(String requestId) {
        return ingest.submit(() -> new StatusReport(identity, uplink.status(), outbox.stats(), engine.pictures()))
                .thenApply(report -> payloads.statusAnswer(requestId, report));
    }

    /** Read on the uplink's command thread: reading and checking the file takes milliseconds, the restart is not here. */
    private CompletableFuture<byte[]> reload(String requestId) {
        ReloadOutcome outcome = reloader.reload();
        return CompletableFuture.completedFuture(payloads.reloadAnswer(requestId, outcome.result().name()
                .toLowerCase(Locale.ROOT), outcome.configHash(), outcome.reason()));
    }

    private CompletableFuture<byte[]> rebirth(String requestId) {
        int republished = uplink.requestRebirth();
        return CompletableFuture.completedFuture(payloads.rebirthAnswer(requestId, republished));
    }
}
