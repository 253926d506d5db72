package io.edgeagent.agent.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.agent.buffer.MessageClass;
import io.edgeagent.agent.buffer.Outbox;
import io.edgeagent.agent.feed.AgentIdentity;
import io.edgeagent.agent.feed.UplinkStatus;
import io.edgeagent.agent.feed.json.JsonFeedSession;
import io.edgeagent.agent.feed.json.Payloads;
import io.edgeagent.agent.feed.json.Topics;
import io.edgeagent.agent.testing.CommandClient;
import io.edgeagent.agent.testing.Feed;
import io.edgeagent.agent.testing.Ports;
import io.edgeagent.broker.EmbeddedBroker;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The uplink against a real MQTT 5 broker, watched by a separate subscriber. */
class UplinkTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Topics TOPICS = new Topics("edge/v1", "site-a", "gw-test");
    private static final AgentIdentity IDENTITY = new AgentIdentity("test", "abc123", List.of("imm-01"));

    @TempDir
    Path dir;

    @Test
    void buffersWhileTheBrokerIsAwayThenDeliversInOrderMarkedHistoricalAndDeletesOnAck() throws Exception {
        int port = Ports.free();
        Clock clock = Clock.systemUTC();
        try (Outbox outbox = Outbox.open(dir.resolve("buffer"), clock)) {
            Payloads payloads = new Payloads(TOPICS.agentId(), 1L, clock);
            Uplink uplink = new Uplink(new PahoBrokerLink(TOPICS.agentId(), null, null, Duration.ofSeconds(2)),
                    outbox, new JsonFeedSession(TOPICS, payloads, IDENTITY),
                    List.of(URI.create("tcp://127.0.0.1:" + port)), clock);
            uplink.start();
            try {
                long first = 0;
                for (int i = 0; i < 30; i++) {
                    int n = i;
                    long seq = outbox.append(MessageClass.EVENT, TOPICS.machineState("imm-01"), 1, false,
                            s -> ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8));
                    first = first == 0 ? seq : first;
                }
                assertFalse(uplink.status().connected(), "no broker yet");

                try (EmbeddedBroker broker = EmbeddedBroker.start(port, dir.resolve("broker"));
                     Feed feed = new Feed(broker.url(), TOPICS.all())) {
                    Feed.Message birth = feed.await(m -> m.topic().equals(TOPICS.status()), WAIT, "birth");
                    assertTrue(birth.json().get("online").asBoolean());
                    assertEquals("abc123", birth.json().get("configHash").asText());

                    for (int i = 0; i < 30; i++) {
                        Feed.Message m = feed.await(x -> x.topic().equals(TOPICS.machineState("imm-01")), WAIT, "state " + i);
                        assertEquals(i, m.json().get("n").asInt(), "delivered in the order accepted");
                        assertTrue(m.json().get("historical").asBoolean(), "buffered during the outage: marked historical");
                    }
                    awaitEmpty(outbox);
                    assertTrue(uplink.status().connected());
                } finally {
                    uplink.close();
                }
            } finally {
                uplink.close();
            }
        }
    }

    @Test
    void liveMessagesAreNotHistoricalAndAnOrderlyStopPublishesOfflineStatus() throws Exception {
        Clock clock = Clock.systemUTC();
        try (EmbeddedBroker broker = EmbeddedBroker.start(Ports.free(), dir.resolve("broker"));
             Feed feed = new Feed(broker.url(), TOPICS.all());
             Outbox outbox = Outbox.open(dir.resolve("buffer"), clock)) {
            Uplink uplink = new Uplink(new PahoBrokerLink(TOPICS.agentId(), null, null, Duration.ofSeconds(2)),
                    outbox, new JsonFeedSession(TOPICS, new Payloads(TOPICS.agentId(), 1L, clock), IDENTITY),
                    List.of(URI.create(broker.url())), clock);
            uplink.start();
            feed.await(m -> m.topic().equals(TOPICS.status()) && m.json().get("online").asBoolean(), WAIT, "birth");
            outbox.append(MessageClass.TELEMETRY, TOPICS.machineTelemetry("imm-01"), 0, false,
                    s -> "{\"live\":true}".getBytes(StandardCharsets.UTF_8));
            Feed.Message live = feed.await(m -> m.topic().equals(TOPICS.machineTelemetry("imm-01")), WAIT, "telemetry");
            assertFalse(live.json().has("historical"));

            uplink.close();
            Feed.Message offline = feed.await(m -> m.topic().equals(TOPICS.status()), WAIT, "offline status");
            assertFalse(offline.json().get("online").asBoolean());
            assertTrue(offline.json().get("bdSeq").asLong() > 0, offline.raw());
            assertFalse(offline.json().has("seq"), "a status takes no number of the data sequence: " + offline.raw());
        }
    }

    /**
     * The broker goes away while the agent keeps accepting, and comes back empty (in-memory persistence):
     * the backlog arrives complete and in order, marked historical, and the retained picture is there again.
     */
    @Test
    void aBrokerRestartLosesNothingAndGetsTheRetainedPictureBack() throws Exception {
        int port = Ports.free();
        Clock clock = Clock.systemUTC();
        try (Outbox outbox = Outbox.open(dir.resolve("buffer"), clock)) {
            Uplink uplink = new Uplink(new PahoBrokerLink(TOPICS.agentId(), null, null, Duration.ofSeconds(2)),
                    outbox, new JsonFeedSession(TOPICS, new Payloads(TOPICS.agentId(), 1L, clock), IDENTITY),
                    List.of(URI.create("tcp://127.0.0.1:" + port)), clock);
            try {
                try (EmbeddedBroker broker = EmbeddedBroker.start(port, dir.resolve("broker-1"));
                     Feed feed = new Feed(broker.url(), TOPICS.all())) {
                    uplink.start();
                    outbox.append(MessageClass.EVENT, TOPICS.machineState("imm-01"), 1, true,
                            s -> ("{\"seq\":" + s + ",\"state\":\"IDLE\"}").getBytes(StandardCharsets.UTF_8));
                    feed.await(m -> m.topic().equals(TOPICS.machineState("imm-01")), WAIT, "the retained state");
                    awaitEmpty(outbox);
                }
                List<Long> accepted = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    accepted.add(outbox.append(MessageClass.EVENT, TOPICS.machineWindows("imm-01"), 1, false,
                            s -> ("{\"seq\":" + s + "}").getBytes(StandardCharsets.UTF_8)));
                }
                try (EmbeddedBroker broker = EmbeddedBroker.start(port, dir.resolve("broker-2"));
                     Feed feed = new Feed(broker.url(), TOPICS.all())) {
                    Feed.Message state = feed.await(m -> m.topic().equals(TOPICS.machineState("imm-01")), WAIT,
                            "the retained state, republished to the broker that lost it");
                    assertTrue(state.json().get("historical").asBoolean());
                    assertEquals("IDLE", state.json().get("state").asText());
                    List<Long> received = new ArrayList<>();
                    for (int i = 0; i < accepted.size(); i++) {
                        Feed.Message m = feed.await(x -> x.topic().equals(TOPICS.machineWindows("imm-01")), WAIT, "window " + i);
                        assertTrue(m.json().get("historical").asBoolean(), "accepted during the outage: historical");
                        received.add(m.json().get("seq").asLong());
                    }
                    assertEquals(accepted, received, "everything accepted in the outage, in order, no gap");
                    awaitEmpty(outbox);
                    UplinkStatus status = uplink.status();
                    assertEquals(1, status.reconnects(), "connected twice: one reconnect");
                    assertEquals(1 + accepted.size(), status.publishedEvents(), "the state and the windows, each once;"
                            + " the birth and the republished retained state are not the outbox's");
                    assertEquals(0, status.publishedTelemetry());
                    assertTrue(status.bdSeq() > 0);
                }
            } finally {
                uplink.close();
            }
        }
    }

    /** The backlog of an outage drains at the backfill rate, in order, while a live message overtakes it. */
    @Test
    void liveMessagesOvertakeTheBacklogWhichDrainsInOrderAtTheBackfillRate() throws Exception {
        Clock clock = Clock.systemUTC();
        try (EmbeddedBroker broker = EmbeddedBroker.start(Ports.free(), dir.resolve("broker"));
             Feed feed = new Feed(broker.url(), TOPICS.all());
             Outbox outbox = Outbox.open(dir.resolve("buffer"), clock)) {
            List<Long> backlog = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                backlog.add(outbox.append(MessageClass.EVENT, TOPICS.machineWindows("imm-01"), 1, false,
                        s -> ("{\"seq\":" + s + "}").getBytes(StandardCharsets.UTF_8)));
            }
            // One backlog message a second: the backlog takes four seconds at least, whatever the machine's speed.
            Uplink uplink = new Uplink(new PahoBrokerLink(TOPICS.agentId(), null, null, Duration.ofSeconds(2)),
                    outbox, new JsonFeedSession(TOPICS, new Payloads(TOPICS.agentId(), 1L, clock), IDENTITY),
                    List.of(URI.create(broker.url())), clock, null, new UplinkSettings(1, Duration.ZERO, Duration.ZERO));
            uplink.start();
            try {
                feed.await(m -> m.topic().equals(TOPICS.machineWindows("imm-01")), WAIT, "the first of the backlog");
                long live = outbox.append(MessageClass.EVENT, TOPICS.machineState("imm-01"), 1, false,
                        s -> ("{\"seq\":" + s + "}").getBytes(StandardCharsets.UTF_8));
                Feed.Message liveMessage = feed.await(m -> m.topic().equals(TOPICS.machineState("imm-01")), WAIT, "the live one");
                assertEquals(live, liveMessage.json().get("seq").asLong());
                assertFalse(liveMessage.json().has("historical"));
                List<Long> received = new ArrayList<>();
                for (Feed.Message m : feed.seen()) {
                    if (m.topic().equals(TOPICS.machineWindows("imm-01"))) {
                        received.add(m.json().get("seq").asLong());
                    }
                }
                assertTrue(received.size() < backlog.size() - 1, "the live message did not wait for the backlog: " + received);
                for (int i = 1; i < backlog.size(); i++) {
                    feed.await(m -> m.topic().equals(TOPICS.machineWindows("imm-01")), WAIT, "backlog " + i);
                }
                received.clear();
                for (Feed.Message m : feed.seen()) {
                    if (m.topic().equals(TOPICS.machineWindows("imm-01"))) {
                        received.add(m.json().get("seq").asLong());
                        assertTrue(m.json().get("historical").asBoolean());
                    }
                }
                assertEquals(backlog, received, "the backlog in order, none lost");
            } finally {
                uplink.close();
            }
        }
    }

    /**
     * By default the agent connects with a clean start and no session, as the AsyncAPI says: a request sent while
     * it is away is never delivered, so it cannot be carried out after its requester gave up (the requester asks
     * again). Kept, the session would hand it over right after the CONNACK, before the request sent once the
     * birth is seen.
     */
    @Test
    void aRequestSentWhileTheAgentIsAwayIsNotDeliveredWhenItIsBack() throws Exception {
        Clock clock = Clock.systemUTC();
        try (EmbeddedBroker broker = EmbeddedBroker.start(Ports.free(), dir.resolve("broker"));
             Feed feed = new Feed(broker.url(), TOPICS.status());
             CommandClient platform = new CommandClient(broker.url(), "platform/replies");
             Outbox outbox = Outbox.open(dir.resolve("buffer"), clock)) {
            Payloads payloads = new Payloads(TOPICS.agentId(), 1L, clock);
            List<String> handled = new CopyOnWriteArrayList<>();
            CommandHandler echo = new CommandHandler() {
                @Override
                public Set<String> names() {
                    return Set.of("rebirth");
                }

                @Override
                public CompletableFuture<byte[]> handle(String name, byte[] payload) {
                    String requestId = new String(payload, StandardCharsets.UTF_8);
                    handled.add(requestId);
                    return CompletableFuture.completedFuture(payloads.rebirthAnswer(requestId, 0));
                }

                @Override
                public byte[] failure(String name, String reason) {
                    return payloads.error(name, null, reason);
                }
            };
            Uplink first = new Uplink(new PahoBrokerLink(TOPICS.agentId(), null, null, Duration.ofSeconds(2)), outbox,
                    new JsonFeedSession(TOPICS, payloads, IDENTITY),
                    List.of(URI.create(broker.url())), clock, echo, UplinkSettings.DEFAULT);
            first.start();
            feed.await(m -> m.json().get("online").asBoolean(), WAIT, "birth");
            first.close();
            feed.await(m -> !m.json().get("online").asBoolean(), WAIT, "gone");
            platform.send(TOPICS.command("rebirth"), "away-1".getBytes(StandardCharsets.UTF_8), "c-away", "platform/replies");

            Uplink second = new Uplink(new PahoBrokerLink(TOPICS.agentId(), null, null, Duration.ofSeconds(2)), outbox,
                    new JsonFeedSession(TOPICS, payloads, IDENTITY),
                    List.of(URI.create(broker.url())), clock, echo, UplinkSettings.DEFAULT);
            try {
                second.start();
                feed.await(m -> m.json().get("online").asBoolean(), WAIT, "birth again");
                platform.send(TOPICS.command("rebirth"), "back-1".getBytes(StandardCharsets.UTF_8), "c-back", "platform/replies");
                assertEquals("back-1", platform.await("c-back", WAIT).json().get("requestId").asText());
                assertEquals(List.of("back-1"), handled, "the request sent while the agent was away never arrived");
            } finally {
                second.close();
            }
        }
    }

    /**
     * An installer who sets {@code broker.sessionExpirySeconds} gets a kept session: a request sent while the
     * agent is away is answered when it is back.
     */
    @Test
    void aRequestSentWhileTheAgentIsAwayIsAnsweredWhenItIsBack() throws Exception {
        Clock clock = Clock.systemUTC();
        UplinkSettings keepSession = new UplinkSettings(0, Duration.ZERO, Duration.ofMinutes(1));
        try (EmbeddedBroker broker = EmbeddedBroker.start(Ports.free(), dir.resolve("broker"));
             Feed feed = new Feed(broker.url(), TOPICS.all());
             CommandClient platform = new CommandClient(broker.url(), "platform/replies");
             Outbox outbox = Outbox.open(dir.resolve("buffer"), clock)) {
            Payloads payloads = new Payloads(TOPICS.agentId(), 1L, clock);
            CommandHandler echo = new CommandHandler() {
                @Override
                public Set<String> names() {
                    return Set.of("status");
                }

                @Override
                public CompletableFuture<byte[]> handle(String name, byte[] payload) {
                    return CompletableFuture.completedFuture(payloads.rebirthAnswer("away-1", 0));
                }

                @Override
                public byte[] failure(String name, String reason) {
                    return payloads.error(name, null, reason);
                }
            };
            Uplink first = new Uplink(new PahoBrokerLink(TOPICS.agentId(), null, null, Duration.ofSeconds(2)), outbox,
                    new JsonFeedSession(TOPICS, payloads, IDENTITY),
                    List.of(URI.create(broker.url())), clock, echo, keepSession);
            first.start();
            feed.await(m -> m.topic().equals(TOPICS.status()) && m.json().get("online").asBoolean(), WAIT, "birth");
            first.close();
            feed.await(m -> m.topic().equals(TOPICS.status()) && !m.json().get("online").asBoolean(), WAIT, "gone");

            CompletableFuture<CommandClient.Answer> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    return platform.request(TOPICS.command("status"), "{\"requestId\":\"away-1\"}", "c-away", WAIT);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Uplink second = new Uplink(new PahoBrokerLink(TOPICS.agentId(), null, null, Duration.ofSeconds(2)), outbox,
                    new JsonFeedSession(TOPICS, payloads, IDENTITY),
                    List.of(URI.create(broker.url())), clock, echo, keepSession);
            try {
                second.start();
                assertEquals("away-1", answer.get(WAIT.toSeconds(), TimeUnit.SECONDS).json().get("requestId").asText());
            } finally {
                second.close();
            }
        }
    }

    /** The first broker of the list is down: the uplink fails over to the next one and says which it reached. */
    @Test
    void failsOverToTheNextBrokerOfTheList() throws Exception {
        Clock clock = Clock.systemUTC();
        URI down = URI.create("tcp://127.0.0.1:" + Ports.free());
        try (EmbeddedBroker broker = EmbeddedBroker.start(Ports.free(), dir.resolve("broker"));
             Feed feed = new Feed(broker.url(), TOPICS.all());
             Outbox outbox = Outbox.open(dir.resolve("buffer"), clock)) {
            Uplink uplink = new Uplink(new PahoBrokerLink(TOPICS.agentId(), null, null, Duration.ofSeconds(2)),
                    outbox, new JsonFeedSession(TOPICS, new Payloads(TOPICS.agentId(), 1L, clock), IDENTITY),
                    List.of(down, URI.create(broker.url())), clock);
            uplink.start();
            try {
                feed.await(m -> m.topic().equals(TOPICS.status()) && m.json().get("online").asBoolean(), WAIT, "birth");
                assertTrue(uplink.status().connected());
                assertEquals(URI.create(broker.url()), uplink.status().broker(), "the second broker of the list");
            } finally {
                uplink.close();
            }
        }
    }

    private static void awaitEmpty(Outbox outbox) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (outbox.stats().events() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("acknowledged messages were not deleted: " + outbox.stats());
            }
            outbox.awaitCommitted(Long.MAX_VALUE, Duration.ofMillis(50));
        }
    }
}
