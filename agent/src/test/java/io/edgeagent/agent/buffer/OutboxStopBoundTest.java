package io.edgeagent.agent.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The field's hang itself (issue 14, durability: SIGTERM ignored for 30 minutes, the {@code outbox-writer} spinning
 * inside H2's {@code MVStore.registerVersionUsage} and holding what the stop waited for). A child process leaves its
 * outbox's H2 store in that state (see {@link StuckWriterChild}) and closes the outbox. Before the fix the close
 * never returned: after 12 s it closed the write connection, whose session the spinning writer held. Now the close
 * returns within {@link Outbox#CLOSE_BOUND}, with one line naming the writer and where it spins, and everything
 * committed before is in the file at the next open.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class OutboxStopBoundTest {

    @TempDir
    Path dir;

    @Test
    void aCloseWhoseWriterSpinsInsideH2EndsWithinItsBoundAndKeepsWhatWasCommitted() throws Exception {
        Path log = dir.resolve("child.log");
        Path buffer = dir.resolve("buffer");
        // No -ea: as the agent runs, where H2 spins instead of failing its assertion.
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StuckWriterChild.class.getName(), buffer.toString())
                .redirectError(log.toFile())
                .start();
        String committed;
        String closed;
        try (BufferedReader from = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            committed = from.readLine();
            closed = from.readLine();
            assertTrue(child.waitFor(Outbox.CLOSE_BOUND.toSeconds() + 30, TimeUnit.SECONDS), "the child exited");
        } finally {
            child.destroyForcibly();
            child.waitFor();
        }
        List<String> lines = Files.readAllLines(log);
        assertTrue(committed != null && committed.startsWith("committed "), "the child committed: " + committed + "; " + lines);
        assertTrue(closed != null && closed.startsWith("closed "), "the close returned: " + closed + "; its log: " + lines);
        long took = Long.parseLong(closed.substring("closed ".length()));
        assertTrue(took <= Outbox.CLOSE_BOUND.toMillis(), "closed in " + took + " ms, bound " + Outbox.CLOSE_BOUND);
        List<String> stuck = lines.stream().filter(l -> l.contains("left open: its writer did not end")).toList();
        assertEquals(1, stuck.size(), "one line says the writer is stuck: " + lines);
        assertTrue(stuck.get(0).contains("outbox-writer RUNNABLE at MVStore.registerVersionUsage"),
                "the line names the writer and where it spins: " + stuck.get(0));

        long last = Long.parseLong(committed.substring("committed ".length()));
        try (Outbox again = Outbox.open(buffer, Clock.systemUTC())) {
            List<OutgoingMessage> events = again.next(MessageClass.EVENT, 0, 1_000);
            assertTrue(events.size() >= last, "every message committed before is in the file: " + events.size() + " of " + last);
            assertEquals(1, events.get(0).seq());
        }
    }
}
