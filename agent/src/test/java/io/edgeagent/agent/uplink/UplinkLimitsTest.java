package io.edgeagent.agent.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgeagent.agent.buffer.MessageClass;
import io.edgeagent.agent.buffer.Outbox;
import io.edgeagent.agent.feed.AgentIdentity;
import io.edgeagent.agent.feed.json.JsonFeedSession;
import io.edgeagent.agent.feed.json.Payloads;
import io.edgeagent.agent.feed.json.Topics;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The uplink against a strict broker: a Receive Maximum of 2 and packets of at most 2 KB. Everything that
 * fits arrives exactly once and in order; a message that can never fit is dropped instead of blocking the
 * queue behind it.
 */
class UplinkLimitsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Topics TOPICS = new Topics("edge/v1", "site-a", "gw-limits");
    private static final AgentIdentity IDENTITY = new AgentIdentity("test", "abc123", List.of("imm-01"));

    @TempDir
    Path dir;

    @Test
    void keepsToTheBrokersReceiveMaximumAndDropsWhatCanNeverFit() throws Exception {
        Clock clock = Clock.systemUTC();
        EmbeddedBroker.Limits strict = new EmbeddedBroker.Limits(2048, 2);
        try (EmbeddedBroker broker = EmbeddedBroker.start(Ports.free(), dir.resolve("broker"), List.of(), strict);
             Feed feed = new Feed(broker.url(), TOPICS.all());
             Outbox outbox = Outbox.open(dir.resolve("buffer"), clock)) {
            String topic = TOPICS.machineWindows("imm-01");
            List<Long> expected = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String padding = i == 20 ? "x".repeat(4096) : "";
                long seq = outbox.append(MessageClass.EVENT, topic, 1, false,
                        s -> ("{\"seq\":" + s + ",\"pad\":\"" + padding + "\"}").getBytes(StandardCharsets.UTF_8));
                if (i != 20) {
                    expected.add(seq);
                }
            }
            Uplink uplink = new Uplink(new PahoBrokerLink(TOPICS.agentId(), null, null, Duration.ofSeconds(2)),
                    outbox, new JsonFeedSession(TOPICS, new Payloads(TOPICS.agentId(), 1L, clock), IDENTITY),
                    List.of(URI.create(broker.url())), clock);
            uplink.start();
            try {
                for (int i = 0; i < expected.size(); i++) {
                    feed.await(m -> m.topic().equals(topic), WAIT, "message " + i);
                }
                List<Long> received = new ArrayList<>();
                feed.seen().stream().filter(m -> m.topic().equals(topic)).forEach(m -> received.add(m.json().get("seq").asLong()));
                assertEquals(expected, received, "each fitting message once, in order; the oversized one dropped");
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (outbox.stats().events() > 0 && System.nanoTime() < deadline) {
                    outbox.awaitCommitted(Long.MAX_VALUE, Duration.ofMillis(50));
                }
                assertEquals(0, outbox.stats().events(), "the dropped message does not stay in the buffer either");
            } finally {
                uplink.close();
            }
        }
    }
}
