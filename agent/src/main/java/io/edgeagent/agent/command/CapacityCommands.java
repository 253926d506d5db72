package io.edgeagent.agent.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeagent.agent.buffer.PayloadWriter;
import io.edgeagent.agent.capacity.CapacityEngine;
import io.edgeagent.agent.capacity.CommandAnswer;
import io.edgeagent.agent.capacity.ReserveRequest;
import io.edgeagent.agent.ingest.Ingest;
import io.edgeagent.agent.uplink.CommandHandler;
import io.edgeagent.agent.uplink.Payloads;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The platform's {@code reserve} and {@code release} commands. Requests are parsed here, on the MQTT
 * client's thread, and carried out by the capacity engine on the ingest thread that owns it, so a
 * reservation is checked against exactly the states and windows the agent has published.
 *
 * <pre>
 * reserve: {"requestId": "r-1", "machine": "imm-07", "window": "imm-07-20261201T0800Z"}
 *      or: {"requestId": "r-1", "machine": "imm-07", "start": "2026-12-01T08:00:00Z", "end": "2026-12-01T10:00:00Z",
 *           "reference": "order 4711"}
 * release: {"requestId": "r-2", "reservation": "res-..."}
 * </pre>
 */
public final class CapacityCommands implements CommandHandler {

    static final String RESERVE = "reserve";
    static final String RELEASE = "release";
    private static final int MAX_ID_LENGTH = 128;

    private final ObjectMapper json = new ObjectMapper();
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

    @Override
    public Set<String> names() {
        return Set.of(RESERVE, RELEASE);
    }

    @Override
    public CompletableFuture<PayloadWriter> handle(String name, byte[] payload) {
        JsonNode request;
        try {
            request = json.readTree(payload);
        } catch (JsonProcessingException e) {
            return done(failure(name, null, "the payload is not JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            return done(failure(name, null, "the payload could not be read: " + e.getMessage()));
        }
        if (request == null || !request.isObject()) {
            return done(failure(name, null, "the payload must be a JSON object"));
        }
        String requestId;
        try {
            requestId = text(request, "requestId");
        } catch (BadRequest e) {
            requestId = null;
        }
        if (requestId == null || requestId.isBlank() || requestId.length() > MAX_ID_LENGTH) {
            return done(failure(name, null, "'requestId' is required: a string of 1 to " + MAX_ID_LENGTH
                    + " characters, unique per request (a retry repeats it)"));
        }
        try {
            Supplier<CommandAnswer> work = RESERVE.equals(name) ? reserve(requestId, request) : release(requestId, request);
            return ingest.submit(work).thenApply(answer -> seq -> payloads.answer(seq, answer));
        } catch (BadRequest e) {
            return done(failure(name, requestId, e.getMessage()));
        }
    }

    @Override
    public PayloadWriter failure(String name, String reason) {
        return failure(name, null, reason);
    }

    private PayloadWriter failure(String name, String requestId, String reason) {
        return seq -> payloads.error(seq, name, requestId, reason);
    }

    private Supplier<CommandAnswer> reserve(String requestId, JsonNode request) {
        String machine = required(request, "machine");
        String window = text(request, "window");
        Instant start = instant(request, "start");
        Instant end = instant(request, "end");
        if (window == null && (start == null || end == null)) {
            throw new BadRequest("give either 'window' (a forecast window id) or both 'start' and 'end'");
        }
        if (window != null && (start != null || end != null)) {
            throw new BadRequest("give either 'window' or 'start' and 'end', not both");
        }
        ReserveRequest r = new ReserveRequest(requestId, machine, window, start, end, text(request, "reference"));
        return () -> engine.reserve(r, clock.instant());
    }

    private Supplier<CommandAnswer> release(String requestId, JsonNode request) {
        String reservation = required(request, "reservation");
        return () -> engine.release(requestId, reservation, clock.instant());
    }

    private static String required(JsonNode request, String field) {
        String value = text(request, field);
        if (value == null || value.isBlank()) {
            throw new BadRequest("'" + field + "' is required");
        }
        return value;
    }

    private static String text(JsonNode request, String field) {
        JsonNode v = request.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new BadRequest("'" + field + "' must be a string");
        }
        return v.asText();
    }

    private static Instant instant(JsonNode request, String field) {
        String v = text(request, field);
        if (v == null) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new BadRequest("'" + field + "' is not a UTC ISO-8601 time like 2026-12-01T08:00:00Z: " + v);
        }
    }

    private static CompletableFuture<PayloadWriter> done(PayloadWriter answer) {
        return CompletableFuture.completedFuture(answer);
    }

    /** A request that cannot be carried out as written; its message is the answer's reason. */
    private static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message, null, false, false);
        }
    }
}
