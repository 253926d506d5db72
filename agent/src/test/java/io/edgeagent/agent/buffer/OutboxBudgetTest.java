package io.edgeagent.agent.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk budget: telemetry goes first, oldest first, every drop counted; events only when nothing else is left. */
class OutboxBudgetTest {

    private static final long BUDGET = 200 * 1024;
    private static final byte[] EVENT = "{\"state\":\"IDLE\"}".repeat(12).getBytes(StandardCharsets.UTF_8);
    private static final byte[] TELEMETRY = "{\"v\":1.0}".repeat(50).getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void dropsTheOldestTelemetryFirstKeepsEveryEventAndCountsExactly() throws Exception {
        try (Outbox outbox = Outbox.open(dir, BUDGET, Clock.systemUTC())) {
            long last = 0;
            for (int i = 0; i < 100; i++) {
                outbox.append(MessageClass.EVENT, "t/state", 1, true, seq -> EVENT);
                for (int j = 0; j < 20; j++) {
                    last = outbox.append(MessageClass.TELEMETRY, "t/telemetry", 0, false, seq -> TELEMETRY);
                }
            }
            assertTrue(outbox.awaitCommitted(last - 1, Duration.ofSeconds(30)));

            OutboxStats stats = outbox.stats();
            assertEquals(100, stats.events(), "no event is dropped while telemetry is left");
            assertEquals(0, stats.droppedEvents());
            assertTrue(stats.droppedTelemetry() > 0, "over budget: some telemetry must go");
            assertEquals(2_000, stats.telemetry() + stats.droppedTelemetry(), "every drop is counted, exactly");
            assertTrue(stats.bytes() <= BUDGET, "within budget: " + stats.bytes());

            List<OutgoingMessage> kept = outbox.next(MessageClass.TELEMETRY, 0, 10_000);
            assertEquals(last, kept.get(kept.size() - 1).seq(), "the newest telemetry is kept");
            for (int i = 1; i < kept.size(); i++) {
                assertTrue(kept.get(i).seq() > kept.get(i - 1).seq());
            }
            long oldestKept = kept.get(0).seq();
            assertEquals(stats.droppedTelemetry(), countTelemetrySeqsBelow(oldestKept),
                    "what was dropped is exactly the oldest telemetry");
        }
    }

    /**
     * Issue 14, defect 4: with 16 MB and a long outage the rows kept to their budget but the H2 file grew to 100 MB
     * and filled a small disk. The budget bounds the file: 32 MB of telemetry through a 16 MB buffer, and after
     * every commit the file is within it.
     */
    @Test
    void theFileStaysWithinTheBudgetThroughALongOutage() throws Exception {
        long budget = 16L * 1024 * 1024;
        byte[] reading = "{\"signal\":\"spindleRpm\",\"value\":7998.4}".repeat(25).getBytes(StandardCharsets.UTF_8);
        long largest = 0;
        try (Outbox outbox = Outbox.open(dir, budget, Clock.systemUTC())) {
            for (int round = 0; round < 32; round++) {
                long last = 0;
                for (int i = 0; i < 1_000; i++) {
                    last = outbox.append(MessageClass.TELEMETRY, "t/telemetry", 1, false, seq -> reading);
                }
                assertTrue(outbox.awaitCommitted(last - 1, Duration.ofSeconds(60)));
                largest = Math.max(largest, java.nio.file.Files.size(dir.resolve("outbox.mv.db")));
                assertTrue(largest <= budget, "after " + (round + 1) + " MB the file takes " + largest + " bytes");
            }
            assertTrue(outbox.stats().droppedTelemetry() > 0, "the outage outgrew the budget");
        }
    }

    @Test
    void dropsEventsOnlyWhenNoTelemetryIsLeft() throws Exception {
        long budget = 20 * 1024;
        try (Outbox outbox = Outbox.open(dir, budget, Clock.systemUTC())) {
            long last = 0;
            for (int i = 0; i < 200; i++) {
                last = outbox.append(MessageClass.EVENT, "t/state", 1, true, seq -> EVENT);
            }
            assertTrue(outbox.awaitCommitted(last - 1, Duration.ofSeconds(30)));
            OutboxStats stats = outbox.stats();
            assertTrue(stats.droppedEvents() > 0);
            assertEquals(200, stats.events() + stats.droppedEvents());
            assertTrue(stats.bytes() <= budget);
            assertEquals(last, outbox.next(MessageClass.EVENT, 0, 1_000).stream().mapToLong(OutgoingMessage::seq).max().orElseThrow());
        }
    }

    @Test
    void theBudgetCountsWhatIsInTheFileAfterARestart() throws Exception {
        long last;
        long bytes;
        try (Outbox outbox = Outbox.open(dir, BUDGET, Clock.systemUTC())) {
            last = 0;
            for (int i = 0; i < 50; i++) {
                last = outbox.append(MessageClass.TELEMETRY, "t/telemetry", 0, false, seq -> TELEMETRY);
            }
            assertTrue(outbox.awaitCommitted(last - 1, Duration.ofSeconds(30)));
            bytes = outbox.stats().bytes();
            assertEquals(50 * (TELEMETRY.length + "t/telemetry".length() + OutboxWrites.ROW_OVERHEAD), bytes);
        }
        try (Outbox outbox = Outbox.open(dir, BUDGET, Clock.systemUTC())) {
            assertEquals(bytes, outbox.stats().bytes());
            OutgoingMessage oldest = outbox.next(MessageClass.TELEMETRY, 0, 1).get(0);
            outbox.ack(oldest);
            outbox.ack(oldest);
            long seq = outbox.append(MessageClass.EVENT, "t/state", 1, true, s -> EVENT);
            assertTrue(outbox.awaitCommitted(seq - 1, Duration.ofSeconds(30)));
            assertEquals(bytes - (TELEMETRY.length + "t/telemetry".length() + OutboxWrites.ROW_OVERHEAD)
                    + EVENT.length + "t/state".length() + OutboxWrites.ROW_OVERHEAD, outbox.stats().bytes(),
                    "an acknowledgement of an already deleted row frees nothing twice");
        }
    }

    private long countTelemetrySeqsBelow(long seq) {
        // Telemetry and events interleave 20:1 from seq 1; count the telemetry seqs below the oldest kept.
        long count = 0;
        for (long s = 1; s < seq; s++) {
            if ((s - 1) % 21 != 0) {
                count++;
            }
        }
        return count;
    }
}
