package io.edgeagent.agent.stop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.agent.buffer.MessageClass;
import io.edgeagent.agent.buffer.Outbox;
import io.edgeagent.agent.feed.AgentIdentity;
import io.edgeagent.agent.feed.json.JsonFeedSession;
import io.edgeagent.agent.feed.json.Payloads;
import io.edgeagent.agent.feed.json.Topics;
import io.edgeagent.agent.testing.FaultProxy;
import io.edgeagent.agent.testing.Feed;
import io.edgeagent.agent.testing.Ports;
import io.edgeagent.agent.uplink.PahoBrokerLink;
import io.edgeagent.agent.uplink.Uplink;
import io.edgeagent.broker.EmbeddedBroker;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop bounded as a whole (issue 14, durability: nothing that knocks it over). A real uplink whose broker went
 * silent (a {@link FaultProxy} blackhole between it and a real broker) takes its own time-outs, about 11 s, to close:
 * given a share of one second, the stop names it in one line with its threads and carries on, and the outbox after it
 * still closes and keeps what it was given.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class StopBudgetTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration SHARE = Duration.ofSeconds(1);
    /** What a loaded test machine may add to a share before the stop carries on. */
    private static final Duration SLACK = Duration.ofSeconds(2);
    private static final Topics TOPICS = new Topics("edge/v1", "site-s", "gw-stop");
    private static final AgentIdentity IDENTITY = new AgentIdentity("test", "abc123", List.of("imm-01"));

    @TempDir
    Path dir;

    @Test
    void aPartThatHangsOnCloseIsNamedWithItsThreadsAndTheStopCarriesOn() throws Exception {
        Clock clock = Clock.systemUTC();
        try (EmbeddedBroker broker = EmbeddedBroker.start(Ports.free(), dir.resolve("broker"));
             FaultProxy path = FaultProxy.start("broker", URI.create(broker.url()).getPort());
             Feed feed = new Feed(broker.url(), TOPICS.all())) {
            Outbox outbox = Outbox.open(dir.resolve("buffer"), clock);
            Uplink uplink = new Uplink(new PahoBrokerLink(TOPICS.agentId(), null, null, Duration.ofSeconds(2), null,
                    Duration.ofSeconds(30)), outbox, new JsonFeedSession(TOPICS, new Payloads(TOPICS.agentId(), 1L, clock),
                    IDENTITY), List.of(URI.create("tcp://127.0.0.1:" + path.port())), clock);
            uplink.start();
            feed.await(m -> m.topic().equals(TOPICS.status()) && m.json().get("online").asBoolean(), WAIT, "birth");
            path.blackhole();
            long last = 0;
            for (int i = 0; i < 50; i++) {
                last = outbox.append(MessageClass.EVENT, TOPICS.machineWindows("imm-01"), 1, false,
                        s -> ("{\"seq\":" + s + "}").getBytes(StandardCharsets.UTF_8));
            }

            StopBudget stop = new StopBudget("agent gw-stop", Duration.ofSeconds(60));
            long start = System.nanoTime();
            boolean uplinkClosed = stop.close("uplink", SHARE, uplink, "mqtt-uplink");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertFalse(uplinkClosed, "the uplink to a silent broker does not close within " + SHARE);
            assertTrue(took.compareTo(SHARE.plus(SLACK)) < 0, "the stop carried on after the share: " + took);
            assertEquals(1, stop.overruns().size());
            StopBudget.Overrun overrun = stop.overruns().get(0);
            assertEquals("uplink", overrun.part());
            assertTrue(overrun.threads().contains("stop-uplink ") && overrun.threads().contains("Uplink.close"),
                    "the report shows the stuck close and where it waits: " + overrun.threads());

            assertTrue(stop.close("buffer", Outbox.CLOSE_BOUND, outbox, "outbox-writer"), "the outbox still closes");
            try (Outbox again = Outbox.open(dir.resolve("buffer"), clock)) {
                assertEquals(last, again.stats().lastSeq(), "the outbox kept what it was given");
                assertEquals(50, again.next(MessageClass.EVENT, 0, 100).size(), "unsent events wait in the file");
            }
            // The uplink's close, left behind, ends once its own time-outs have passed.
            path.pass();
        }
    }

    /** The report follows a waiting thread to the holder of its lock, which is the one to look at. */
    @Test
    void aThreadWaitingForALockIsShownWithTheHolderAndItsFrames() throws Exception {
        Object lock = new Object();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            synchronized (lock) {
                held.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "test-holder");
        holder.start();
        assertTrue(held.await(10, TimeUnit.SECONDS));
        Thread waiter = new Thread(() -> {
            synchronized (lock) {
                lock.notifyAll();
            }
        }, "test-waiter");
        waiter.start();
        try {
            String report = "";
            for (long end = System.nanoTime() + WAIT.toNanos(); !report.contains("BLOCKED") && System.nanoTime() < end; ) {
                report = StuckThreads.describe(List.of(waiter));
            }
            assertTrue(report.startsWith("test-waiter BLOCKED waiting for java.lang.Object@"), report);
            assertTrue(report.contains(" held by test-holder at "), report);
            assertTrue(report.contains("; test-holder WAITING"), "the holder follows: " + report);
            assertTrue(report.contains("StopBudgetTest.lambda"), "the threads' own frames, past the JDK's: " + report);
        } finally {
            release.countDown();
            holder.join();
            waiter.join();
        }
    }
}
