package io.edgeagent.agent.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeagent.agent.capacity.CapacityEngine;
import io.edgeagent.agent.capacity.CommandAnswer;
import io.edgeagent.agent.capacity.ReserveRequest;
import io.edgeagent.agent.feed.json.Payloads;
import io.edgeagent.agent.ingest.Ingest;
import io.edgeagent.agent.storage.MovedAside;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The platform's {@code reserve} and {@code release} commands, and {@code reservations}, which lists what the agent
 * holds so the platform can reconcile (after a damaged capacity store was moved aside, it holds nothing). Requests are parsed on the uplink's command
 * thread and carried out by the capacity engine on the ingest thread that owns it, so a reservation is
 * checked against exactly the states and windows the agent has published.
 *
 * <pre>
 * reserve: {"requestId": "r-1", "machine": "imm-07", "window": "imm-07-20261201T0800Z"}
 *      or: {"requestId": "r-1", "machine": "imm-07", "start": "2026-12-01T08:00:00Z", "end": "2026-12-01T10:00:00Z",
 *           "reference": "order 4711"}
 * release: {"requestId": "r-2", "reservation": "res-..."}
 * reservations: {"requestId": "r-3"}
 * </pre>
 */
public final class CapacityCommands {

    static final String RESERVE = "reserve";
    static final String RELEASE = "release";
    static final String RESERVATIONS = "reservations";
    /** Machine ids are 1 to 64 characters, as the config allows and the capacity store keeps them. */
    static final int MAX_MACHINE_LENGTH = 64;
    /** A window id is its machine's id and a start time ({@code imm-07-20261201T0800Z}); this leaves room. */
    static final int MAX_WINDOW_LENGTH = 128;
    /** Reservation ids are {@code res-} and a UUID; the capacity store keeps 64 characters. */
    static final int MAX_RESERVATION_LENGTH = 64;
    /** What the capacity store keeps of the platform's reference. */
    static final int MAX_REFERENCE_LENGTH = 256;

    private final Ingest ingest;
    private final CapacityEngine engine;
    private final Payloads payloads;
    private final Clock clock;
    private final Optional<MovedAside> storeReset;

    /** @param storeReset the damaged capacity store this start moved aside, losing its reservations, if it did */
    public CapacityCommands(Ingest ingest, CapacityEngine engine, Payloads payloads, Clock clock,
                            Optional<MovedAside> storeReset) {
        this.ingest = ingest;
        this.engine = engine;
        this.payloads = payloads;
        this.clock = clock;
        this.storeReset = storeReset;
    }

    Map<String, Command> commands() {
        return Map.of(RESERVE, (id, request) -> carryOut(reserve(id, request)),
                RELEASE, (id, request) -> carryOut(release(id, request)),
                RESERVATIONS, (id, request) -> reservations(id));
    }

    /** Read on the ingest thread, which owns the engine: the list is one consistent moment. */
    private CompletableFuture<byte[]> reservations(String requestId) {
        return ingest.submit(() -> engine.pictures().stream().flatMap(p -> p.reservations().stream()).toList())
                .thenApply(list -> payloads.reservationsAnswer(requestId, list, storeReset));
    }

    private CompletableFuture<byte[]> carryOut(Supplier<CommandAnswer> work) {
        return ingest.submit(work).thenApply(payloads::answer);
    }

    private Supplier<CommandAnswer> reserve(String requestId, JsonNode request) {
        String machine = Requests.required(request, "machine", MAX_MACHINE_LENGTH);
        String window = Requests.text(request, "window", MAX_WINDOW_LENGTH);
        Instant start = Requests.instant(request, "start");
        Instant end = Requests.instant(request, "end");
        if (window == null && (start == null || end == null)) {
            throw new BadRequest("give either 'window' (a forecast window id) or both 'start' and 'end'");
        }
        if (window != null && (start != null || end != null)) {
            throw new BadRequest("give either 'window' or 'start' and 'end', not both");
        }
        ReserveRequest r = new ReserveRequest(requestId, machine, window, start, end, Requests.text(request, "reference",
                MAX_REFERENCE_LENGTH));
        return () -> engine.reserve(r, clock.instant());
    }

    private Supplier<CommandAnswer> release(String requestId, JsonNode request) {
        String reservation = Requests.required(request, "reservation", MAX_RESERVATION_LENGTH);
        return () -> engine.release(requestId, reservation, clock.instant());
    }
}
