package io.edgeagent.agent.controlsocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeagent.agent.buffer.MessageClass;
import io.edgeagent.agent.buffer.Outbox;
import io.edgeagent.agent.testing.OutboxView;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The {@code buffer} op over a real socket, answered from a real outbox: stats, pages of messages, bad requests. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BufferOpTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final Instant NOW = T0.plusSeconds(90);

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();
    private Outbox outbox;
    private ControlServer server;
    private ControlClient client;

    @BeforeEach
    void start() throws Exception {
        outbox = Outbox.open(dir.resolve("buffer"), Clock.fixed(T0, ZoneOffset.UTC));
        outbox.append(MessageClass.EVENT, "edge/v1/p/gw/machines/imm-01/state", 1, true,
                seq -> ("{\"seq\":" + seq + ",\"state\":\"RUNNING\"}").getBytes(StandardCharsets.UTF_8));
        long last = 0;
        for (int i = 0; i < 5; i++) {
            last = outbox.append(MessageClass.TELEMETRY, "edge/v1/p/gw/machines/imm-01/telemetry", 0, false,
                    seq -> ("{\"seq\":" + seq + ",\"readings\":[\"Ωmega " + "x".repeat(40) + "\"]}").getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(outbox.awaitCommitted(last - 1, Duration.ofSeconds(30)));
        server = ControlServer.bind(dir.resolve(ControlServer.SOCKET_NAME));
        server.serve(new OutboxView(outbox), Clock.fixed(NOW, ZoneOffset.UTC));
        client = ControlClient.connect(dir.resolve(ControlServer.SOCKET_NAME), json);
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
        outbox.close();
    }

    @Test
    void statsTellDepthAgeDropsAndTheFile() throws Exception {
        JsonNode answer = client.ask(request());
        assertTrue(answer.get("ok").asBoolean(), answer.toString());
        assertEquals("agent", answer.get("source").asText());
        assertEquals("2026-11-24T10:01:30.000Z", answer.get("at").asText());
        JsonNode b = answer.get("buffer");
        assertEquals(dir.resolve("buffer").resolve("outbox.mv.db").toString(), b.get("file").asText());
        assertEquals(Files.size(dir.resolve("buffer").resolve("outbox.mv.db")), b.get("fileBytes").asLong());
        assertEquals(outbox.stats().bytes(), b.get("storedBytes").asLong());
        assertEquals(6, b.get("lastSeq").asLong());
        assertEquals(1, b.get("events").get("waiting").asLong());
        assertEquals(5, b.get("telemetry").get("waiting").asLong());
        assertEquals("2026-11-24T10:00:00.000Z", b.get("telemetry").get("oldest").asText());
        assertEquals(90, b.get("telemetry").get("oldestAgeSeconds").asLong());
        assertEquals(0, b.get("telemetry").get("dropped").asLong());
        assertEquals(0, b.get("quarantined").size());
        assertFalse(answer.has("messages"), "no class, no messages");
    }

    @Test
    void messagesComeInPagesOldestFirstWithPayloadsCutToWhatWasAsked() throws Exception {
        JsonNode first = client.ask(request().put("class", "telemetry").put("limit", 2).put("payloadChars", 16));
        List<Long> seqs = new ArrayList<>();
        first.get("messages").forEach(m -> seqs.add(m.get("seq").asLong()));
        assertEquals(List.of(2L, 3L), seqs);
        JsonNode m = first.get("messages").get(0);
        assertEquals("telemetry", m.get("class").asText());
        assertEquals("edge/v1/p/gw/machines/imm-01/telemetry", m.get("topic").asText());
        assertEquals(0, m.get("qos").asInt());
        assertFalse(m.get("retained").asBoolean());
        assertEquals("2026-11-24T10:00:00.000Z", m.get("acceptedAt").asText());
        String whole = "{\"seq\":2,\"readings\":[\"Ωmega " + "x".repeat(40) + "\"]}";
        assertEquals(whole.getBytes(StandardCharsets.UTF_8).length, m.get("size").asInt(), "size counts bytes");
        assertEquals(whole.substring(0, 16), m.get("payload").asText(), "cut after 16 characters, Ω being one");
        assertTrue(m.get("truncated").asBoolean());

        JsonNode next = client.ask(request().put("class", "telemetry").put("after", 3).put("limit", 50));
        assertEquals(3, next.get("messages").size());
        assertEquals(4, next.get("messages").get(0).get("seq").asLong());
        assertEquals("{\"seq\":4,\"readings\":[\"Ωmega " + "x".repeat(40) + "\"]}",
                next.get("messages").get(0).get("payload").asText(), "whole payloads unless asked otherwise");
        assertFalse(next.get("messages").get(0).get("truncated").asBoolean());

        JsonNode events = client.ask(request().put("class", "events").put("limit", 10));
        assertEquals(1, events.get("messages").size());
        assertTrue(events.get("messages").get(0).get("retained").asBoolean());
        assertEquals(6, outbox.stats().events() + outbox.stats().telemetry(), "reading removed nothing");
    }

    @Test
    void aBadBufferRequestSaysWhatToSend() throws Exception {
        assertBad(client.ask(request().put("limit", 5)), "\"limit\" needs a \"class\": events or telemetry");
        assertBad(client.ask(request().put("class", "alarms").put("limit", 5)), "unknown class 'alarms': events or telemetry");
        assertBad(client.ask(request().put("class", "events").put("limit", 51)), "\"limit\" must be 1 to 50");
        assertBad(client.ask(request().put("class", "events")), "\"limit\" must be 1 to 50");
        assertBad(client.ask(request().put("class", "events").put("limit", 5).put("after", -1)), "\"after\" must be");
        assertBad(client.ask(request().put("class", "events").put("limit", "5")), "\"limit\" must be a whole number");
        assertTrue(client.ask(request()).get("ok").asBoolean(), "the connection stays usable");
    }

    private ObjectNode request() {
        return json.createObjectNode().put("op", "buffer");
    }

    private static void assertBad(JsonNode answer, String error) {
        assertFalse(answer.get("ok").asBoolean(), answer.toString());
        assertTrue(answer.get("badRequest").asBoolean(), answer.toString());
        assertTrue(answer.get("error").asText().startsWith(error), answer.toString());
    }
}
