package io.edgeagent.agent.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests as the uplink takes them from a real MQTT 5 broker: off the MQTT client's thread, every one
 * acknowledged and answered, whatever it holds or however the command fails.
 */
class UplinkCommandsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Topics TOPICS = new Topics("edge/v1", "site-a", "gw-cmd");
    private static final AgentIdentity IDENTITY = new AgentIdentity("test", "abc123", List.of("imm-01"));
    private static final String REPLIES = "platform/replies";

    @TempDir
    Path dir;

    /**
     * MQTT 5, 3.1.2.11.4 Maximum Packet Size: "The Server MUST NOT send packets exceeding Maximum Packet Size to
     * the Client". The agent's CONNECT carries one, so a 10 MB publish to cmd/reserve, which used to run its heap
     * out, never reaches it: the agent stays connected, keeps publishing (a message of its own above that size
     * too, which Paho 1.2.5 would refuse were the limit set its way) and answers the publisher's next request.
     */
    @Test
    void aTenMegabyteRequestIsNeverDeliveredAndTheAgentStaysConnectedAndPublishing() throws Exception {
        List<Integer> handled = new CopyOnWriteArrayList<>();
        try (Agent agent = new Agent(UplinkSettings.DEFAULT, request -> {
            handled.add(request.length());
            return null;
        });
             Feed machines = new Feed(agent.broker.url(), TOPICS.all().replace("#", "machines/#"))) {
            UplinkStatus connected = agent.uplink.status();
            byte[] huge = new byte[10 * 1024 * 1024];
            Arrays.fill(huge, (byte) 'x');
            agent.platform.send(TOPICS.command("reserve"), huge, "c-huge", REPLIES);

            String capacity = "{\"pad\":\"" + "c".repeat((int) PahoBrokerLink.MAXIMUM_PACKET_SIZE) + "\"}";
            agent.outbox.append(MessageClass.EVENT, TOPICS.machineCapacity("imm-01"), 1, true,
                    seq -> capacity.getBytes(StandardCharsets.UTF_8));
            assertEquals(capacity, machines.await(m -> true, WAIT, "the agent's own large message").raw());
            assertEquals("ok", agent.platform.request(TOPICS.command("reserve"), "small", "c-small", WAIT)
                    .json().get("result").asText());
            assertEquals(List.of("small".length()), handled, "the 10 MB request never reached the agent");
            assertTrue(agent.uplink.status().connected());
            assertEquals(connected.since(), agent.uplink.status().since(), "the same connection all along");
        }
    }

    /**
     * A reload-config of a file nested 10,000 deep overflowed the stack on the MQTT client's thread: Paho dropped
     * the connection without acknowledging the request and the broker delivered it again at every reconnect. Now
     * it is answered with an error that quotes nothing internal, on the same connection, and never seen again,
     * even with a session the broker keeps.
     */
    @Test
    void aCommandThatOverflowsTheStackIsAnsweredAcknowledgedAndTheConnectionStays() throws Exception {
        Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
        try (Agent agent = new Agent(new UplinkSettings(0, Duration.ZERO, Duration.ofMinutes(1)), request -> {
            handled.computeIfAbsent(request, r -> new AtomicInteger()).incrementAndGet();
            if (request.equals("deep")) {
                throw new StackOverflowError();
            }
            return null;
        })) {
            UplinkStatus connected = agent.uplink.status();
            CommandClient.Answer answer = agent.platform.request(TOPICS.command("reload-config"), "deep", "c-deep", WAIT);
            assertEquals("error", answer.json().get("result").asText());
            String reason = answer.json().get("reason").asText();
            assertTrue(reason.startsWith("internal error, see the agent log (ref "), reason);
            assertFalse(reason.contains("StackOverflow"), reason);

            assertEquals("ok", agent.platform.request(TOPICS.command("reload-config"), "next", "c-next", WAIT)
                    .json().get("result").asText());
            assertEquals(1, handled.get("deep").get(), "acknowledged: the broker did not deliver it again");
            assertTrue(agent.uplink.status().connected());
            assertEquals(connected.since(), agent.uplink.status().since(), "the same connection all along");
        }
    }

    /**
     * Requests are carried out one at a time off the MQTT client's thread, so one that takes long holds up neither
     * that thread nor the broker's acknowledgements; once the queue behind it is full, the next is answered busy
     * at once, and the queued ones are all answered when the slow one is done.
     */
    @Test
    void aSlowCommandQueuesTheNextAndAFullQueueIsAnsweredBusy() throws Exception {
        CountDownLatch slowMayFinish = new CountDownLatch(1);
        try (Agent agent = new Agent(UplinkSettings.DEFAULT, request -> {
            if (request.equals("slow")) {
                try {
                    slowMayFinish.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return null;
        })) {
            byte[] quick = "quick".getBytes(StandardCharsets.UTF_8);
            agent.platform.send(TOPICS.command("status"), "slow".getBytes(StandardCharsets.UTF_8), "c-slow", REPLIES);
            for (int i = 0; i < Uplink.COMMAND_QUEUE; i++) {
                agent.platform.send(TOPICS.command("status"), quick, "c-" + i, REPLIES);
            }
            agent.platform.send(TOPICS.command("status"), quick, "c-over", REPLIES);
            CommandClient.Answer busy = agent.platform.await("c-over", WAIT);
            assertEquals("error", busy.json().get("result").asText());
            assertTrue(busy.json().get("reason").asText().contains("busy"), busy.json().toString());

            slowMayFinish.countDown();
            assertEquals("ok", agent.platform.await("c-slow", WAIT).json().get("result").asText());
            for (int i = 0; i < Uplink.COMMAND_QUEUE; i++) {
                assertEquals("ok", agent.platform.await("c-" + i, WAIT).json().get("result").asText());
            }
        }
    }

    /**
     * A response topic inside the agent's own topics ({@code status}: the answer, with a seq above the birth's,
     * passed for the agent's status) or, against MQTT 5, 3.3.2.3.5 ("The Response Topic MUST NOT contain
     * wildcard characters"), one with a wildcard (Paho refused to publish there, the answer was lost and its slot
     * in the QoS 1 window with it) is not answered there: the request is refused on its default reply topic, which
     * the AsyncAPI names. The default reply topics themselves stay allowed. HiveMQ disconnects a client that
     * publishes a wildcard response topic, so the request that a laxer broker would forward is handed to the
     * uplink as its link hands over what arrives.
     */
    @Test
    void responseTopicsInsideTheAgentsTopicsOrWithWildcardsAreRefusedOnTheDefaultReplyTopic() throws Exception {
        List<String> handled = new CopyOnWriteArrayList<>();
        try (Agent agent = new Agent(UplinkSettings.DEFAULT, request -> {
            handled.add(request);
            return null;
        });
             CommandClient replyWatcher = new CommandClient(agent.broker.url(), TOPICS.commandReply("status"))) {
            for (String own : List.of(TOPICS.status(), TOPICS.base(), TOPICS.machineState("imm-01"), TOPICS.command("status"))) {
                replyWatcher.send(TOPICS.command("status"), "own".getBytes(StandardCharsets.UTF_8), own, own);
                JsonNode refused = replyWatcher.await(own, WAIT).json();
                assertEquals("error", refused.get("result").asText(), own);
                assertTrue(refused.get("reason").asText().contains("inside this agent's own topics"), refused.toString());
            }
            agent.link.deliver(new BrokerLink.Inbound(TOPICS.command("status"), "wild".getBytes(StandardCharsets.UTF_8),
                    "platform/replies/+", "c-wild".getBytes(StandardCharsets.UTF_8)));
            JsonNode wildcard = replyWatcher.await("c-wild", WAIT).json();
            assertEquals("error", wildcard.get("result").asText());
            assertTrue(wildcard.get("reason").asText().contains("wildcard"), wildcard.toString());

            replyWatcher.send(TOPICS.command("status"), "reply".getBytes(StandardCharsets.UTF_8), "c-reply",
                    TOPICS.commandReply("status"));
            assertEquals("ok", replyWatcher.await("c-reply", WAIT).json().get("result").asText());
            assertEquals(List.of("reply"), handled, "refused requests are not carried out");
        }
    }

    /**
     * A broker, an agent connected to it whose one kind of command runs {@code command} on the request's payload
     * (an answer {@code ok} when it returns), and the platform's client.
     */
    private final class Agent implements AutoCloseable {
        final EmbeddedBroker broker;
        final Feed feed;
        final CommandClient platform;
        final Outbox outbox;
        final Uplink uplink;
        final HandingLink link;

        Agent(UplinkSettings settings, Function<String, Void> command) throws Exception {
            Clock clock = Clock.systemUTC();
            broker = EmbeddedBroker.start(Ports.free(), dir.resolve("broker"));
            feed = new Feed(broker.url(), TOPICS.status());
            platform = new CommandClient(broker.url(), REPLIES);
            outbox = Outbox.open(dir.resolve("buffer"), clock);
            Payloads payloads = new Payloads(TOPICS.agentId(), 1L, clock);
            CommandHandler handler = new CommandHandler() {
                @Override
                public Set<String> names() {
                    return Set.of("status", "reload-config", "reserve");
                }

                @Override
                public CompletableFuture<byte[]> handle(String name, byte[] payload) {
                    String request = new String(payload, StandardCharsets.UTF_8);
                    command.apply(request);
                    return CompletableFuture.completedFuture(payloads.reloadAnswer(request, "ok", null, "done"));
                }

                @Override
                public byte[] failure(String name, String reason) {
                    return payloads.error(name, null, reason);
                }
            };
            link = new HandingLink(new PahoBrokerLink(TOPICS.agentId(), null, null, Duration.ofSeconds(2)));
            uplink = new Uplink(link, outbox, new JsonFeedSession(TOPICS, payloads, IDENTITY),
                    List.of(URI.create(broker.url())), clock, handler, settings);
            uplink.start();
            feed.await(m -> m.json().get("online").asBoolean(), WAIT, "birth");
        }

        @Override
        public void close() throws Exception {
            uplink.close();
            outbox.close();
            platform.close();
            feed.close();
            broker.close();
        }
    }

    /** The real link, which can also hand the uplink a request as if it had arrived from the broker. */
    private static final class HandingLink extends ForwardingLink {
        private volatile Consumer<Inbound> inbound;

        HandingLink(BrokerLink delegate) {
            super(delegate);
        }

        void deliver(Inbound request) {
            inbound.accept(request);
        }

        @Override
        public Session connect(URI url, Message will, Duration sessionExpiry, Runnable onConnectionLost,
                               Consumer<Inbound> inbound) throws BrokerException {
            this.inbound = inbound;
            return super.connect(url, will, sessionExpiry, onConnectionLost, inbound);
        }
    }
}
