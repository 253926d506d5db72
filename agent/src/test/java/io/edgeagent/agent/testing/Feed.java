package io.edgeagent.agent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeagent.broker.FeedSubscriber;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.paho.mqttv5.common.MqttException;

/** What a cloud subscriber sees, recorded for assertions: wait for a message that matches, never sleep. */
public final class Feed implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One received message with its payload parsed. */
    public record Message(String topic, JsonNode json, String raw, boolean retained) {
    }

    private final LinkedBlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
    private final List<Message> seen = new ArrayList<>();
    private final Set<Integer> claimed = new HashSet<>();
    private final FeedSubscriber subscriber;

    public Feed(String brokerUrl, String filter) throws MqttException {
        this.subscriber = FeedSubscriber.subscribe(brokerUrl, "test-feed-" + System.nanoTime(), filter,
                r -> inbox.add(new Message(r.topic(), parse(r.payload()), r.payload(), r.retained())));
    }

    /**
     * The earliest received message that matches and was not returned by an earlier call, waiting for it if
     * need be. Messages of other machines that arrive meanwhile stay available to later calls.
     */
    public Message await(Predicate<Message> match, Duration timeout, String what) throws InterruptedException {
        for (int i = 0; i < seen.size(); i++) {
            if (!claimed.contains(i) && match.test(seen.get(i))) {
                claimed.add(i);
                return seen.get(i);
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Message m = left > 0 ? inbox.poll(left, TimeUnit.NANOSECONDS) : null;
            if (m == null) {
                throw new AssertionError("no message " + what + " within " + timeout + "; received: " + summary());
            }
            seen.add(m);
            if (match.test(m)) {
                claimed.add(seen.size() - 1);
                return m;
            }
        }
    }

    public List<Message> seen() {
        return List.copyOf(seen);
    }

    private String summary() {
        StringBuilder b = new StringBuilder();
        int from = Math.max(0, seen.size() - 25);
        for (Message m : seen.subList(from, seen.size())) {
            b.append("\n  ").append(m.topic()).append(' ').append(m.raw().length() > 200 ? m.raw().substring(0, 200) : m.raw());
        }
        return b.toString();
    }

    private static JsonNode parse(String payload) {
        try {
            return JSON.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException("payload is not JSON: " + payload, e);
        }
    }

    @Override
    public void close() {
        subscriber.close();
    }
}
