package io.edgeagent.agent.bench;

import io.edgeagent.agent.buffer.MessageClass;
import io.edgeagent.agent.buffer.Outbox;
import io.edgeagent.agent.config.AgentConfig;
import io.edgeagent.agent.config.MachineState;
import io.edgeagent.agent.config.SparkplugConfig;
import io.edgeagent.agent.feed.AgentIdentity;
import io.edgeagent.agent.feed.FeedSession;
import io.edgeagent.agent.feed.json.JsonFeedSession;
import io.edgeagent.agent.feed.json.Payloads;
import io.edgeagent.agent.feed.json.Topics;
import io.edgeagent.agent.feed.sparkplug.SparkplugFeed;
import io.edgeagent.agent.state.StateChange;
import io.edgeagent.agent.testing.Ports;
import io.edgeagent.agent.testing.TestConfigs;
import io.edgeagent.agent.uplink.PahoBrokerLink;
import io.edgeagent.agent.uplink.Uplink;
import io.edgeagent.agent.uplink.UplinkSettings;
import io.edgeagent.broker.EmbeddedBroker;
import io.edgeagent.broker.FeedSubscriber;
import io.edgeagent.drivers.Reading;
import java.io.IOException;
import java.lang.management.ManagementFactory;
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
import java.util.function.Consumer;

/**
 * The buffer's throughput, for docs/benchmarks.md: how fast readings are accepted into the H2 outbox, how
 * many bytes reach the disk per reading, and how fast a backlog drains to a local MQTT broker. A main, not
 * a test: numbers are written down, never asserted.
 *
 * <p>Run: {@code mvn -B -q -DskipTests package && java -cp "agent/target/test-classes:demo/target/lib/*" io.edgeagent.agent.bench.BufferBenchmark [readings] [qos] [json|sparkplug]}
 *
 * <p>With {@code sparkplug}, the same readings go through the Sparkplug feed instead: accepted as DDATA into its
 * outbox, and drained through its session, which decodes each buffered message and encodes it again (by alias, with
 * is_historical); DDATA is QoS 0 as the specification has it, so the qos argument does not apply, and the JSON feed's
 * figure to set beside it is the one at QoS 0.
 */
public final class BufferBenchmark {

    private static final String MACHINE = "imm-01";

    private BufferBenchmark() {
    }

    /** What differs between the two feeds: how a reading is accepted, the session that drains, the live events. */
    private record Feed(String topic, String subscription, Consumer<Integer> accept, FeedSession session,
                        Consumer<Long> live) {
    }

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int qos = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        boolean sparkplug = args.length > 2 && args[2].equals("sparkplug");
        Path dir = Files.createTempDirectory("edge-agent-bench");
        Clock clock = Clock.systemUTC();
        Topics topics = new Topics("edge/v1", "bench", "gw-bench");
        Payloads payloads = new Payloads(topics.agentId(), 1L, clock);
        AgentIdentity identity = new AgentIdentity("bench", "0".repeat(64), List.of(MACHINE));
        long writtenBefore = bytesWrittenByThisProcess();

        try (Outbox outbox = Outbox.open(dir.resolve("buffer"), 4L * 1024 * 1024 * 1024, clock)) {
            Feed feed;
            if (sparkplug) {
                AgentConfig config = TestConfigs.withMachines(dir, """
                          - id: imm-01
                            opcua: { endpoint: "opc.tcp://127.0.0.1:4840" }
                            signals:
                              mouldTemp: { node: "ns=2;s=mouldTemp" }
                        """);
                SparkplugFeed node = SparkplugFeed.create(new SparkplugConfig("bench", null, null, true),
                        topics.agentId(), config.machines(), identity, outbox, clock);
                feed = new Feed("spBv1.0/bench/DDATA/gw-bench/" + MACHINE, "spBv1.0/#",
                        i -> node.sink().telemetry(MACHINE, List.of(reading(i))), node.session(),
                        n -> node.sink().stateChanged(new StateChange(MACHINE, n % 2 == 0 ? MachineState.IDLE
                                : MachineState.RUNNING, clock.instant(), null, "bench")));
            } else {
                String topic = topics.machineTelemetry(MACHINE);
                feed = new Feed(topic, topics.all(), i -> outbox.append(MessageClass.TELEMETRY, topic, qos, false,
                        seq -> payloads.telemetry(seq, MACHINE, List.of(reading(i)))),
                        new JsonFeedSession(topics, payloads, identity),
                        n -> outbox.append(MessageClass.EVENT, topics.machineState(MACHINE), 1, true,
                                seq -> ("{\"schema\":1,\"seq\":" + seq + "}").getBytes(StandardCharsets.UTF_8)));
            }
            // Accept: one reading per message, the worst case for the buffer (the agent batches per second).
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                feed.accept().accept(i);
            }
            while (outbox.stats().telemetry() < total) {
                outbox.awaitCommitted(Long.MAX_VALUE, Duration.ofMillis(20));
            }
            double acceptSeconds = (System.nanoTime() - start) / 1e9;
            long written = bytesWrittenByThisProcess() - writtenBefore;
            long fileBytes = Files.size(dir.resolve("buffer/outbox.mv.db"));
            report("accepted and committed" + (sparkplug ? " (Sparkplug DDATA)" : ""), total, acceptSeconds);
            System.out.printf(Locale.ROOT, "disk: %.1f bytes written per reading (%d MB in all), file %d MB%n",
                    (double) written / total, written >> 20, fileBytes >> 20);

            // Drain: the whole backlog to a local broker while live events keep coming. Drained means the
            // outbox is empty: every QoS 1 message acknowledged by the broker (QoS 0: handed to the socket).
            // The subscriber's count is shown too; a broker may drop QoS 0 messages for a slow subscriber.
            int port = Ports.free();
            try (EmbeddedBroker broker = EmbeddedBroker.start(port, dir.resolve("broker"))) {
                CountDownLatch drained = new CountDownLatch(total);
                try (FeedSubscriber subscriber = FeedSubscriber.subscribe(broker.url(), "bench-feed",
                        feed.subscription(), m -> {
                            if (m.topic().equals(feed.topic())) {
                                drained.countDown();
                            }
                        })) {
                    Uplink uplink = new Uplink(new PahoBrokerLink(topics.agentId(), null, null, Duration.ofSeconds(5)),
                            outbox, feed.session(), List.of(URI.create(broker.url())), clock, null,
                            // Unthrottled: this measures what the buffer and the link can do, not the configured rate.
                            new UplinkSettings(0, Duration.ZERO, Duration.ZERO));
                    long drainStart = System.nanoTime();
                    long cpuBefore = processCpuNanos();
                    uplink.start();
                    Thread liveSource = new Thread(() -> {
                        for (long n = 0; !Thread.currentThread().isInterrupted(); n++) {
                            feed.live().accept(n);
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
                    // CPU rather than wall time tells the cost on a machine shared with other work.
                    double drainCpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
                    drained.await(30, TimeUnit.SECONDS);
                    liveSource.interrupt();
                    liveSource.join();
                    uplink.close();
                    report(done ? "drained to the broker (" + (sparkplug ? "Sparkplug, QoS 0" : "QoS " + qos) + ")"
                            : "NOT fully drained (timeout)", total, drainSeconds);
                    System.out.printf(Locale.ROOT, "drain CPU (the whole process, broker included): %.1f s = %.0f µs"
                            + " per reading%n", drainCpuSeconds, drainCpuSeconds * 1e6 / total);
                    System.out.printf(Locale.ROOT, "received by the subscriber on %s: %d of %d%n", feed.topic(),
                            total - drained.getCount(), total);
                }
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.exit(0);
    }

    private static Reading reading(int i) {
        return Reading.good(MACHINE, "mouldTemp", 45.0 + (i % 100) / 10.0, Instant.ofEpochMilli(1_795_500_000_000L + i));
    }

    private static void report(String what, long count, double seconds) {
        System.out.printf(Locale.ROOT, "%s: %d readings in %.1f s = %.0f readings/s%n", what, count, seconds, count / seconds);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
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
