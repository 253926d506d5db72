package io.edgeagent.agent.buffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An orderly stop gives the space of acknowledged rows back: H2 only appends while it runs. */
class OutboxCompactionTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** H2's own compaction on close (200 ms) left 10 MB of this test's 16 MB file; SHUTDOWN COMPACT 12-20 kB. */
    private static final long COMPACTED = 64 * 1024;

    @TempDir
    Path dir;

    @Test
    void stoppingShrinksAFileOfDeletedRowsAndKeepsWhatStillWaits() throws Exception {
        Random random = new Random(42);
        Path file = new BufferFolder(dir).file();
        long before;
        long lastSeq;
        try (Outbox outbox = Outbox.open(dir, CLOCK)) {
            long last = 0;
            for (int i = 0; i < 20_000; i++) {
                byte[] payload = new byte[200];
                random.nextBytes(payload);
                last = outbox.append(MessageClass.TELEMETRY, "t/telemetry", 0, false, seq -> payload);
            }
            for (int i = 0; i < 5; i++) {
                last = outbox.append(MessageClass.EVENT, "t/state", 1, true, seq -> event(seq));
            }
            assertTrue(outbox.awaitCommitted(last - 1, WAIT));
            outbox.next(MessageClass.TELEMETRY, 0, 20_000).forEach(outbox::ack);
            // Acknowledgements queued before an append are applied no later than the commit that holds it.
            lastSeq = outbox.append(MessageClass.EVENT, "t/state", 1, true, seq -> event(seq));
            assertTrue(outbox.awaitCommitted(lastSeq - 1, WAIT));
            assertEquals(0, outbox.stats().telemetry());
            before = Files.size(file);
        }
        long after = Files.size(file);

        assertTrue(before > 4_000_000, "20,000 rows of 200 random bytes were written: " + before);
        assertTrue(after <= COMPACTED, "compacted on stop: " + before + " -> " + after + " bytes");
        try (Outbox outbox = Outbox.open(dir, CLOCK)) {
            List<OutgoingMessage> events = outbox.next(MessageClass.EVENT, 0, 100);
            assertEquals(6, events.size(), "every waiting event survived the compaction");
            for (OutgoingMessage e : events) {
                assertArrayEquals(event(e.seq()), e.payload());
            }
            assertEquals(lastSeq, events.get(5).seq());
            assertEquals(lastSeq + 1, outbox.append(MessageClass.EVENT, "t/state", 1, true, OutboxCompactionTest::event),
                    "the sequence survived it too");
        }
    }

    private static byte[] event(long seq) {
        return ("{\"seq\":" + seq + ",\"state\":\"IDLE\"}").getBytes(StandardCharsets.UTF_8);
    }
}
