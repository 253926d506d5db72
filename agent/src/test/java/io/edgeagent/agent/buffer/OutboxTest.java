package io.edgeagent.agent.buffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void deliversEachClassInSequenceOrderOnceCommitted() throws Exception {
        try (Outbox outbox = Outbox.open(dir, CLOCK)) {
            long e1 = outbox.append(MessageClass.EVENT, "t/state", 1, true, seq -> payload("e" + seq));
            long t1 = outbox.append(MessageClass.TELEMETRY, "t/telemetry", 0, false, seq -> payload("t" + seq));
            long e2 = outbox.append(MessageClass.EVENT, "t/state", 1, true, seq -> payload("e" + seq));
            assertTrue(outbox.awaitCommitted(e2 - 1, Duration.ofSeconds(10)));

            List<OutgoingMessage> events = outbox.next(MessageClass.EVENT, 0, 10);
            assertEquals(List.of(e1, e2), events.stream().map(OutgoingMessage::seq).toList());
            assertArrayEquals(payload("e" + e1), events.get(0).payload());
            assertTrue(events.get(0).retained());
            assertEquals(1, events.get(0).qos());

            List<OutgoingMessage> telemetry = outbox.next(MessageClass.TELEMETRY, 0, 10);
            assertEquals(List.of(t1), telemetry.stream().map(OutgoingMessage::seq).toList());
            assertEquals(List.of(e2), outbox.next(MessageClass.EVENT, e1, 10).stream().map(OutgoingMessage::seq).toList());
        }
    }

    @Test
    void keepsUnacknowledgedMessagesAndTheSequenceAcrossRestarts() throws Exception {
        long last;
        try (Outbox outbox = Outbox.open(dir, CLOCK)) {
            outbox.append(MessageClass.EVENT, "t/state", 1, true, seq -> payload("a"));
            last = outbox.append(MessageClass.EVENT, "t/state", 1, true, seq -> payload("b"));
            assertTrue(outbox.awaitCommitted(last - 1, Duration.ofSeconds(10)));
            outbox.ack(outbox.next(MessageClass.EVENT, 0, 1).get(0));
        }
        try (Outbox outbox = Outbox.open(dir, CLOCK)) {
            List<OutgoingMessage> left = outbox.next(MessageClass.EVENT, 0, 10);
            assertEquals(List.of(last), left.stream().map(OutgoingMessage::seq).toList(), "only the unacknowledged one is left");
            outbox.ack(left.get(0));
        }
        try (Outbox outbox = Outbox.open(dir, CLOCK)) {
            assertEquals(0, outbox.stats().events(), "acknowledged messages are deleted");
            long next = outbox.append(MessageClass.EVENT, "t/state", 1, true, seq -> payload("c"));
            assertTrue(next > last, "sequence " + next + " must continue after " + last + " even with an empty buffer");
        }
    }

    @Test
    void birthAndDeathNumbersAreNotReusedAfterARestartAndTakeNoSequenceNumber() {
        long birth;
        long seq;
        try (Outbox outbox = Outbox.open(dir, CLOCK)) {
            assertEquals(1, outbox.nextBirth(), "the first connection of a new buffer");
            seq = outbox.append(MessageClass.EVENT, "t/state", 1, true, s -> payload("a"));
            birth = outbox.nextBirth();
            assertEquals(2, birth);
        }
        try (Outbox outbox = Outbox.open(dir, CLOCK)) {
            assertEquals(birth + 1, outbox.nextBirth(), "the birth and Last Will numbers survive a restart");
            assertEquals(seq + 1, outbox.append(MessageClass.EVENT, "t/state", 1, true, s -> payload("b")),
                    "connections leave no gap in the data sequence");
        }
    }

    @Test
    void movesAnUnreadableFileAsideAndStartsAFreshBuffer() throws Exception {
        Path file = dir.resolve("outbox.mv.db");
        byte[] garbage = "this is not an H2 file, it is what a failing SD card leaves".repeat(200)
                .getBytes(StandardCharsets.US_ASCII);
        Files.write(file, garbage);

        try (Outbox outbox = Outbox.open(dir, CLOCK)) {
            OutboxStats stats = outbox.stats();
            assertTrue(stats.quarantined().isPresent(), "the quarantine is reported");
            Path aside = stats.quarantined().get();
            assertEquals("outbox.corrupt-20261124T100000Z.mv.db", aside.getFileName().toString());
            assertArrayEquals(garbage, Files.readAllBytes(aside), "nothing is deleted: the bad file is kept as it was");

            long seq = outbox.append(MessageClass.EVENT, "t/state", 1, true, s -> payload("fresh"));
            assertTrue(outbox.awaitCommitted(seq - 1, Duration.ofSeconds(10)));
            assertEquals(1, outbox.next(MessageClass.EVENT, 0, 10).size(), "the fresh buffer works");
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(2, files.filter(p -> p.toString().endsWith(".mv.db")).count());
        }
    }

    @Test
    void aTruncatedFileIsMovedAsideToo() throws Exception {
        // A short damaged file fails with H2's general I/O error rather than a corruption code.
        byte[] stub = "truncated by a power cut".getBytes(StandardCharsets.US_ASCII);
        Files.write(dir.resolve("outbox.mv.db"), stub);
        try (Outbox outbox = Outbox.open(dir, CLOCK)) {
            Path aside = outbox.stats().quarantined().orElseThrow();
            assertArrayEquals(stub, Files.readAllBytes(aside));
        }
    }

    @Test
    void appendsMoreThanTheQueueHoldsWithoutDeadlockingTheWriter() {
        // Regression: an append blocked on a full queue held the lock the writer needed to drain it.
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            try (Outbox outbox = Outbox.open(dir, CLOCK)) {
                long last = 0;
                for (int i = 0; i < 60_000; i++) {
                    last = outbox.append(MessageClass.TELEMETRY, "t/telemetry", 0, false, seq -> payload("r"));
                }
                assertTrue(outbox.awaitCommitted(last - 1, Duration.ofMinutes(1)));
                assertEquals(60_000, outbox.stats().telemetry());
            }
        });
    }

    @Test
    void closeCommitsEverythingAccepted() throws Exception {
        int count = 5_000;
        try (Outbox outbox = Outbox.open(dir, CLOCK)) {
            for (int i = 0; i < count; i++) {
                outbox.append(MessageClass.TELEMETRY, "t/telemetry", 0, false, seq -> payload("r" + seq));
            }
        }
        try (Outbox outbox = Outbox.open(dir, CLOCK)) {
            assertEquals(count, outbox.stats().telemetry());
        }
    }

    @Test
    void aTableWhoseRowsAreAllAcknowledgedIsEmptiedAndWhatCameAfterStays() throws Exception {
        List<Long> kept;
        try (Outbox outbox = Outbox.open(dir, CLOCK)) {
            long last = 0;
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 3; i++) {
                    last = outbox.append(MessageClass.TELEMETRY, "t/telemetry", 1, false, seq -> payload("r" + seq));
                }
                assertTrue(outbox.awaitCommitted(last - 1, Duration.ofSeconds(10)));
                outbox.next(MessageClass.TELEMETRY, 0, 10).forEach(outbox::ack);
                awaitTelemetry(outbox, 0);
            }
            assertTrue(outbox.truncations() > 0, "a table all acknowledged is emptied whole, not row by row");
            long a = outbox.append(MessageClass.TELEMETRY, "t/telemetry", 1, false, seq -> payload("a"));
            long b = outbox.append(MessageClass.TELEMETRY, "t/telemetry", 1, false, seq -> payload("b"));
            assertTrue(outbox.awaitCommitted(b - 1, Duration.ofSeconds(10)));
            kept = List.of(a, b);
        }
        try (Outbox outbox = Outbox.open(dir, CLOCK)) {
            assertEquals(kept, outbox.next(MessageClass.TELEMETRY, 0, 10).stream().map(OutgoingMessage::seq).toList(),
                    "the unacknowledged rows committed after the table was emptied are in the file");
        }
    }

    @Test
    void aRowAcknowledgedTwiceDoesNotStandForOneNotAcknowledged() throws Exception {
        try (Outbox outbox = Outbox.open(dir, CLOCK)) {
            // One row written, acknowledged and deleted: the writer knows the table's rows from then on.
            long first = outbox.append(MessageClass.TELEMETRY, "t/telemetry", 1, false, seq -> payload("first"));
            assertTrue(outbox.awaitCommitted(first - 1, Duration.ofSeconds(10)));
            outbox.next(MessageClass.TELEMETRY, 0, 10).forEach(outbox::ack);
            awaitTelemetry(outbox, 0);

            long last = 0;
            for (int i = 0; i < 3; i++) {
                last = outbox.append(MessageClass.TELEMETRY, "t/telemetry", 1, false, seq -> payload("r" + seq));
            }
            assertTrue(outbox.awaitCommitted(last - 1, Duration.ofSeconds(10)));
            List<OutgoingMessage> rows = outbox.next(MessageClass.TELEMETRY, 0, 10);
            assertEquals(3, rows.size());
            // As many acknowledgements as rows, one of them twice (a publish sent again after a rewind).
            outbox.ack(rows.get(0));
            outbox.ack(rows.get(0));
            outbox.ack(rows.get(1));
            long after = outbox.append(MessageClass.TELEMETRY, "t/telemetry", 1, false, seq -> payload("after"));
            assertTrue(outbox.awaitCommitted(after - 1, Duration.ofSeconds(10)));
            awaitTelemetry(outbox, 2);
            assertEquals(List.of(rows.get(2).seq(), after),
                    outbox.next(MessageClass.TELEMETRY, 0, 10).stream().map(OutgoingMessage::seq).toList());
        }
    }

    /** Waits for the writer's commit of the acknowledgements: the file holds {@code rows} telemetry rows. */
    private static void awaitTelemetry(Outbox outbox, long rows) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (outbox.stats().telemetry() != rows) {
            assertTrue(System.nanoTime() < deadline, "the file holds " + outbox.stats().telemetry() + " telemetry rows, not " + rows);
            outbox.awaitCommitted(Long.MAX_VALUE, Duration.ofMillis(100));
        }
    }

    private static byte[] payload(String s) {
        return ("{\"v\":\"" + s + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
