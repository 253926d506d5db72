package io.edgeagent.agent.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeagent.agent.feed.json.Payloads;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the router answers before and after a command runs: limits named, internals never quoted. */
class CommandRouterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T08:15:30Z"), ZoneOffset.UTC);
    private static final Payloads PAYLOADS = new Payloads("gw-test", 1L, CLOCK);
    /** What H2 says when a value does not fit its column: the kind of text a requester must never see. */
    private static final String SQL_FAILURE = "Value too long for column \"REFERENCE CHARACTER VARYING(256)\";"
            + " SQL statement: INSERT INTO reservation (id, machine, start_ms, end_ms, request_id, reference)";

    /** Every text field of every request, over its limit: the answer names the field and the limit. */
    @ParameterizedTest
    @CsvSource({
            "reserve, requestId, 128",
            "reserve, machine, 64",
            "reserve, window, 128",
            "reserve, reference, 256",
            "reserve, start, 30",
            "release, requestId, 128",
            "release, reservation, 64",
            "status, requestId, 128"})
    void aFieldOverItsLengthIsABadRequestNamingFieldAndLimit(String command, String field, int limit) throws Exception {
        Map<String, String> request = new LinkedHashMap<>(switch (command) {
            case "reserve" -> Map.of("requestId", "r-1", "machine", "imm-01", "start", "2026-03-03T07:00:00Z",
                    "end", "2026-03-03T09:00:00Z");
            case "release" -> Map.of("requestId", "r-1", "reservation", "res-1");
            default -> Map.of("requestId", "r-1");
        });
        if (field.equals("window")) {
            request.remove("start");
            request.remove("end");
        }
        request.put(field, "x".repeat(limit + 1));
        JsonNode answer = answer(router(), command, JSON.writeValueAsString(request));
        assertEquals("error", answer.get("result").asText());
        String reason = answer.get("reason").asText();
        assertTrue(reason.contains("'" + field + "'") && reason.contains(String.valueOf(limit)), reason);
    }

    /** A 300-character reference used to reach the store and come back as its SQL error. */
    @Test
    void aLongReferenceIsRefusedBeforeItReachesTheStore() throws Exception {
        JsonNode answer = answer(router(), "reserve", JSON.writeValueAsString(Map.of("requestId", "r-2",
                "machine", "imm-01", "start", "2026-03-03T07:00:00Z", "end", "2026-03-03T09:00:00Z",
                "reference", "r".repeat(300))));
        assertEquals("'reference' is 300 characters long, over the limit of 256", answer.get("reason").asText());
        assertEquals("r-2", answer.get("requestId").asText());
    }

    /** A command that fails inside, by an exception or by an Error thrown at once: a reference, not the text. */
    @Test
    void anInternalFailureIsAnsweredWithAReferenceNeverItsText() throws Exception {
        CommandRouter router = new CommandRouter(PAYLOADS).add(Map.of(
                "reserve", (id, request) -> CompletableFuture.failedFuture(new IllegalStateException(SQL_FAILURE)),
                "release", (id, request) -> {
                    throw new StackOverflowError(SQL_FAILURE);
                }));
        for (String command : new String[] {"reserve", "release"}) {
            JsonNode answer = answer(router, command, "{\"requestId\":\"r-3\",\"machine\":\"imm-01\"}");
            String reason = answer.get("reason").asText();
            assertEquals("error", answer.get("result").asText(), command);
            assertEquals("r-3", answer.get("requestId").asText(), command);
            assertTrue(reason.matches("internal error, see the agent log \\(ref [0-9a-f]{8}\\)"), reason);
            assertFalse(reason.contains("SQL") || reason.contains("Value too long"), reason);
        }
    }

    private static CommandRouter router() {
        return new CommandRouter(PAYLOADS).add(new CapacityCommands(null, null, PAYLOADS, CLOCK, Optional.empty()))
                .add(new AgentCommands(null, null, null, null, null, PAYLOADS, null));
    }

    private static JsonNode answer(CommandRouter router, String command, String request) throws Exception {
        byte[] payload = router.handle(command, request.getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);
        return JSON.readTree(payload);
    }
}
