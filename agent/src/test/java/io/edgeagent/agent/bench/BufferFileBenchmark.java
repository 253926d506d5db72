package io.edgeagent.agent.bench;

import io.edgeagent.agent.buffer.MessageClass;
import io.edgeagent.agent.buffer.Outbox;
import io.edgeagent.agent.buffer.OutboxStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;

/**
 * The buffer file's size through a long outage, for docs/benchmarks.md: messages of 1 kB (one in 20 an event)
 * appended with nothing acknowledged, the file's size and the rows' bytes printed every 20,000. A main, not a
 * test: the file's bound is asserted in OutboxBudgetTest, the numbers are written down here.
 *
 * <p>Run: {@code java -cp "agent/target/test-classes:demo/target/lib/*"
 * io.edgeagent.agent.bench.BufferFileBenchmark <dir> <maxDiskMb> <messages>}
 */
public final class BufferFileBenchmark {

    private static final int EVERY = 20_000;

    private BufferFileBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long budget = Long.parseLong(args[1]) * 1024 * 1024;
        int messages = Integer.parseInt(args[2]);
        byte[] payload = new byte[1000];
        Arrays.fill(payload, (byte) 'x');
        long largest = 0;
        long start = System.nanoTime();
        try (Outbox outbox = Outbox.open(dir, budget, Clock.systemUTC())) {
            for (int i = 1; i <= messages; i++) {
                long seq = outbox.append(i % 20 == 0 ? MessageClass.EVENT : MessageClass.TELEMETRY, "t/x", 1, false,
                        s -> payload);
                if (i % EVERY == 0) {
                    outbox.awaitCommitted(seq - 1, Duration.ofMinutes(1));
                    long file = Files.size(dir.resolve("outbox.mv.db"));
                    largest = Math.max(largest, file);
                    OutboxStats stats = outbox.stats();
                    System.out.printf("%,d messages: file %,d kB, rows %,d kB, dropped %,d%n", i, file / 1024,
                            stats.bytes() / 1024, stats.droppedTelemetry() + stats.droppedEvents());
                }
            }
        }
        System.out.printf("largest file %,d kB of a %,d kB budget; %,d messages in %.1f s%n", largest / 1024,
                budget / 1024, messages, (System.nanoTime() - start) / 1e9);
    }
}
