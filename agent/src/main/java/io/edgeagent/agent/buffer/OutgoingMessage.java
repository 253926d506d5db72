package io.edgeagent.agent.buffer;

import java.time.Instant;
import java.util.Objects;

/**
 * A message ready to be published.
 *
 * @param seq       the agent's sequence number; also the row id, so order within a class is seq order
 * @param cls       delivery class
 * @param topic     full MQTT topic
 * @param qos       0 or 1
 * @param retained  whether the broker keeps it as the topic's last value
 * @param payload   UTF-8 JSON object
 * @param createdAt when the agent accepted it
 */
public record OutgoingMessage(long seq, MessageClass cls, String topic, int qos, boolean retained, byte[] payload,
                              Instant createdAt) {

    public OutgoingMessage {
        Objects.requireNonNull(cls, "cls");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(createdAt, "createdAt");
        if (qos != 0 && qos != 1) {
            throw new IllegalArgumentException("qos must be 0 or 1, was " + qos);
        }
    }
}
