package io.edgeagent.agent.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.agent.storage.MovedAside;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stopped agent's buffer damaged as a failing SD card damages it (issue 14, defect 2): 4 KB overwritten at
 * every offset of the file, and 64 random bytes in the middle. Whatever the damage, the outbox opens, and either
 * holds every waiting message and the whole sequence, or has moved the file aside and started a new epoch; never
 * a file that silently went back to an empty or older state, and never a start that fails.
 */
class OutboxDamageTest {

    private static final int WAITING = 52;
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-05T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void damageAnywhereEitherLeavesEverythingOrMovesTheFileAsideUnderANewEpoch() throws IOException {
        Path original = dir.resolve("original");
        long epoch;
        long lastSeq;
        try (Outbox outbox = Outbox.open(original, CLOCK)) {
            epoch = outbox.epoch();
            for (int i = 0; i < WAITING; i++) {
                MessageClass cls = i % 4 == 0 ? MessageClass.EVENT : MessageClass.TELEMETRY;
                outbox.append(cls, "t/" + i, 1, false, s -> ("{\"seq\":" + s + ",\"pad\":\"" + "x".repeat(300) + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
            }
            lastSeq = outbox.stats().lastSeq();
        }
        byte[] clean = Files.readAllBytes(original.resolve("outbox.mv.db"));
        byte[] mark = Files.readAllBytes(original.resolve(SequenceMark.FILE_NAME));
        List<String> damaged = new ArrayList<>();
        int intact = 0;
        for (int offset = 0; offset < clean.length; offset += 4096) {
            String what = "4 KB overwritten at " + offset + " of " + clean.length;
            if (openDamaged(clean, mark, offset, 4096, new Random(offset), epoch, lastSeq, what)) {
                damaged.add(what);
            } else {
                intact++;
            }
        }
        String what = "64 random bytes in the middle";
        if (openDamaged(clean, mark, clean.length / 2, 64, new Random(64), epoch, lastSeq, what)) {
            damaged.add(what);
        }
        assertTrue(!damaged.isEmpty(), "some damage is found and the file moved aside (" + intact + " intact)");
    }

    /** Opens a damaged copy; returns whether it was moved aside. */
    private boolean openDamaged(byte[] clean, byte[] mark, int offset, int length, Random random, long epoch,
                                long lastSeq, String what) throws IOException {
        Path copy = Files.createDirectories(dir.resolve("copy-" + offset + "-" + length));
        Files.write(copy.resolve("outbox.mv.db"), clean);
        Files.write(copy.resolve(SequenceMark.FILE_NAME), mark);
        byte[] noise = new byte[Math.min(length, clean.length - offset)];
        random.nextBytes(noise);
        try (RandomAccessFile f = new RandomAccessFile(copy.resolve("outbox.mv.db").toFile(), "rw")) {
            f.seek(offset);
            f.write(noise);
        }
        try (Outbox outbox = Outbox.open(copy, CLOCK)) {
            Optional<MovedAside> aside = outbox.movedAside();
            if (aside.isPresent()) {
                assertTrue(outbox.epoch() > epoch, "a new epoch after " + what);
                assertTrue(Files.exists(aside.get().movedTo()), "the damaged file is kept (" + what + ")");
                assertTrue(appendOne(outbox) > lastSeq, "the sequence goes on from the mark after " + what);
                return true;
            }
            assertEquals(epoch, outbox.epoch(), "same epoch when nothing is moved aside (" + what + ")");
            int waiting = outbox.next(MessageClass.EVENT, 0, 1000).size() + outbox.next(MessageClass.TELEMETRY, 0, 1000).size();
            assertEquals(WAITING, waiting, "every waiting message is there when the file is kept (" + what + ")");
            assertTrue(appendOne(outbox) > lastSeq, "the sequence goes on (" + what + ")");
            return false;
        }
    }

    private static long appendOne(Outbox outbox) {
        return outbox.append(MessageClass.EVENT, "t/next", 1, false,
                s -> ("{\"seq\":" + s + "}").getBytes(StandardCharsets.UTF_8));
    }
}
