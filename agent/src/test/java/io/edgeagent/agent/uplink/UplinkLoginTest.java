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
import io.edgeagent.agent.testing.Feed;
import io.edgeagent.agent.testing.Ports;
import io.edgeagent.broker.EmbeddedBroker;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broker that refuses the agent's login: a clear error in the status, and nothing accepted is lost. */
class UplinkLoginTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Topics TOPICS = new Topics("edge/v1", "site-a", "gw-login");
    private static final AgentIdentity IDENTITY = new AgentIdentity("test", "abc123", List.of("imm-01"));

    @TempDir
    Path dir;

    @Test
    void aRefusedLoginIsAClearStatusAndTheBufferKeepsEverything() throws Exception {
        Clock clock = Clock.systemUTC();
        EmbeddedBroker.Login login = new EmbeddedBroker.Login("gw-login", "right");
        try (EmbeddedBroker broker = EmbeddedBroker.start(Ports.free(), dir.resolve("broker"), List.of(),
                EmbeddedBroker.Limits.DEFAULT, login);
             Feed feed = new Feed(broker.url(), TOPICS.all());
             Outbox outbox = Outbox.open(dir.resolve("buffer"), clock)) {
            long seq = outbox.append(MessageClass.EVENT, TOPICS.machineState("imm-01"), 1, true,
                    s -> ("{\"seq\":" + s + "}").getBytes(StandardCharsets.UTF_8));
            outbox.awaitCommitted(seq - 1, WAIT);
            Uplink refused = new Uplink(new PahoBrokerLink(TOPICS.agentId(), "gw-login", "wrong".toCharArray(),
                    Duration.ofSeconds(2)), outbox,
                    new JsonFeedSession(TOPICS, new Payloads(TOPICS.agentId(), 1L, clock), IDENTITY),
                    List.of(URI.create(broker.url())), clock);
            refused.start();
            try {
                UplinkStatus status = awaitError(refused);
                assertFalse(status.connected());
                assertTrue(status.lastError().contains("bad user name or password"), status.lastError());
                assertEquals(1, outbox.stats().events(), "the state waits in the buffer");
            } finally {
                refused.close();
            }

            Uplink accepted = new Uplink(new PahoBrokerLink(TOPICS.agentId(), "gw-login", "right".toCharArray(),
                    Duration.ofSeconds(2)), outbox,
                    new JsonFeedSession(TOPICS, new Payloads(TOPICS.agentId(), 1L, clock), IDENTITY),
                    List.of(URI.create(broker.url())), clock);
            accepted.start();
            try {
                Feed.Message state = feed.await(m -> m.topic().equals(TOPICS.machineState("imm-01")), WAIT, "the state");
                assertEquals(seq, state.json().get("seq").asLong());
            } finally {
                accepted.close();
            }
        }
    }

    /** The uplink tries at once at start; its status carries the refusal once the CONNACK came back. */
    private static UplinkStatus awaitError(Uplink uplink) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Object lock = new Object();
        while (uplink.status().lastError() == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no connection error within " + WAIT + ": " + uplink.status());
            }
            synchronized (lock) {
                lock.wait(20);
            }
        }
        return uplink.status();
    }
}
