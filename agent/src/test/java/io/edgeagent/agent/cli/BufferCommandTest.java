package io.edgeagent.agent.cli;

import static io.edgeagent.agent.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeagent.agent.buffer.BufferStats;
import io.edgeagent.agent.buffer.MessageClass;
import io.edgeagent.agent.buffer.Outbox;
import io.edgeagent.agent.buffer.OutgoingMessage;
import io.edgeagent.agent.controlsocket.ControlServer;
import io.edgeagent.agent.testing.OutboxView;
import io.edgeagent.agent.text.HumanText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code edge-agent buffer stats|peek|export} on a real buffer file: a stopped agent's, read directly and left
 * exactly as it was, and a running one's, asked over its control socket. Both must tell the same numbers.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BufferCommandTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    /** Small enough that thirty telemetry messages overflow it: some are dropped, and counted. */
    private static final long BUDGET = 3_000;
    private static final String STATE = "edge/v1/plant-a/gw-test/machines/imm-01/state";
    private static final String TELEMETRY = "edge/v1/plant-a/gw-test/machines/imm-01/telemetry";

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();
    private Path config;
    private Path bufferDir;

    @BeforeEach
    void writeConfig() throws IOException {
        config = dir.resolve("agent.yaml");
        Files.writeString(config, """
                agent:
                  id: gw-test
                  site: plant-a
                  timezone: UTC
                  dataDir: ./data
                broker:
                  urls: [ "tcp://127.0.0.1:1883" ]
                machines:
                  - id: imm-01
                    opcua: { endpoint: "opc.tcp://127.0.0.1:4840" }
                    signals:
                      cycleCounter: { node: "ns=2;s=Cycle" }
                """);
        bufferDir = dir.resolve("data").resolve("buffer");
    }

    @Test
    void statsPeekAndExportReadAStoppedAgentsBufferExactlyAndLeaveItAsItWas() throws Exception {
        Files.createDirectories(bufferDir);
        Path aside = bufferDir.resolve("outbox.corrupt-20251231T235900Z.mv.db");
        Files.write(aside, new byte[77]);
        Files.setLastModifiedTime(aside, FileTime.from(Instant.parse("2025-12-31T23:59:00Z")));
        BufferStats expected;
        long droppedSinceStart;
        List<OutgoingMessage> telemetry;
        try (Outbox outbox = fill()) {
            expected = outbox.bufferStats();
            droppedSinceStart = outbox.stats().droppedTelemetry();
            telemetry = outbox.next(MessageClass.TELEMETRY, 0, 100);
        }
        Path file = bufferDir.resolve("outbox.mv.db");
        String digest = sha256(file);
        FileTime modified = Files.getLastModifiedTime(file);
        List<Path> files = list(bufferDir);
        long waitingTelemetry = expected.of(MessageClass.TELEMETRY).waiting();
        assertTrue(droppedSinceStart > 0 && waitingTelemetry > 2, "the budget dropped some telemetry and kept some");

        CliRun stats = run("buffer", "stats", "--config", config.toString(), "--json");
        assertEquals(0, stats.exit(), stats.err());
        JsonNode b = json.readTree(stats.out()).get("buffer");
        assertEquals("file", json.readTree(stats.out()).get("source").asText());
        assertEquals(file.toString(), b.get("file").asText());
        assertEquals(Files.size(file), b.get("fileBytes").asLong());
        assertEquals(expected.storedBytes(), b.get("storedBytes").asLong());
        assertEquals(32, b.get("lastSeq").asLong());
        assertEquals(2, b.get("events").get("waiting").asLong());
        assertEquals(0, b.get("events").get("dropped").asLong());
        assertEquals(waitingTelemetry, b.get("telemetry").get("waiting").asLong());
        assertEquals(30, waitingTelemetry + b.get("telemetry").get("dropped").asLong());
        assertEquals(droppedSinceStart, b.get("telemetry").get("dropped").asLong(), "the drops the outbox counted");
        assertEquals("2026-01-01T10:00:00.000Z", b.get("events").get("oldest").asText());
        assertEquals(aside.toString(), b.get("quarantined").get(0).get("file").asText());
        assertEquals(77, b.get("quarantined").get(0).get("bytes").asLong());
        assertEquals("2025-12-31T23:59:00.000Z", b.get("quarantined").get(0).get("modified").asText());

        CliRun human = run("buffer", "stats", "--config", config.toString());
        assertEquals(0, human.exit(), human.err());
        List<String> lines = human.out().lines().toList();
        assertEquals("buffer       " + file + " (read from the file: the agent is not running)", lines.get(0));
        assertEquals("on disk      " + HumanText.bytes(Files.size(file)) + "; the waiting rows take "
                + HumanText.bytes(expected.storedBytes()) + " of buffer.maxDiskMb; last sequence 32", lines.get(1));
        assertEquals("quarantined  1 unreadable buffer file moved aside at a start, kept for inspection:", lines.get(2));
        assertTrue(lines.get(4).matches("  " + aside + " +77 B +2025-12-31 23:59"), lines.get(4));
        assertTrue(lines.get(6).matches("CLASS +WAITING +OLDEST +AGE +DROPPED"), lines.get(6));
        assertTrue(lines.get(7).matches("events +2 +2026-01-01 10:00 +\\d+ d \\d+ h +0"), lines.get(7));
        assertTrue(lines.get(8).matches("telemetry +" + waitingTelemetry + " +2026-01-01 10:00 +\\d+ d \\d+ h +"
                + droppedSinceStart), lines.get(8));

        CliRun peek = run("buffer", "peek", "--class", "telemetry", "-n", "2", "--config", config.toString(), "--json");
        assertEquals(0, peek.exit(), peek.err());
        JsonNode messages = json.readTree(peek.out()).get("messages");
        assertEquals(2, messages.size());
        assertEquals(telemetry.get(0).seq(), messages.get(0).get("seq").asLong());
        assertEquals(telemetry.get(1).seq(), messages.get(1).get("seq").asLong());
        String whole = new String(telemetry.get(0).payload(), StandardCharsets.UTF_8);
        assertEquals(whole.substring(0, 60), messages.get(0).get("payload").asText(), "cut after 60 characters");
        assertTrue(messages.get(0).get("truncated").asBoolean());
        assertEquals(telemetry.get(0).payload().length, messages.get(0).get("size").asInt());

        CliRun peekHuman = run("buffer", "peek", "-n", "1", "--config", config.toString());
        assertEquals(0, peekHuman.exit(), peekHuman.err());
        List<String> peeked = peekHuman.out().lines().toList();
        assertEquals("events 2 waiting, telemetry " + waitingTelemetry + " waiting; the 1 oldest of each:", peeked.get(1));
        assertTrue(peeked.get(3).matches("SEQ +CLASS +TOPIC +ACCEPTED +AGE +SIZE +PAYLOAD"), peeked.get(3));
        String event = new String(event(1, "RUNNING"), StandardCharsets.UTF_8);
        assertTrue(peeked.get(4).matches("1 +event +" + Pattern.quote(STATE) + " +2026-01-01 10:00 +\\d+ d \\d+ h +"
                + event.length() + " B +" + Pattern.quote(event.substring(0, 60) + "...")), peeked.get(4));
        assertTrue(peeked.get(5).matches(telemetry.get(0).seq() + " +telemetry +" + Pattern.quote(TELEMETRY) + " .* "
                + Pattern.quote(whole.substring(0, 60) + "...")), peeked.get(5));
        assertEquals(6, peeked.size(), peekHuman.out());

        Path exported = dir.resolve("export.jsonl");
        CliRun export = run("buffer", "export", "--config", config.toString(), "--output", exported.toString());
        assertEquals(0, export.exit(), export.err());
        assertEquals("exported " + (2 + waitingTelemetry) + " messages (2 events, " + waitingTelemetry + " telemetry) to "
                + exported + "; nothing was deleted from the buffer", export.out().strip());
        List<JsonNode> exportedLines = jsonLines(Files.readString(exported));
        assertEquals(2 + waitingTelemetry, exportedLines.size());
        JsonNode first = exportedLines.get(0);
        assertEquals(List.of("topic", "seq", "class", "qos", "retained", "acceptedAt", "payload"), fieldNames(first));
        assertEquals(STATE, first.get("topic").asText());
        assertEquals(1, first.get("seq").asLong());
        assertEquals("event", first.get("class").asText());
        assertEquals(1, first.get("qos").asInt());
        assertTrue(first.get("retained").asBoolean());
        assertEquals("2026-01-01T10:00:00.000Z", first.get("acceptedAt").asText());
        assertEquals(json.readTree("{\"seq\":1,\"state\":\"RUNNING\",\"since\":\"2026-01-01T10:00:00.000Z\"}"),
                first.get("payload"), "the payload as JSON, whole");
        for (int i = 0; i < telemetry.size(); i++) {
            JsonNode line = exportedLines.get(2 + i);
            assertEquals(telemetry.get(i).seq(), line.get("seq").asLong(), "telemetry after events, oldest first");
            assertEquals(json.readTree(telemetry.get(i).payload()), line.get("payload"));
        }

        CliRun limited = run("buffer", "export", "--class", "TELEMETRY", "--limit", "3", "--config", config.toString());
        assertEquals(0, limited.exit(), limited.err());
        List<JsonNode> three = jsonLines(limited.out());
        assertEquals(List.of(telemetry.get(0).seq(), telemetry.get(1).seq(), telemetry.get(2).seq()),
                three.stream().map(l -> l.get("seq").asLong()).toList(), "the standard output holds only the lines");

        CliRun again = run("buffer", "export", "--config", config.toString(), "--output", exported.toString());
        assertEquals(2, again.exit());
        assertEquals(exported + " exists already: export never overwrites a file; name a new one", again.err().strip());

        assertEquals(digest, sha256(file), "not a byte of the buffer file changed");
        assertEquals(modified, Files.getLastModifiedTime(file));
        assertEquals(files, list(bufferDir), "nothing was created or removed in the buffer folder");
    }

    @Test
    void theSameCommandsAskTheRunningAgentOverItsControlSocket() throws Exception {
        try (Outbox outbox = fill()) {
            ControlServer server = ControlServer.bind(dir.resolve("data").resolve(ControlServer.SOCKET_NAME));
            try {
                server.serve(new OutboxView(outbox), Clock.systemUTC());
                BufferStats expected = outbox.bufferStats();
                long waitingTelemetry = expected.of(MessageClass.TELEMETRY).waiting();

                CliRun stats = run("buffer", "stats", "--config", config.toString(), "--json");
                assertEquals(0, stats.exit(), stats.err());
                JsonNode answer = json.readTree(stats.out());
                assertEquals("agent", answer.get("source").asText(), "asked over the socket: the agent holds the file");
                JsonNode b = answer.get("buffer");
                assertEquals(expected.storedBytes(), b.get("storedBytes").asLong());
                assertEquals(32, b.get("lastSeq").asLong());
                assertEquals(2, b.get("events").get("waiting").asLong());
                assertEquals(waitingTelemetry, b.get("telemetry").get("waiting").asLong());
                assertEquals(outbox.stats().droppedTelemetry(), b.get("telemetry").get("dropped").asLong());
                assertEquals(0, b.get("quarantined").size());

                CliRun human = run("buffer", "stats", "--config", config.toString());
                assertEquals("buffer       " + bufferDir.resolve("outbox.mv.db") + " (answered by the running agent)",
                        human.out().lines().findFirst().orElseThrow());

                CliRun peek = run("buffer", "peek", "--class", "events", "--payload-chars", "0", "--config",
                        config.toString(), "--json");
                JsonNode events = json.readTree(peek.out()).get("messages");
                assertEquals(2, events.size(), peek.err());
                assertEquals("{\"seq\":2,\"state\":\"IDLE\",\"since\":\"2026-01-01T10:00:00.000Z\"}",
                        events.get(1).get("payload").asText());
                assertFalse(events.get(1).get("truncated").asBoolean());

                CliRun export = run("buffer", "export", "--config", config.toString());
                assertEquals(0, export.exit(), export.err());
                List<JsonNode> lines = jsonLines(export.out());
                assertEquals(2 + waitingTelemetry, lines.size());
                assertEquals(outbox.next(MessageClass.TELEMETRY, 0, 100).stream().map(OutgoingMessage::seq).toList(),
                        lines.subList(2, lines.size()).stream().map(l -> l.get("seq").asLong()).toList());
                assertEquals(2 + waitingTelemetry, outbox.stats().events() + outbox.stats().telemetry(),
                        "export deleted nothing");
            } finally {
                server.close();
            }
        }
    }

    @Test
    void aMissingBufferAndBadOptionsAreToldApart() {
        CliRun none = run("buffer", "stats", "--config", config.toString());
        assertEquals(1, none.exit());
        assertEquals("no buffer file at " + bufferDir.resolve("outbox.mv.db") + ": the agent has not run with this data"
                + " dir, or the config names another", none.err().strip());
        assertFalse(Files.exists(bufferDir), "nothing was created");

        CliRun count = run("buffer", "peek", "-n", "0", "--config", config.toString());
        assertEquals(2, count.exit());
        assertTrue(count.err().contains("--count must be 1 to 50"), count.err());
        CliRun cls = run("buffer", "peek", "--class", "alarms", "--config", config.toString());
        assertEquals(2, cls.exit());
        assertTrue(cls.err().contains("unknown class 'alarms': events or telemetry"), cls.err());
        CliRun limit = run("buffer", "export", "--limit", "0", "--config", config.toString());
        assertEquals(2, limit.exit());
        assertTrue(limit.err().contains("--limit must be 1 or more"), limit.err());
    }

    @Test
    void helpShowsExamplesAndTheTopLevelListsTheCommand() {
        CliRun help = run("buffer", "export", "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("Nothing is deleted"), help.out());
        assertTrue(help.out().contains("edge-agent buffer export --output /tmp/buffer.jsonl"), help.out());
        CliRun top = run("--help");
        assertTrue(top.out().contains("edge-agent buffer stats "), top.out());
        assertTrue(top.out().lines().anyMatch(l -> l.strip().startsWith("buffer ")), top.out());
    }

    /**
     * Two events, then thirty telemetry messages one commit at a time, so that the budget drops the oldest
     * telemetry at the same points on every run; all accepted at {@link #T0}.
     */
    private Outbox fill() throws InterruptedException {
        Outbox outbox = Outbox.open(bufferDir, BUDGET, Clock.fixed(T0, ZoneOffset.UTC));
        outbox.append(MessageClass.EVENT, STATE, 1, true, seq -> event(seq, "RUNNING"));
        long last = outbox.append(MessageClass.EVENT, STATE, 1, true, seq -> event(seq, "IDLE"));
        assertTrue(outbox.awaitCommitted(last - 1, Duration.ofSeconds(30)));
        for (int i = 0; i < 30; i++) {
            long seq = outbox.append(MessageClass.TELEMETRY, TELEMETRY, 0, false, s -> ("{\"seq\":" + s
                    + ",\"readings\":[{\"signal\":\"mouldTemp\",\"value\":45.5,\"quality\":\"GOOD\",\"ts\":\"2026-01-01T10:00:00.000Z\"}]}")
                    .getBytes(StandardCharsets.UTF_8));
            assertTrue(outbox.awaitCommitted(seq - 1, Duration.ofSeconds(30)));
        }
        return outbox;
    }

    private static byte[] event(long seq, String state) {
        return ("{\"seq\":" + seq + ",\"state\":\"" + state + "\",\"since\":\"2026-01-01T10:00:00.000Z\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private List<JsonNode> jsonLines(String text) {
        return text.lines().map(line -> {
            try {
                return json.readTree(line);
            } catch (IOException e) {
                throw new AssertionError("not a JSON line: " + line, e);
            }
        }).toList();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
