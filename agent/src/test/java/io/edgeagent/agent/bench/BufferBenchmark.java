package io.edgeagent.agent.bench;

import io.edgeagent.agent.buffer.MessageClass;
import io.edgeagent.agent.buffer.Outbox;
import io.edgeagent.agent.feed.AgentIdentity;
import io.edgeagent.agent.feed.json.JsonFeedSession;
import io.edgeagent.agent.feed.json.Payloads;
import io.edgeagent.agent.feed.json.Topics;
import io.edgeagent.agent.testing.Ports;
import io.edgeagent.agent.uplink.PahoBrokerLink;
import io.edgeagent.agent.uplink.Uplink;
import io.edgeagent.agent.uplink.UplinkSettings;
import io.edgeagent.broker.EmbeddedBroker;
import io.edgeagent.broker.FeedSubscriber;
import io.edgeagent.drivers.Reading;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The buffer's throughput, for docs/benchmarks.md: how fast readings are accepted into the H2 outbox, how
 * many bytes reach the disk per reading, and how fast a backlog drains to a local MQTT broker. A main, not
 * a test: numbers are written down, never asserted.
 *
 * <p>Run: {@code mvn -B -q -DskipTests package && java -cp "agent/target/test-classes:demo/target/lib/*" io.edgeagent.agent.bench.BufferBenchmark [readings] [qos]}
 */
public final class BufferBenchmark {

    private static final String MACHINE = "imm-01";

    private BufferBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int qos = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Path dir = Files.createTempDirectory("edge-agent-bench");
        Clock clock = Clock.systemUTC();
        Topics topics = new Topics("edge/v1", "bench", "gw-bench");
        Payloads payloads = new Payloads(topics.agentId(), 1L, clock);
        String topic = topics.machineTelemetry(MACHINE);
        long writtenBefore = bytesWrittenByThisProcess();

        try (Outbox outbox = Outbox.open(dir.resolve("buffer"), 4L * 1024 * 1024 * 1024, clock)) {
            // Accept: one reading per message, the worst case for the buffer (the agent batches per second).
            long start = System.nanoTime();
            long last = 0;
            for (int i = 0; i < total; i++) {
                Reading r = Reading.good(MACHINE, "mouldTemp", 45.0 + (i % 100) / 10.0, Instant.ofEpochMilli(1_795_500_000_000L + i));
                last = outbox.append(MessageClass.TELEMETRY, topic, qos, false, seq -> payloads.telemetry(seq, MACHINE, List.of(r)));
            }
            outbox.awaitCommitted(last - 1, Duration.ofMinutes(10));
            double acceptSeconds = (System.nanoTime() - start) / 1e9;
            long written = bytesWrittenByThisProcess() - writtenBefore;
            long fileBytes = Files.size(dir.resolve("buffer/outbox.mv.db"));
            report("accepted and committed", total, acceptSeconds);
            System.out.printf(Locale.ROOT, "disk: %.1f bytes written per reading (%d MB in all), file %d MB, payload %d bytes%n",
                    (double) written / total, written >> 20, fileBytes >> 20,
                    payloads.telemetry(1, MACHINE, List.of(Reading.good(MACHINE, "mouldTemp", 45.1, Instant.now()))).length);

            // Drain: the whole backlog to a local broker while live events keep coming. Drained means the
            // outbox is empty: every QoS 1 message acknowledged by the broker (QoS 0: handed to the socket).
            // The subscriber's count is shown too; a broker may drop QoS 0 messages for a slow subscriber.
            int port = Ports.free();
            try (EmbeddedBroker broker = EmbeddedBroker.start(port, dir.resolve("broker"))) {
                CountDownLatch drained = new CountDownLatch(total);
                AtomicLong live = new AtomicLong();
                try (FeedSubscriber feed = FeedSubscriber.subscribe(broker.url(), "bench-feed", topics.all(), m -> {
                    if (m.topic().equals(topic)) {
                        drained.countDown();
                    } else if (m.topic().endsWith("/state")) {
                        live.incrementAndGet();
                    }
                })) {
                    Uplink uplink = new Uplink(new PahoBrokerLink(topics.agentId(), null, null, Duration.ofSeconds(5)),
                            outbox, new JsonFeedSession(topics, payloads,
                                    new AgentIdentity("bench", "0".repeat(64), List.of(MACHINE))),
                            List.of(URI.create(broker.url())), clock, null,
                            // Unthrottled: this measures what the buffer and the link can do, not the configured rate.
                            new UplinkSettings(0, Duration.ZERO, Duration.ZERO));
                    long drainStart = System.nanoTime();
                    uplink.start();
                    Thread liveSource = new Thread(() -> {
                        while (!Thread.currentThread().isInterrupted()) {
                            outbox.append(MessageClass.EVENT, topics.machineState(MACHINE), 1, true,
                                    seq -> ("{\"schema\":1,\"seq\":" + seq + "}").getBytes(StandardCharsets.UTF_8));
                            try {
                                TimeUnit.MILLISECONDS.sleep(100);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }, "bench-live");
                    liveSource.start();
                    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
                    while (outbox.stats().telemetry() > 0 && System.nanoTime() < deadline) {
                        outbox.awaitCommitted(Long.MAX_VALUE, Duration.ofMillis(20));
                    }
                    boolean done = outbox.stats().telemetry() == 0;
                    double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
                    drained.await(30, TimeUnit.SECONDS);
                    liveSource.interrupt();
                    liveSource.join();
                    uplink.close();
                    report(done ? "drained to the broker (QoS " + qos + ")" : "NOT fully drained (timeout)", total, drainSeconds);
                    System.out.printf(Locale.ROOT, "received by the subscriber: %d of %d%n", total - drained.getCount(), total);
                    System.out.printf(Locale.ROOT, "live events delivered during the drain: %d (one every 100 ms)%n", live.get());
                }
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.exit(0);
    }

    private static void report(String what, long count, double seconds) {
        System.out.printf(Locale.ROOT, "%s: %d readings in %.1f s = %.0f readings/s%n", what, count, seconds, count / seconds);
    }

    /** Bytes this process caused to be written to storage (Linux /proc), so page-cache effects do not hide writes. */
    private static long bytesWrittenByThisProcess() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
            if (line.startsWith("write_bytes:")) {
                return Long.parseLong(line.substring("write_bytes:".length()).trim());
            }
        }
        return 0;
    }
}
