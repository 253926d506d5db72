package io.edgeagent.agent.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing process with SIGKILL at random points, again and again, and proves after each restart
 * that every message it reported committed is there, intact, in order, and that sequences only grow.
 */
class OutboxKillTest {

    private static final int ROUNDS = 4;

    /** What the publishing child prints for a birth-and-death number it took. */
    private static final String BIRTH = "birth ";

    @TempDir
    Path dir;
    /** The highest birth-and-death number a child reported or a reopened outbox handed out. */
    private long highestBirth;

    @Test
    void noCommittedMessageIsLostOrReorderedWhenTheProcessIsKilled() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        long previousMax = 0;
        for (int round = 0; round < ROUNDS; round++) {
            int reportsBeforeKill = 2 + random.nextInt(20);
            long lastReported = runAndKill(KillableWriter.class, "committed ", reportsBeforeKill);
            String where = "seed " + seed + ", round " + round + ", killed after seq " + lastReported;

            try (Outbox outbox = Outbox.open(dir, Clock.systemUTC())) {
                List<OutgoingMessage> all = new ArrayList<>(outbox.next(MessageClass.EVENT, 0, Integer.MAX_VALUE));
                List<OutgoingMessage> telemetry = outbox.next(MessageClass.TELEMETRY, 0, Integer.MAX_VALUE);
                assertAscending(all, where);
                assertAscending(telemetry, where);
                all.addAll(telemetry);
                long roundStart = previousMax;
                long present = all.stream().filter(m -> m.seq() > roundStart && m.seq() <= lastReported).count();
                assertEquals(lastReported - roundStart, present,
                        "every message up to the last reported commit is there (" + where + ")");
                for (OutgoingMessage m : all) {
                    assertEquals("{\"seq\":" + m.seq() + "}", new String(m.payload(), StandardCharsets.UTF_8),
                            "payload intact (" + where + ")");
                }
                long next = outbox.append(MessageClass.EVENT, "t/next", 1, false,
                        s -> ("{\"seq\":" + s + "}").getBytes(StandardCharsets.UTF_8));
                assertTrue(next > Math.max(previousMax, lastReported), "sequence keeps growing after a kill (" + where + ")");
                previousMax = next;
                // Start the next round from an empty buffer whose sequence is known, as after a drain.
                all.forEach(outbox::ack);
            }
        }
    }

    /**
     * What a subscriber received must be in the file or have been acknowledged, and its sequence number is never
     * handed out again: the outbox hands the publisher only what is in the file. A birth-and-death number (which a
     * connect's Last Will carries away at once) is in the file before it is returned, so it is never handed out
     * twice either. Kills land at any point, also within the first batches after a reopen.
     */
    @Test
    void nothingPublishedIsAheadOfTheFileAndNoSequenceIsUsedTwice() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        long highestPublished = 0;
        for (int round = 0; round < 8; round++) {
            int linesBeforeKill = 1 + random.nextInt(round % 2 == 0 ? 30 : 3000);
            long published = runAndKill(KillablePublisher.class, "published ", linesBeforeKill);
            highestPublished = Math.max(highestPublished, published);
            try (Outbox outbox = Outbox.open(dir, Clock.systemUTC())) {
                long inFile = outbox.stats().lastSeq();
                assertTrue(inFile >= highestPublished, "the file's sequence " + inFile + " reaches the highest published "
                        + highestPublished + " (seed " + seed + ", round " + round + ")");
                long birth = outbox.nextBirth();
                assertTrue(birth > highestBirth, "birth number " + birth + " is above every one handed out before, "
                        + highestBirth + " (seed " + seed + ", round " + round + ")");
                highestBirth = birth;
            }
        }
    }

    /**
     * Nothing the broker has not acknowledged is lost, whichever way the writer deletes what it has (row by row, or the
     * whole table once every row in it is acknowledged), when the process is killed at any point: every row the child
     * published and never acknowledged is in the file after the kill. Acknowledgements come in batches, some a round
     * late, as PUBACKs do.
     */
    @Test
    void noUnacknowledgedMessageIsLostWhenAcknowledgedRowsAreDeleted() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        long from = 0;
        long truncations = 0;
        for (int round = 0; round < 6; round++) {
            TreeSet<Long> published = new TreeSet<>();
            Set<Long> waiting = new TreeSet<>();
            Process p = start(KillableAcker.class);
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                int before = 50 + random.nextInt(round % 2 == 0 ? 500 : 1_500);
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("published ")) {
                        long seq = Long.parseLong(line.substring("published ".length()));
                        published.add(seq);
                        waiting.add(seq);
                        if (published.size() == before) {
                            // SIGKILL through the handle, which leaves the pipe open: what the child wrote before it died is
                            // still read (Process.destroyForcibly closes the streams).
                            p.toHandle().destroyForcibly();
                        }
                    } else if (line.startsWith("acking ")) {
                        waiting.remove(Long.parseLong(line.substring("acking ".length())));
                    } else if (line.startsWith("truncations ")) {
                        truncations = Math.max(truncations, Long.parseLong(line.substring("truncations ".length())));
                    }
                }
                p.waitFor();
            }
            String where = "seed " + seed + ", round " + round;
            assertEquals(137, p.exitValue(), "killed by SIGKILL (" + where + ")");
            try (Outbox outbox = Outbox.open(dir, Clock.systemUTC())) {
                Set<Long> inFile = new TreeSet<>();
                for (MessageClass cls : MessageClass.values()) {
                    List<OutgoingMessage> rows = outbox.next(cls, 0, Integer.MAX_VALUE);
                    rows.forEach(m -> inFile.add(m.seq()));
                    rows.forEach(outbox::ack);
                }
                Set<Long> lost = new TreeSet<>(waiting);
                lost.removeAll(inFile);
                assertEquals(Set.of(), lost, "published, never acknowledged, and gone from the file (" + where + ")");
                // The writer commits in sequence order and the child hands out every number to a message: up to the
                // highest one published, each was committed, so it was published or is still in the file.
                long highest = published.last();
                for (long seq = from + 1; seq <= highest; seq++) {
                    assertTrue(published.contains(seq) || inFile.contains(seq),
                            "seq " + seq + " was committed, never published, and is gone from the file (" + where + ")");
                }
                from = outbox.stats().lastSeq();
            }
        }
        assertTrue(truncations > 0, "the writer emptied a table whose rows were all acknowledged (seed " + seed + ")");
    }

    private Process start(Class<?> child) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), child.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectOutput(ProcessBuilder.Redirect.PIPE)
                .start();
    }

    /** Starts the writer, waits for {@code reports} committed lines, kills it with SIGKILL; returns the last one. */
    private long runAndKill(Class<?> child, String prefix, int reports) throws Exception {
        Process p = start(child);
        long last = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (int i = 0; i < reports; i++) {
                String line = out.readLine();
                if (line != null && line.startsWith(BIRTH)) {
                    highestBirth = Math.max(highestBirth, Long.parseLong(line.substring(BIRTH.length())));
                    i--;
                    continue;
                }
                assertTrue(line != null && line.startsWith(prefix), "child reported: " + line);
                last = Math.max(last, Long.parseLong(line.substring(prefix.length())));
            }
            p.destroyForcibly();
            p.waitFor();
        }
        assertTrue(File.separatorChar == '/' && p.exitValue() == 137, "killed by SIGKILL, exit " + p.exitValue());
        return last;
    }

    private static void assertAscending(List<OutgoingMessage> messages, String where) {
        for (int i = 1; i < messages.size(); i++) {
            assertTrue(messages.get(i).seq() > messages.get(i - 1).seq(), "order kept within a class (" + where + ")");
        }
    }
}
