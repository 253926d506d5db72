package io.edgeagent.agent.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeagent.agent.buffer.BufferFolder;
import io.edgeagent.agent.buffer.MessageClass;
import io.edgeagent.agent.buffer.Outbox;
import io.edgeagent.agent.buffer.OutgoingMessage;
import io.edgeagent.agent.stop.StopBudget;
import io.edgeagent.agent.testing.FaultProxy;
import io.edgeagent.agent.testing.Ports;
import io.edgeagent.broker.EmbeddedBroker;
import io.edgeagent.broker.FeedSubscriber;
import io.edgeagent.drivers.sim.cnc.CncSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to the whole agent, as a process, while the path to its broker is a blackhole (a {@link FaultProxy}: the
 * connection stays open, nothing passes, so the uplink's offline status and disconnect wait their time-outs) and its
 * outbox is busy writing the backlog that builds up. The process must exit within the service's
 * {@code TimeoutStopSec=30s} (install/systemd/edge-agent.service), by the exit status of a JVM stopped by SIGTERM,
 * and the next start's file must hold every message the subscriber did not get: nothing committed is lost.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class AgentStopTest {

    /** The systemd unit's TimeoutStopSec: after it, systemd kills the process. */
    private static final Duration UNIT_STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Backlog the blackhole lets build up in the file before the stop: a few seconds of the machine's telemetry. */
    private static final long BACKLOG_GROWTH = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void sigtermWhileTheBrokerIsABlackholeAndTheBufferIsBusyExitsInTimeAndKeepsEverything() throws Exception {
        int brokerPort = Ports.free();
        int machinePort = Ports.free();
        LinkedBlockingQueue<Long> received = new LinkedBlockingQueue<>();
        Path log = dir.resolve("agent.log");
        Path file = BufferFolder.inDataDir(dir.resolve("data")).file();
        try (EmbeddedBroker broker = EmbeddedBroker.start(brokerPort, dir.resolve("broker"));
             FaultProxy path = FaultProxy.start("broker", brokerPort);
             FeedSubscriber ignored = FeedSubscriber.subscribe(broker.url(), "stop-test-feed", "edge/v1/plant-s/gw-stop/#",
                     r -> received.add(seqOf(r.payload())));
             CncSimulator machine = CncSimulator.builder("cnc-s").port(machinePort).cycleTime(Duration.ofMillis(300))
                     .tick(Duration.ofMillis(50)).scenario(CncSimulator.demoScenario()).build()) {
            machine.start();
            Path config = AgentProcess.config(dir, "gw-stop", "plant-s", "cnc-s", path.port(), machinePort);
            Process agent = AgentProcess.start(config, log);
            long highestReceived = 0;
            try {
                for (int i = 0; i < 10; i++) {
                    Long seq = received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
                    assertTrue(seq != null, "the agent publishes; its log: " + log);
                    highestReceived = Math.max(highestReceived, seq);
                }
                path.blackhole();
                long before = Files.size(file);
                awaitGrowth(file, before + BACKLOG_GROWTH);

                long start = System.nanoTime();
                agent.destroy();
                boolean exited = agent.waitFor(UNIT_STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertTrue(exited, "the agent exits within the unit's stop time-out " + UNIT_STOP_TIMEOUT + "; its log: "
                        + log);
                assertEquals(143, agent.exitValue(), "exit status of a JVM stopped by SIGTERM, which the unit counts as success");
                assertTrue(took.compareTo(StopBudget.TOTAL.plusSeconds(5)) < 0, "stopped in " + took.toMillis() + " ms");
            } finally {
                agent.destroyForcibly();
                agent.waitFor();
            }
            for (Long seq; (seq = received.poll()) != null; ) {
                highestReceived = Math.max(highestReceived, seq);
            }
            List<String> lines = Files.readAllLines(log);
            assertTrue(lines.stream().anyMatch(l -> l.contains("edge-agent gw-stop stopped in")), "the stop ended: " + lines);
            assertTrue(lines.stream().noneMatch(l -> l.contains("left open") || l.contains("did not close within")),
                    "no part was left behind: " + lines);
            assertEverySeqAfterIsInTheFile(highestReceived);
        }
    }

    /** A message's sequence number; 0 for a status, which takes none. */
    private static long seqOf(String payload) {
        try {
            return JSON.readTree(payload).path("seq").asLong();
        } catch (IOException e) {
            throw new UncheckedIOException("payload is not JSON: " + payload, e);
        }
    }

    /** The file grows as the backlog is committed: each write to its folder wakes the wait (inotify on Linux). */
    private static void awaitGrowth(Path file, long size) throws IOException, InterruptedException {
        try (WatchService writes = file.getFileSystem().newWatchService()) {
            file.getParent().register(writes, StandardWatchEventKinds.ENTRY_MODIFY);
            long end = System.nanoTime() + WAIT.toNanos();
            while (Files.size(file) < size) {
                long left = end - System.nanoTime();
                assertTrue(left > 0, "the buffer file grew to " + size + " bytes while the broker was away");
                WatchKey key = writes.poll(left, TimeUnit.NANOSECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
        }
    }

    /** What the next start finds: every sequence number from the subscriber's highest to the last handed out. */
    private void assertEverySeqAfterIsInTheFile(long highestReceived) {
        try (Outbox outbox = Outbox.open(BufferFolder.inDataDir(dir.resolve("data")).dir(), Clock.systemUTC())) {
            long last = outbox.stats().lastSeq();
            TreeSet<Long> inFile = new TreeSet<>();
            for (MessageClass cls : MessageClass.values()) {
                long after = 0;
                for (List<OutgoingMessage> page; !(page = outbox.next(cls, after, 10_000)).isEmpty(); ) {
                    for (OutgoingMessage m : page) {
                        inFile.add(m.seq());
                        after = m.seq();
                    }
                }
            }
            assertTrue(last > highestReceived + 10, "messages were accepted while the broker was away: last " + last
                    + ", received up to " + highestReceived);
            List<Long> missing = new ArrayList<>();
            for (long seq = highestReceived + 1; seq <= last; seq++) {
                if (!inFile.contains(seq)) {
                    missing.add(seq);
                }
            }
            assertEquals(List.of(), missing, "every message after the last one received is in the file, up to " + last);
        }
    }
}
