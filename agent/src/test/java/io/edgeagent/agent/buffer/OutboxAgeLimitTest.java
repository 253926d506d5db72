package io.edgeagent.agent.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.agent.config.BufferConfig;
import io.edgeagent.agent.testing.ManualTime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code buffer.maxAgeHours}: telemetry older than the limit goes, to the row; events stay, however old. */
class OutboxAgeLimitTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final byte[] PAYLOAD = "{\"v\":1}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private final ManualTime time = new ManualTime(T0);

    @Test
    void dropsExactlyTheTelemetryOlderThanTheLimitCountsItAndKeepsEveryEvent() throws Exception {
        BufferConfig config = new BufferConfig(512, Optional.of(Duration.ofHours(2)), Duration.ofSeconds(1));
        try (Outbox outbox = Outbox.open(dir, OutboxSettings.of(config), time.clock(), time::nanoTime)) {
            for (int i = 0; i < 4; i++) {
                telemetry(outbox);
            }
            event(outbox);
            commit(outbox, event(outbox));

            time.advance(Duration.ofHours(1));
            List<Long> kept = new ArrayList<>(List.of(telemetry(outbox), telemetry(outbox)));
            commit(outbox, event(outbox));

            time.advance(Duration.ofHours(1));
            kept.add(commit(outbox, telemetry(outbox)));
            assertEquals(0, outbox.stats().droppedTelemetry(), "exactly as old as the limit is not older than it");
            assertEquals(7, outbox.stats().telemetry());

            time.advance(Duration.ofSeconds(1));
            kept.add(commit(outbox, telemetry(outbox)));
            assertEquals(kept, seqs(outbox, MessageClass.TELEMETRY),
                    "the telemetry accepted at T0 is gone, all of it and nothing else");
            assertEquals(4, outbox.stats().droppedTelemetry());
            assertEquals(3, outbox.stats().events());

            time.advance(Duration.ofHours(10));
            commit(outbox, event(outbox));
            assertEquals(List.of(), seqs(outbox, MessageClass.TELEMETRY), "ten hours on, no telemetry is young enough");
            assertEquals(4, outbox.stats().events(), "events are never dropped for their age, 12 h old ones included");
            assertEquals(0, outbox.stats().droppedEvents());
            assertEquals(8, outbox.stats().droppedTelemetry());
            assertEquals(T0, outbox.oldest(MessageClass.EVENT).orElseThrow());
        }
        try (OutboxFile file = OutboxFile.open(new BufferFolder(dir))) {
            BufferStats stats = file.bufferStats();
            assertEquals(8, stats.of(MessageClass.TELEMETRY).dropped(), "the drops are recorded in the file");
            assertEquals(0, stats.of(MessageClass.EVENT).dropped());
            assertEquals(4, stats.of(MessageClass.EVENT).waiting());
        }
    }

    @Test
    void withoutALimitNothingIsDroppedForItsAge() throws Exception {
        try (Outbox outbox = Outbox.open(dir, OutboxSettings.of(BufferConfig.DEFAULT), time.clock(), time::nanoTime)) {
            telemetry(outbox);
            time.advance(Duration.ofDays(400));
            commit(outbox, telemetry(outbox));
            assertEquals(2, outbox.stats().telemetry());
            assertEquals(0, outbox.stats().droppedTelemetry());
        }
    }

    private static long telemetry(Outbox outbox) {
        return outbox.append(MessageClass.TELEMETRY, "t/telemetry", 0, false, seq -> PAYLOAD);
    }

    private static long event(Outbox outbox) {
        return outbox.append(MessageClass.EVENT, "t/state", 1, true, seq -> PAYLOAD);
    }

    /** Waits until {@code seq} is committed: the writer has applied the age limit in that same round. */
    private static long commit(Outbox outbox, long seq) throws InterruptedException {
        assertTrue(outbox.awaitCommitted(seq - 1, WAIT));
        return seq;
    }

    private static List<Long> seqs(Outbox outbox, MessageClass cls) {
        return outbox.next(cls, 0, 1_000).stream().map(OutgoingMessage::seq).toList();
    }
}
