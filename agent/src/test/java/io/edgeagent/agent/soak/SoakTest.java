package io.edgeagent.agent.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeagent.agent.buffer.BufferFolder;
import io.edgeagent.agent.buffer.MessageClass;
import io.edgeagent.agent.buffer.OutboxFile;
import io.edgeagent.agent.buffer.OutgoingMessage;
import io.edgeagent.agent.cli.Main;
import io.edgeagent.agent.testing.FaultProxy;
import io.edgeagent.agent.testing.Ports;
import io.edgeagent.broker.EmbeddedBroker;
import io.edgeagent.broker.FeedSubscriber;
import io.edgeagent.drivers.sim.ImmSimulator;
import io.edgeagent.drivers.sim.Phase;
import io.edgeagent.drivers.sim.SimulatorIdentity;
import io.edgeagent.drivers.sim.cnc.CncPhase;
import io.edgeagent.drivers.sim.cnc.CncSimulator;
import io.edgeagent.drivers.sim.machinetool.MachineToolPhase;
import io.edgeagent.drivers.sim.machinetool.MachineToolSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The demo's four machines and a fleet of ten Modbus CNC controls, each behind a {@link FaultProxy}, the agent as a
 * process behind one more to a real broker, run through a seeded random schedule of network faults and SIGKILLs of
 * the agent (issue 14, item 8). A subscriber on the broker sees what the cloud sees; from it, the buffer file after a
 * clean stop, the fault log and /proc the soak checks, and prints a report:
 * <ol>
 *   <li>no (epoch, seq) carries two different messages (a message sent again is the same message, marked
 *       historical);</li>
 *   <li>no seq is lost: every seq of an epoch, from its first to the buffer file's last, was received or still waits
 *       in the file, so a gap means a lost message (issue 16, item 5: the status messages, Last Wills included,
 *       take a per-connection bdSeq and no seq, so a Last Will that never fired leaves no gap);</li>
 *   <li>while a machine cannot be read (its path dropped, reset, blackholed or half-open) nothing but OFFLINE is
 *       published for it, state or capacity, once {@link #DETECTION_MODBUS} or {@link #DETECTION_OPCUA} has passed (skipped for a fault the agent was
 *       killed in);</li>
 *   <li>each machine is in its true state {@link #RECOVERY} after each of its faults, and after each restart of the
 *       agent, and at the end;</li>
 *   <li>threads, open descriptors, resident memory and heap after a full GC (asked for every 20 s) of the agent's
 *       longest run, and the buffer file, do not grow from the second quarter of the run to the last beyond a stated
 *       margin.</li>
 * </ol>
 * {@code -Dsoak.minutes} (default 2: the {@code mvn verify} budget) sets the faulty part, {@code -Dsoak.seed}
 * replays a schedule (the seed is printed first).
 */
@Timeout(value = 90, unit = TimeUnit.MINUTES)
@Execution(ExecutionMode.CONCURRENT) // runs beside the other classes: see junit-platform.properties
class SoakTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE = "edge/v1/demo-plant/demo-gw01";
    /**
     * How long the agent may take to publish OFFLINE for a Modbus machine it cannot read. A read times out after 1 s
     * with one retry, polled every 500 ms, plus the 2 s dwell, would make 5 s; a blackholed device took up to 18.6 s
     * in the first soaks (reconnecting into the blackhole), so this is that, measured, not derived.
     */
    private static final Duration DETECTION_MODBUS = Duration.ofSeconds(20);
    /** The same for OPC UA, where a silent server is noticed by the session's and the subscription's keep-alive. */
    private static final Duration DETECTION_OPCUA = Duration.ofSeconds(30);
    private static final List<String> OPCUA_MACHINES = List.of("imm-01", "imm-02", "cnc-02");
    /** How long a machine may take to show its true state after its path is back: OPC UA reconnects back off to 30 s. */
    private static final Duration RECOVERY = Duration.ofSeconds(45);
    private static final Duration WARM_UP = Duration.ofSeconds(25);
    private static final int FLEET = 10;
    private static final Path LOGS = Path.of("target", "soak");
    /** Every tenth sample (20 s) the agent collects its whole heap, for the heap-after-GC trend. */
    private static final int FULL_GC_EVERY = 10;
    private static final Pattern FULL_GC = Pattern.compile("^\\[([0-9.]+)s\\].*Pause Full.* \\d+M->(\\d+)M\\(");
    /** Margins for "flat": what a JVM's own variation (GC, JIT threads, H2's page cache) stays within. */
    private static final int THREAD_MARGIN = 8;
    private static final int FD_MARGIN = 16;
    private static final double RSS_MARGIN = 1.25;

    private static final List<FaultProxy.Kind> MACHINE_FAULTS = List.of(FaultProxy.Kind.DELAY, FaultProxy.Kind.THROTTLE,
            FaultProxy.Kind.DROP, FaultProxy.Kind.RESET, FaultProxy.Kind.BLACKHOLE, FaultProxy.Kind.HALF_OPEN,
            FaultProxy.Kind.REFUSE);
    private static final List<FaultProxy.Kind> BROKER_FAULTS = List.of(FaultProxy.Kind.DELAY, FaultProxy.Kind.THROTTLE,
            FaultProxy.Kind.DROP, FaultProxy.Kind.RESET, FaultProxy.Kind.BLACKHOLE, FaultProxy.Kind.HALF_OPEN);
    /** Faults under which a machine cannot be read at all; delay, throttle and refuse (open connections flow) can. */
    private static final List<FaultProxy.Kind> UNREADABLE = List.of(FaultProxy.Kind.DROP, FaultProxy.Kind.RESET,
            FaultProxy.Kind.BLACKHOLE, FaultProxy.Kind.HALF_OPEN);

    @TempDir
    Path dir;

    private record Fault(String target, FaultProxy.Kind kind, Instant start, Instant end) {
    }

    private record Kill(Instant at, Instant restarted) {
    }

    /**
     * What the checks need of one delivery; the content only as a digest, so that an hour's feed fits the test's heap.
     *
     * @param state  a state or capacity message's state, else {@code null}
     * @param seq    the message's number in the data sequence, 0 for a status (which takes none)
     * @param bdSeq  a status message's birth-and-death number, else 0
     * @param online a status message's {@code online}, else {@code null}
     */
    private record Received(String topic, String epoch, long seq, long bdSeq, Instant ts, String state, Boolean online,
                            String digest) {

        boolean isOfflineStatus() {
            return topic.equals(BASE + "/status") && Boolean.FALSE.equals(online);
        }

        boolean isBirth() {
            return topic.equals(BASE + "/status") && Boolean.TRUE.equals(online);
        }

        boolean hasSeq() {
            return seq > 0;
        }
    }

    /** Each machine's latest state as the feed delivers it (by the message's own time), to be awaited. */
    private static final class CurrentStates {
        private final Map<String, Received> latest = new HashMap<>();

        synchronized void add(Received r) {
            String machine = machineOf(r.topic());
            if (machine == null || !r.topic().endsWith("/state")) {
                return;
            }
            Received before = latest.get(machine);
            if (before == null || !r.ts().isBefore(before.ts())) {
                latest.put(machine, r);
                notifyAll();
            }
        }

        /** Waits until every machine shows its true state, or the deadline passes. */
        synchronized void awaitTruth(Map<String, String> truth, Instant deadline) throws InterruptedException {
            while (!truth.entrySet().stream().allMatch(e -> latest.containsKey(e.getKey())
                    && e.getValue().equals(latest.get(e.getKey()).state()))) {
                long left = Duration.between(Instant.now(), deadline).toMillis();
                if (left <= 0) {
                    return;
                }
                wait(left);
            }
        }
    }

    /** One /proc sample of the running agent. */
    private record Sample(int run, Instant at, long rssKb, int threads, int fds, long bufferBytes) {
    }

    @Test
    void theAgentKeepsItsPromisesThroughRandomFaultsAndKills() throws Exception {
        // A new schedule each run, as a soak is for finding what no one thought of: the seed is printed first, and
        // -Dsoak.seed=<n> replays a failing one. (One schedule was pinned while a defect it found was open.)
        long seed = Long.getLong("soak.seed", ThreadLocalRandom.current().nextLong(1, 1L << 44));
        Duration faulty = Duration.ofSeconds(Math.round(Double.parseDouble(System.getProperty("soak.minutes", "2")) * 60));
        System.out.println("soak: seed " + seed + " (replay with -Dsoak.seed=" + seed + "), " + faulty.toMinutes()
                + " min of faults");
        Random random = new Random(seed);
        SimulatorIdentity identity = SimulatorIdentity.generate();
        Map<String, String> truth = new LinkedHashMap<>();
        Map<String, FaultProxy> proxies = new LinkedHashMap<>();
        List<AutoCloseable> peers = new ArrayList<>();
        LinkedBlockingQueue<Received> feed = new LinkedBlockingQueue<>();
        CurrentStates states = new CurrentStates();
        List<Fault> faults = new ArrayList<>();
        List<Kill> kills = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "soak-sampler"));
        AtomicReference<Process> agent = new AtomicReference<>();
        AtomicInteger run = new AtomicInteger();
        try (EmbeddedBroker broker = EmbeddedBroker.start(Ports.free(), dir.resolve("broker"));
             FeedSubscriber ignored = FeedSubscriber.subscribe(broker.url(), "soak-feed", BASE + "/#",
                     r -> {
                         Received received = received(r.topic(), r.payload());
                         feed.add(received);
                         states.add(received);
                     })) {
            FaultProxy brokerPath = FaultProxy.start("broker", Integer.parseInt(broker.url().replaceAll(".*:", "")));
            proxies.put("broker", brokerPath);
            Map<String, Integer> ports = startMachines(identity, truth, proxies, peers);
            Path config = writeConfig(brokerPath.port(), ports);
            agent.set(startAgent(config, 0));
            sampler.scheduleAtFixedRate(() -> sample(agent.get(), run.get(), samples), 1, 2, TimeUnit.SECONDS);

            Instant begin = Instant.now().plus(WARM_UP);
            Instant end = begin.plus(faulty);
            // The whole schedule, drawn before it starts, so that a seed replays it exactly.
            TreeMap<Instant, Runnable> schedule = new TreeMap<>();
            List<String> targets = new ArrayList<>(proxies.keySet());
            Map<String, Instant> busyUntil = new HashMap<>();
            for (Instant t = begin; t.isBefore(end); t = t.plusMillis(2_000 + random.nextInt(4_000))) {
                // The broker's path is one target of fifteen, but the one every message crosses: a quarter of the faults.
                String target = random.nextInt(4) == 0 ? "broker" : targets.get(1 + random.nextInt(targets.size() - 1));
                if (busyUntil.getOrDefault(target, Instant.MIN).isAfter(t)) {
                    continue;
                }
                List<FaultProxy.Kind> kinds = target.equals("broker") ? BROKER_FAULTS : MACHINE_FAULTS;
                FaultProxy.Kind kind = kinds.get(random.nextInt(kinds.size()));
                // A machine that cannot be read stays so long enough, mostly, for the OFFLINE check to see it.
                Instant until = t.plusMillis(UNREADABLE.contains(kind) && !target.equals("broker")
                        ? 15_000 + random.nextInt(30_000) : 3_000 + random.nextInt(20_000));
                until = until.isAfter(end) ? end : until;
                busyUntil.put(target, until.plus(RECOVERY));
                FaultProxy proxy = proxies.get(target);
                long delayMillis = 100 + random.nextInt(400);
                int rate = 2_000 + random.nextInt(20_000);
                Instant from = t;
                Instant to = until;
                put(schedule, t, () -> {
                    apply(proxy, kind, delayMillis, rate);
                    faults.add(new Fault(target, kind, from, to));
                });
                put(schedule, until, proxy::pass);
            }
            // One every two minutes: each restart hides the machines' faults around it from the OFFLINE check.
            int killCount = Math.max(1, (int) faulty.toMinutes() / 2);
            for (int k = 0; k < killCount; k++) {
                Instant at = begin.plusMillis((long) ((k + 0.3 + 0.4 * random.nextDouble()) * faulty.toMillis() / killCount));
                put(schedule, at, () -> {
                    Process p = agent.get();
                    p.destroyForcibly();
                    waitFor(p);
                    assertEquals(137, p.exitValue(), "killed by SIGKILL");
                    Instant killedAt = Instant.now();
                    agent.set(startAgent(config, run.incrementAndGet()));
                    kills.add(new Kill(killedAt, Instant.now()));
                });
            }
            // The schedule's own clock: each step waits for its time, nothing waits for the agent.
            for (Map.Entry<Instant, Runnable> step : schedule.entrySet()) {
                long wait = Duration.between(Instant.now(), step.getKey()).toMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                step.getValue().run();
                assertTrue(agent.get().isAlive(), "the agent runs; its log: " + LOGS.resolve("agent-" + run.get() + ".log"));
            }
            proxies.values().forEach(FaultProxy::pass);
            Instant settled = Instant.now();
            // After the last fault every machine has RECOVERY to show its true state: the last check of the soak,
            // which the checks below judge (a machine not back by then fails them).
            states.awaitTruth(truth, settled.plus(RECOVERY));
            Instant judged = Instant.now();
            sampler.shutdown();
            assertTrue(sampler.awaitTermination(10, TimeUnit.SECONDS));

            long birthBeforeStop = feed.stream().filter(Received::isBirth).mapToLong(Received::bdSeq).max().orElse(0);
            Process last = agent.get();
            last.destroy();
            assertTrue(last.waitFor(30, TimeUnit.SECONDS), "a SIGTERM stops the agent");
            // 143: the JVM's status after a SIGTERM whose shutdown ran; that it was orderly shows in its offline status.
            assertEquals(143, last.exitValue(), "stopped by the SIGTERM; its log: " + LOGS.resolve("agent-" + run.get() + ".log"));
            List<Received> all = untilOrderlyOfflineStatus(feed, birthBeforeStop);
            Report report = new Report(seed, faulty);
            checkNoSeqCarriesTwoMessages(all, report);
            checkNoSeqIsLost(all, report);
            checkOfflineWhileUnreadable(all, faults, kills, report);
            checkTrueStateAfterFaults(all, faults, kills, truth, judged, report);
            checkResourcesFlat(samples, report);
            report.faults(faults, kills, all.size());
            System.out.println(report);
            assertTrue(report.failures.isEmpty(), report.toString());
        } finally {
            sampler.shutdownNow();
            Process p = agent.get();
            if (p != null) {
                p.destroyForcibly();
                waitFor(p);
            }
            for (AutoCloseable c : peers) {
                c.close();
            }
            proxies.values().forEach(FaultProxy::close);
            keepLogs();
        }
    }

    /** The agent's and its GC's logs outlive the temporary folder, for a failure and for the benchmark notes. */
    private void keepLogs() throws IOException {
        Files.createDirectories(LOGS);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".log")).toList()) {
                Files.copy(f, LOGS.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void put(TreeMap<Instant, Runnable> schedule, Instant at, Runnable step) {
        Instant t = at;
        while (schedule.containsKey(t)) {
            t = t.plusNanos(1);
        }
        schedule.put(t, step);
    }

    private static void apply(FaultProxy proxy, FaultProxy.Kind kind, long delayMillis, int rate) {
        switch (kind) {
            case DELAY -> proxy.delay(Duration.ofMillis(delayMillis));
            case THROTTLE -> proxy.throttle(rate);
            case DROP -> proxy.drop();
            case RESET -> proxy.reset();
            case BLACKHOLE -> proxy.blackhole();
            case HALF_OPEN -> proxy.halfOpen();
            case REFUSE -> proxy.refuse();
            case PASS -> proxy.pass();
        }
    }

    /** The demo's machines and the fleet, started in fixed phases whose state is known, each behind its proxy. */
    private Map<String, Integer> startMachines(SimulatorIdentity identity, Map<String, String> truth,
                                               Map<String, FaultProxy> proxies, List<AutoCloseable> peers) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        int imm1Port = Ports.free();
        int imm2Port = Ports.free();
        int toolPort = Ports.free();
        ImmSimulator imm1 = ImmSimulator.builder("imm-01").port(imm1Port).manual(Phase.PRODUCING)
                .cycleTime(Duration.ofSeconds(1)).identity(identity).build();
        ImmSimulator imm2 = ImmSimulator.builder("imm-02").port(imm2Port).manual(Phase.IDLE)
                .cycleTime(Duration.ofSeconds(1)).identity(identity).build();
        MachineToolSimulator tool = MachineToolSimulator.builder("cnc-02").port(toolPort).identity(identity)
                .cycleTime(Duration.ofSeconds(1)).manual(MachineToolPhase.PRODUCING).build();
        CncSimulator cnc = CncSimulator.builder("cnc-01").port(Ports.free()).cycleTime(Duration.ofMillis(500))
                .manual(CncPhase.CUTTING).build();
        peers.addAll(List.of(imm1, imm2, tool, cnc));
        imm1.start();
        imm2.start();
        tool.start();
        cnc.start();
        truth.put("imm-01", "RUNNING");
        truth.put("imm-02", "IDLE");
        truth.put("cnc-01", "RUNNING");
        truth.put("cnc-02", "RUNNING");
        behind("imm-01", imm1Port, proxies, ports);
        behind("imm-02", imm2Port, proxies, ports);
        behind("cnc-02", toolPort, proxies, ports);
        behind("cnc-01", cnc.port(), proxies, ports);
        for (int i = 1; i <= FLEET; i++) {
            String id = String.format(Locale.ROOT, "fleet-%02d", i);
            boolean cutting = i % 2 == 1;
            CncSimulator sim = CncSimulator.builder(id).port(Ports.free()).cycleTime(Duration.ofSeconds(2))
                    .manual(cutting ? CncPhase.CUTTING : CncPhase.IDLE).build();
            peers.add(sim);
            sim.start();
            truth.put(id, cutting ? "RUNNING" : "IDLE");
            behind(id, sim.port(), proxies, ports);
        }
        return ports;
    }

    private static void behind(String machine, int port, Map<String, FaultProxy> proxies, Map<String, Integer> ports) {
        FaultProxy proxy = FaultProxy.start(machine, port);
        proxies.put(machine, proxy);
        ports.put(machine, proxy.port());
    }

    /** The demo's config, its peers replaced by their proxies, telemetry at QoS 1 (so that a lost one is a gap), and
     * the fleet added; the broker keep-alive short enough that a silent broker path is noticed within the soak. */
    private Path writeConfig(int brokerPort, Map<String, Integer> ports) throws IOException {
        String yaml = Files.readString(Path.of("../config/demo.yaml"))
                .replace("127.0.0.1:18830\" ]", "127.0.0.1:" + brokerPort + "\" ]\n  keepAliveSeconds: 5")
                .replace("telemetry: { qos: 0, batchMs: 1000 }", "telemetry: { qos: 1, batchMs: 1000 }")
                .replace("127.0.0.1:48401", "127.0.0.1:" + ports.get("imm-01"))
                .replace("127.0.0.1:48402", "127.0.0.1:" + ports.get("imm-02"))
                .replace("127.0.0.1:15020", "127.0.0.1:" + ports.get("cnc-01"))
                .replace("127.0.0.1:48403", "127.0.0.1:" + ports.get("cnc-02"))
                .replace("dataDir: ./demo-data", "dataDir: ./data");
        StringBuilder fleet = new StringBuilder(yaml);
        for (int i = 1; i <= FLEET; i++) {
            String id = String.format(Locale.ROOT, "fleet-%02d", i);
            fleet.append("""

                      - id: %s
                        kind: cnc
                        cycle: { nominalSeconds: 2 }
                        modbus: { tcp: 127.0.0.1:%d, unit: 1, pollMs: 500 }
                        signals:
                          execution: { register: holding:0 }
                          partCount: { register: holding:2, type: uint32 }
                          alarmCode: { register: holding:8 }
                        state:
                          down:    { signal: alarmCode, ne: 0 }
                          setup:   { signal: execution, eq: 4 }
                          running: { signal: execution, in: [1, 2] }
                          idle:    { otherwise: true }
                        counter: partCount
                    """.formatted(id, ports.get(id)));
        }
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, fleet.toString());
        return file;
    }

    /** As {@code bin/edge-agent} starts it on a device: 64 MB heap, Serial GC, small stacks, GC logged for the report. */
    private Process startAgent(Path config, int run) {
        try {
            return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xms16m", "-Xmx64m", "-Xmn8m", "-XX:+UseSerialGC", "-Xss512k",
                    "-Xlog:gc:file=" + dir.resolve("gc-" + run + ".log"),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", "--config", config.toString())
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("agent-" + run + ".log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void waitFor(Process p) {
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sample(Process p, int run, List<Sample> samples) {
        Path proc = Path.of("/proc", Long.toString(p.pid()));
        if (samples.size() % FULL_GC_EVERY == 0) {
            fullGc(p);
        }
        try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
            int fdCount = (int) fds.count();
            long rss = 0;
            int threads = 0;
            for (String line : Files.readAllLines(proc.resolve("status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", ""));
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.replaceAll("\\D", ""));
                }
            }
            long buffer = 0;
            Path bufferDir = BufferFolder.inDataDir(dir.resolve("data")).dir();
            if (Files.isDirectory(bufferDir)) {
                try (Stream<Path> files = Files.list(bufferDir)) {
                    buffer = files.mapToLong(f -> f.toFile().length()).sum();
                }
            }
            synchronized (samples) {
                samples.add(new Sample(run, Instant.now(), rss, threads, fdCount, buffer));
            }
        } catch (IOException | UncheckedIOException | NumberFormatException e) {
            // The process just ended (a kill): this sample is skipped.
        }
    }

    /**
     * Has the agent collect its whole heap, so that its GC log shows what is live: after a young collection the old
     * generation's garbage still counts, and a 64 MB heap may go minutes without a full one.
     */
    private static void fullGc(Process p) {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(p.pid()), "GC.run").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!jcmd.waitFor(20, TimeUnit.SECONDS)) {
                jcmd.destroyForcibly();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Heap after each full collection of one run, in MB, by seconds since its start, from its GC log. */
    private TreeMap<Double, Integer> heapAfterFullGc(int run) {
        TreeMap<Double, Integer> heap = new TreeMap<>();
        Matcher m;
        try {
            for (String line : Files.readAllLines(dir.resolve("gc-" + run + ".log"))) {
                if ((m = FULL_GC.matcher(line)).find()) {
                    heap.put(Double.parseDouble(m.group(1)), Integer.parseInt(m.group(2)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return heap;
    }

    private static Received received(String topic, String payload) {
        try {
            ObjectNode json = (ObjectNode) JSON.readTree(payload);
            // A message sent again after an outage or a restart is the same message, marked historical.
            json.remove("historical");
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.toString().getBytes(StandardCharsets.UTF_8));
            String suffix = topic.substring(topic.lastIndexOf('/') + 1);
            return new Received(topic, json.path("epoch").asText(), json.path("seq").asLong(), json.path("bdSeq").asLong(),
                    Instant.parse(json.path("ts").asText()),
                    suffix.equals("state") || suffix.equals("capacity") ? json.path("state").asText() : null,
                    suffix.equals("status") ? json.path("online").asBoolean() : null, HexFormat.of().formatHex(digest));
        } catch (IOException e) {
            throw new UncheckedIOException("payload is not JSON: " + payload, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * Everything received, once the orderly stop's offline status is among it: the agent sent it before it exited,
     * so it is on its way through the broker. It has the bdSeq of the last connection's birth; a late Last Will of
     * an earlier connection has a lower one.
     */
    private static List<Received> untilOrderlyOfflineStatus(LinkedBlockingQueue<Received> feed, long lastBirth)
            throws InterruptedException {
        List<Received> all = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (all.stream().noneMatch(r -> r.isOfflineStatus() && r.bdSeq() >= lastBirth)) {
            Received r = feed.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (r == null) {
                throw new AssertionError("no offline status from the orderly stop");
            }
            all.add(r);
            feed.drainTo(all);
        }
        return all;
    }

    private static void checkNoSeqCarriesTwoMessages(List<Received> all, Report report) {
        Map<String, Received> byKey = new HashMap<>();
        Set<String> reported = new HashSet<>();
        for (Received r : all.stream().filter(Received::hasSeq).toList()) {
            Received earlier = byKey.putIfAbsent(key(r), r);
            // Once per (epoch, seq): each message of the pair may arrive more than once.
            if (earlier != null && !earlier.digest().equals(r.digest()) && reported.add(key(r))) {
                report.fail("(epoch, seq) " + key(r) + " carried two messages: " + earlier + " and " + r);
            }
        }
        report.line("distinct (epoch, seq) received: " + byKey.size() + " of " + all.size() + " deliveries");
    }

    private static String key(Received r) {
        return r.epoch() + "/" + r.seq();
    }

    private void checkNoSeqIsLost(List<Received> all, Report report) {
        Map<String, TreeSet<Long>> seqsByEpoch = new TreeMap<>();
        Map<Long, String> topicBySeq = new HashMap<>();
        for (Received r : all.stream().filter(Received::hasSeq).toList()) {
            topicBySeq.put(r.seq(), r.topic().substring(BASE.length() + 1));
            seqsByEpoch.computeIfAbsent(r.epoch(), e -> new TreeSet<>()).add(r.seq());
        }
        TreeSet<Long> waiting = new TreeSet<>();
        long lastInFile;
        try (OutboxFile file = OutboxFile.open(BufferFolder.inDataDir(dir.resolve("data")))) {
            lastInFile = file.bufferStats().lastSeq();
            for (MessageClass cls : MessageClass.values()) {
                for (List<OutgoingMessage> rows = file.read(cls, 0, 1_000); !rows.isEmpty();
                     rows = file.read(cls, rows.get(rows.size() - 1).seq(), 1_000)) {
                    rows.forEach(m -> waiting.add(m.seq()));
                }
            }
        }
        report.line("epochs: " + seqsByEpoch.keySet() + "; buffer file's last seq " + lastInFile + ", " + waiting.size()
                + " messages still waiting in it after the orderly stop");
        if (seqsByEpoch.size() > 1) {
            // A new epoch means a start found the buffer file damaged and moved it aside: what waited in it is lost.
            report.fail("a start after a SIGKILL lost the buffer file (" + seqsByEpoch.size() + " epochs): "
                    + storageResets());
        }
        long missing = 0;
        List<String> examples = new ArrayList<>();
        Iterator<TreeSet<Long>> epochs = seqsByEpoch.values().iterator();
        while (epochs.hasNext()) {
            TreeSet<Long> seqs = epochs.next();
            // Only the newest epoch's file is there to say what still waits; an older one is checked to its last seq.
            long last = epochs.hasNext() ? seqs.last() : lastInFile;
            for (long s = seqs.first(); s <= last; s++) {
                if (!seqs.contains(s) && (epochs.hasNext() || !waiting.contains(s))) {
                    missing++;
                    if (examples.size() < 20) {
                        examples.add(s + " (after " + topicBySeq.get(s - 1) + ", before " + topicBySeq.get(s + 1) + ")");
                    }
                }
            }
        }
        report.line("seqs neither received nor waiting: " + missing + " " + examples + "; Last Wills received: "
                + all.stream().filter(Received::isOfflineStatus).map(Received::bdSeq).distinct().count() + " connections");
        if (missing > 0) {
            report.fail(missing + " seqs lost: " + examples);
        }
    }

    /** The agent's own account of each buffer file it moved aside. */
    private List<String> storageResets() {
        try (Stream<Path> logs = Files.list(dir)) {
            List<String> lines = new ArrayList<>();
            for (Path log : logs.filter(f -> f.getFileName().toString().startsWith("agent-")).sorted().toList()) {
                Files.readAllLines(log).stream().filter(l -> l.contains("moved it aside")).forEach(lines::add);
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String machineOf(String topic) {
        String[] parts = topic.substring(BASE.length() + 1).split("/");
        return parts.length == 3 && parts[0].equals("machines") ? parts[1] : null;
    }

    /** First deliveries of a machine's state and capacity messages, by their creation time. */
    private static TreeMap<Instant, String> statesOf(List<Received> all, String machine, boolean withCapacity) {
        TreeMap<Instant, String> states = new TreeMap<>();
        for (Received r : all) {
            String suffix = r.topic().substring(r.topic().lastIndexOf('/') + 1);
            if (machine.equals(machineOf(r.topic())) && (suffix.equals("state") || withCapacity && suffix.equals("capacity"))) {
                states.put(suffix.equals("state") ? r.ts() : r.ts().plusNanos(1), r.state());
            }
        }
        return states;
    }

    private static boolean overlapsKill(Instant from, Instant to, List<Kill> kills, Duration after) {
        return kills.stream().anyMatch(k -> !k.at().isAfter(to) && !k.restarted().plus(after).isBefore(from));
    }

    private static void checkOfflineWhileUnreadable(List<Received> all, List<Fault> faults, List<Kill> kills, Report report) {
        Map<String, List<Long>> detections = new TreeMap<>();
        int checked = 0;
        for (Fault f : faults) {
            if (f.target().equals("broker") || !UNREADABLE.contains(f.kind())) {
                continue;
            }
            TreeMap<Instant, String> states = statesOf(all, f.target(), true);
            Map.Entry<Instant, String> offline = states.subMap(f.start(), true, f.end(), true).entrySet().stream()
                    .filter(e -> e.getValue().equals("OFFLINE")).findFirst().orElse(null);
            if (offline != null) {
                detections.computeIfAbsent(OPCUA_MACHINES.contains(f.target()) ? "OPC UA" : "Modbus", p -> new ArrayList<>())
                        .add(Duration.between(f.start(), offline.getKey()).toMillis());
            }
            Duration detection = OPCUA_MACHINES.contains(f.target()) ? DETECTION_OPCUA : DETECTION_MODBUS;
            Instant checkFrom = f.start().plus(detection);
            if (!checkFrom.isBefore(f.end()) || overlapsKill(f.start(), f.end(), kills, detection)) {
                continue;
            }
            checked++;
            Map.Entry<Instant, String> atCheck = states.floorEntry(checkFrom);
            if (atCheck == null || !atCheck.getValue().equals("OFFLINE")) {
                report.fail(f + ": " + f.target() + " was " + (atCheck == null ? "never published" : atCheck.getValue())
                        + " " + detection.toSeconds() + " s into the fault");
            }
            states.subMap(checkFrom, true, f.end(), true).forEach((ts, state) -> {
                if (!state.equals("OFFLINE")) {
                    report.fail(f + ": " + state + " published for " + f.target() + " at " + ts + " while it could not be read");
                }
            });
        }
        report.line("unreadable machine faults longer than the detection time (Modbus " + DETECTION_MODBUS.toSeconds()
                + " s, OPC UA " + DETECTION_OPCUA.toSeconds() + " s) checked: "
                + checked + "; time to OFFLINE: " + detections.entrySet().stream()
                .map(e -> e.getKey() + " " + Report.percentiles(e.getValue())).toList());
    }

    private static void checkTrueStateAfterFaults(List<Received> all, List<Fault> faults, List<Kill> kills,
                                                  Map<String, String> truth, Instant end, Report report) {
        List<Long> recoveries = new ArrayList<>();
        int checked = 0;
        for (String machine : truth.keySet()) {
            TreeMap<Instant, String> states = statesOf(all, machine, false);
            Map<Instant, String> ends = new TreeMap<>();
            faults.stream().filter(f -> f.target().equals(machine)).forEach(f -> ends.put(f.end(), f.kind() + " from " + f.start()));
            kills.forEach(k -> ends.put(k.restarted(), "SIGKILL of the agent at " + k.at()));
            for (Map.Entry<Instant, String> fault : ends.entrySet()) {
                Instant faultEnd = fault.getKey();
                Instant by = faultEnd.plus(RECOVERY);
                // Another fault of the machine under way in that time (one that spans a restart too) is its own case.
                boolean disturbed = faults.stream().anyMatch(f -> f.target().equals(machine)
                        && f.end().isAfter(faultEnd) && f.start().isBefore(by))
                        || kills.stream().anyMatch(k -> k.at().isAfter(faultEnd) && k.at().isBefore(by));
                if (disturbed || by.isAfter(end)) {
                    continue;
                }
                checked++;
                Map.Entry<Instant, String> at = states.floorEntry(by);
                if (at == null || !at.getValue().equals(truth.get(machine))) {
                    report.fail(machine + " was " + (at == null ? "never published" : at.getValue()) + ", not "
                            + truth.get(machine) + ", " + RECOVERY.toSeconds() + " s after " + fault.getValue() + " to " + faultEnd);
                }
                Map.Entry<Instant, String> back = states.ceilingEntry(faultEnd);
                recoveries.add(back == null || back.getKey().isAfter(by) ? 0 : Duration.between(faultEnd, back.getKey()).toMillis());
            }
            Map.Entry<Instant, String> last = states.lastEntry();
            if (last == null || !last.getValue().equals(truth.get(machine))) {
                report.fail(machine + " ended as " + (last == null ? "never published" : last.getValue()) + ", not " + truth.get(machine));
            }
        }
        report.line("recoveries checked " + checked + " (" + RECOVERY.toSeconds() + " s each); time from a fault's end to"
                + " the next state (0 when it never left its state) " + Report.percentiles(recoveries));
    }

    private void checkResourcesFlat(List<Sample> samples, Report report) {
        Map<Integer, List<Sample>> byRun = new TreeMap<>();
        synchronized (samples) {
            samples.forEach(s -> byRun.computeIfAbsent(s.run(), r -> new ArrayList<>()).add(s));
        }
        List<Sample> longest = byRun.values().stream().max((a, b) -> Integer.compare(a.size(), b.size())).orElseThrow();
        int n = longest.size();
        if (n < 8) {
            report.line("resources: the longest run has only " + n + " samples, no trend checked");
            return;
        }
        List<Sample> second = longest.subList(n / 4, n / 2);
        List<Sample> lastQuarter = longest.subList(3 * n / 4, n);
        int threadsBefore = second.stream().mapToInt(Sample::threads).max().orElseThrow();
        int threadsAfter = lastQuarter.stream().mapToInt(Sample::threads).max().orElseThrow();
        int fdsBefore = second.stream().mapToInt(Sample::fds).max().orElseThrow();
        int fdsAfter = lastQuarter.stream().mapToInt(Sample::fds).max().orElseThrow();
        long rssBefore = second.stream().mapToLong(Sample::rssKb).max().orElseThrow();
        long rssAfter = lastQuarter.stream().mapToLong(Sample::rssKb).max().orElseThrow();
        long bufferBefore = second.stream().mapToLong(Sample::bufferBytes).max().orElseThrow();
        long bufferAfter = lastQuarter.stream().mapToLong(Sample::bufferBytes).max().orElseThrow();
        report.line(String.format(Locale.ROOT, "resources of run %d (%d samples, second quarter -> last quarter, maxima):"
                        + " threads %d -> %d, fds %d -> %d, RSS %d -> %d MB, buffer file %d -> %d kB",
                longest.get(0).run(), n, threadsBefore, threadsAfter, fdsBefore, fdsAfter, rssBefore / 1024, rssAfter / 1024,
                bufferBefore / 1024, bufferAfter / 1024));
        if (threadsAfter > threadsBefore + THREAD_MARGIN) {
            report.fail("threads grew from " + threadsBefore + " to " + threadsAfter);
        }
        if (fdsAfter > fdsBefore + FD_MARGIN) {
            report.fail("open descriptors grew from " + fdsBefore + " to " + fdsAfter);
        }
        if (rssAfter > rssBefore * RSS_MARGIN) {
            report.fail("RSS grew from " + rssBefore / 1024 + " to " + rssAfter / 1024 + " MB");
        }
        if (bufferAfter > Math.max(bufferBefore * 2, bufferBefore + 4 * 1024 * 1024)) {
            report.fail("the buffer file grew from " + bufferBefore / 1024 + " to " + bufferAfter / 1024 + " kB");
        }
        TreeMap<Double, Integer> heap = heapAfterFullGc(longest.get(0).run());
        if (heap.size() < 4) {
            report.line("heap after full GC: only " + heap.size() + " full collections in the longest run, no trend checked");
            return;
        }
        double span = heap.lastKey();
        int heapBefore = heap.subMap(span / 4, span / 2).values().stream().mapToInt(Integer::intValue).max().orElse(heap.firstEntry().getValue());
        int heapAfter = heap.tailMap(span * 3 / 4).values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        report.line("heap after full GC of that run (" + heap.size() + " collections): " + heap.values());
        if (heapAfter > Math.max(heapBefore * RSS_MARGIN, heapBefore + 2)) {
            report.fail("heap after full GC grew from " + heapBefore + " to " + heapAfter + " MB");
        }
    }

    /** What the soak found, printed whole, failures first. */
    private static final class Report {
        final List<String> failures = new ArrayList<>();
        final List<String> lines = new ArrayList<>();
        final long seed;
        final Duration faulty;

        Report(long seed, Duration faulty) {
            this.seed = seed;
            this.faulty = faulty;
        }

        void fail(String what) {
            failures.add(what);
        }

        void line(String what) {
            lines.add(what);
        }

        void faults(List<Fault> faults, List<Kill> kills, int deliveries) {
            Map<FaultProxy.Kind, Integer> machine = new EnumMap<>(FaultProxy.Kind.class);
            Map<FaultProxy.Kind, Integer> broker = new EnumMap<>(FaultProxy.Kind.class);
            faults.forEach(f -> (f.target().equals("broker") ? broker : machine).merge(f.kind(), 1, Integer::sum));
            lines.add(0, "faults on machines " + machine + ", on the broker path " + broker + ", SIGKILLs " + kills.size()
                    + ", deliveries received " + deliveries);
        }

        static String percentiles(List<Long> millis) {
            if (millis.isEmpty()) {
                return "(none)";
            }
            List<Long> sorted = millis.stream().sorted().toList();
            return String.format(Locale.ROOT, "p50 %.1f s, p99 %.1f s, max %.1f s (%d)", sorted.get(sorted.size() / 2) / 1000.0,
                    sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)) / 1000.0,
                    sorted.get(sorted.size() - 1) / 1000.0, sorted.size());
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("soak report, seed " + seed + ", " + faulty.toSeconds() + " s of faults\n");
            failures.forEach(f -> b.append("  FAIL ").append(f).append('\n'));
            lines.forEach(l -> b.append("  ").append(l).append('\n'));
            return b.toString();
        }
    }
}
