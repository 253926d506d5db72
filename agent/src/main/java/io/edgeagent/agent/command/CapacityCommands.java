package io.edgeagent.agent.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeagent.agent.buffer.PayloadWriter;
import io.edgeagent.agent.capacity.CapacityEngine;
import io.edgeagent.agent.capacity.CommandAnswer;
import io.edgeagent.agent.capacity.ReserveRequest;
import io.edgeagent.agent.ingest.Ingest;
import io.edgeagent.agent.uplink.Payloads;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The platform's {@code reserve} and {@code release} commands. Requests are parsed on the MQTT client's
 * thread and carried out by the capacity engine on the ingest thread that owns it, so a reservation is
 * checked against exactly the states and windows the agent has published.
 *
 * <pre>
 * reserve: {"requestId": "r-1", "machine": "imm-07", "window": "imm-07-20261201T0800Z"}
 *      or: {"requestId": "r-1", "machine": "imm-07", "start": "2026-12-01T08:00:00Z", "end": "2026-12-01T10:00:00Z",
 *           "reference": "order 4711"}
 * release: {"requestId": "r-2", "reservation": "res-..."}
 * </pre>
 */
public final class CapacityCommands {

    static final String RESERVE = "reserve";
    static final String RELEASE = "release";

    private final Ingest ingest;
    private final CapacityEngine engine;
    private final Payloads payloads;
    private final Clock clock;

    public CapacityCommands(Ingest ingest, CapacityEngine engine, Payloads payloads, Clock clock) {
        this.ingest = ingest;
        this.engine = engine;
        this.payloads = payloads;
        this.clock = clock;
    }

    Map<String, Command> commands() {
        return Map.of(RESERVE, (id, request) -> carryOut(reserve(id, request)),
                RELEASE, (id, request) -> carryOut(release(id, request)));
    }

    private CompletableFuture<PayloadWriter> carryOut(Supplier<CommandAnswer> work) {
        return ingest.submit(work).thenApply(answer -> seq -> payloads.answer(seq, answer));
    }

    private Supplier<CommandAnswer> reserve(String requestId, JsonNode request) {
        String machine = Requests.required(request, "machine");
        String window = Requests.text(request, "window");
        Instant start = Requests.instant(request, "start");
        Instant end = Requests.instant(request, "end");
        if (window == null && (start == null || end == null)) {
            throw new BadRequest("give either 'window' (a forecast window id) or both 'start' and 'end'");
        }
        if (window != null && (start != null || end != null)) {
            throw new BadRequest("give either 'window' or 'start' and 'end', not both");
        }
        ReserveRequest r = new ReserveRequest(requestId, machine, window, start, end, Requests.text(request, "reference"));
        return () -> engine.reserve(r, clock.instant());
    }

    private Supplier<CommandAnswer> release(String requestId, JsonNode request) {
        String reservation = Requests.required(request, "reservation");
        return () -> engine.release(requestId, reservation, clock.instant());
    }
}
