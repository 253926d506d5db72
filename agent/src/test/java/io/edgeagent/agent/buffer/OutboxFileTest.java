package io.edgeagent.agent.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stopped agent's buffer, read without changing a byte of it, and refused while an agent holds it. */
class OutboxFileTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void readsStatsAndMessagesExactlyAndLeavesTheFileAsItWas() throws Exception {
        Path aside = dir.resolve("outbox.corrupt-20261120T080000Z.mv.db");
        Files.createDirectories(dir);
        Files.write(aside, new byte[1234]);
        Files.setLastModifiedTime(aside, FileTime.from(Instant.parse("2026-11-20T08:00:00Z")));
        try (Outbox outbox = Outbox.open(dir, Clock.fixed(T0, ZoneOffset.UTC))) {
            outbox.append(MessageClass.EVENT, "t/state", 1, true, seq -> payload(seq));
            outbox.append(MessageClass.TELEMETRY, "t/telemetry", 0, false, seq -> payload(seq));
            outbox.append(MessageClass.TELEMETRY, "t/telemetry", 0, false, seq -> payload(seq));
            long last = outbox.append(MessageClass.TELEMETRY, "t/telemetry", 0, false, seq -> payload(seq));
            assertTrue(outbox.awaitCommitted(last - 1, WAIT));
        }
        Path file = new BufferFolder(dir).file();
        String digest = sha256(file);
        FileTime modified = Files.getLastModifiedTime(file);
        List<Path> files = list(dir);

        try (OutboxFile reader = OutboxFile.open(new BufferFolder(dir))) {
            BufferStats stats = reader.bufferStats();
            assertEquals(file, stats.file());
            assertEquals(Files.size(file), stats.fileBytes());
            assertEquals(4, stats.lastSeq());
            long row = "{\"seq\":1}".length() + OutboxWrites.ROW_OVERHEAD;
            assertEquals(row + "t/state".length() + 3 * (row + "t/telemetry".length()), stats.storedBytes());
            assertEquals(new ClassStats(MessageClass.EVENT, 1, Optional.of(T0), 0), stats.of(MessageClass.EVENT));
            assertEquals(new ClassStats(MessageClass.TELEMETRY, 3, Optional.of(T0), 0), stats.of(MessageClass.TELEMETRY));
            assertEquals(List.of(new QuarantinedFile(aside, 1234, Instant.parse("2026-11-20T08:00:00Z"))),
                    stats.quarantined());

            assertEquals(List.of(2L, 3L), seqs(reader.read(MessageClass.TELEMETRY, 0, 2)));
            assertEquals(List.of(4L), seqs(reader.read(MessageClass.TELEMETRY, 3, 2)));
            OutgoingMessage event = reader.read(MessageClass.EVENT, 0, 10).get(0);
            assertEquals("{\"seq\":1}", new String(event.payload(), StandardCharsets.UTF_8));
            assertEquals(T0, event.createdAt());
            assertTrue(event.retained());
        }

        assertEquals(digest, sha256(file), "not a byte of the file changed");
        assertEquals(modified, Files.getLastModifiedTime(file));
        assertEquals(files, list(dir), "no file was created beside it (no trace, no lock file)");
    }

    @Test
    void whereThereIsNoBufferNoneIsCreated() throws Exception {
        Path missing = dir.resolve("data").resolve(BufferFolder.NAME);
        BufferUnavailableException e = assertThrows(BufferUnavailableException.class,
                () -> OutboxFile.open(new BufferFolder(missing)));
        assertEquals("no buffer file at " + missing.resolve("outbox.mv.db") + ": the agent has not run with this data"
                + " dir, or the config names another", e.getMessage());
        assertEquals(List.of(), list(dir), "not even its folder");
    }

    @Test
    void aBufferAnAgentHoldsIsNotOpened() throws Exception {
        Process agent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KillableWriter.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectOutput(ProcessBuilder.Redirect.PIPE)
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertTrue(line != null && line.startsWith("committed "), "the writer holds the buffer: " + line);

            BufferUnavailableException e = assertThrows(BufferUnavailableException.class,
                    () -> OutboxFile.open(new BufferFolder(dir)));
            assertEquals("the buffer file " + new BufferFolder(dir).file() + " is in use: the agent is running (starting"
                    + " or stopping?) but did not answer on its control socket; try again in a moment", e.getMessage());
        } finally {
            agent.destroyForcibly();
            agent.waitFor();
        }
    }

    private static byte[] payload(long seq) {
        return ("{\"seq\":" + seq + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static List<Long> seqs(List<OutgoingMessage> messages) {
        return messages.stream().map(OutgoingMessage::seq).toList();
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
