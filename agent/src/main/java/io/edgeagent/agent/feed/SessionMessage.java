package io.edgeagent.agent.feed;

import java.util.Objects;

/**
 * A message a feed publishes itself around a broker session rather than through the outbox: a birth, a death, a
 * Last Will. The transport publishes the bytes as they are.
 *
 * @param qos      0 or 1
 * @param retained whether the broker keeps it for later subscribers
 */
public record SessionMessage(String topic, byte[] payload, int qos, boolean retained) {

    public SessionMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        if (qos != 0 && qos != 1) {
            throw new IllegalArgumentException("qos must be 0 or 1: " + qos);
        }
    }
}
