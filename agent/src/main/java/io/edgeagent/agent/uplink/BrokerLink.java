package io.edgeagent.agent.uplink;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One MQTT v5 client connection, as the uplink needs it. Implementations are thread-safe.
 */
public interface BrokerLink extends AutoCloseable {

    /**
     * Connects to one broker, blocking until the CONNACK or a failure.
     *
     * @param sessionExpiry how long the broker keeps the session (subscriptions, requests sent meanwhile) after
     *                      a disconnect; {@link Duration#ZERO} for a clean session each time
     * @param inbound       receives messages of this agent's subscriptions, including those the broker kept
     *                      for it while it was away and hands over right after the CONNACK
     * @throws BrokerException with a one-line reason a technician can act on (refused, unreachable, not authorised)
     */
    Session connect(URI url, Message will, Duration sessionExpiry, Runnable onConnectionLost, Consumer<Inbound> inbound)
            throws BrokerException;

    /**
     * Publishes without blocking on the broker; {@code done} receives {@code null} once the broker
     * acknowledged it (QoS 1) or it was written (QoS 0), or the failure.
     */
    void publish(Message message, Consumer<Throwable> done) throws BrokerException;

    /**
     * Subscribes at QoS 1 (again: a session the broker kept has it already); messages go to the connection's
     * {@code inbound} handler, on the client's thread: it must hand work off and return quickly.
     */
    void subscribe(String topicFilter) throws BrokerException;

    boolean isConnected();

    /** Disconnects normally (the broker does not send the Last Will), waiting at most {@code timeout}. */
    void disconnect(Duration timeout);

    /**
     * Disconnects with MQTT 5 reason code 0x04, Disconnect with Will Message: the broker publishes the Last Will as
     * if the connection had been lost (Sparkplug's orderly stop). Waits at most {@code timeout}.
     */
    void disconnectWithWill(Duration timeout);

    /** Frees every thread and socket the link holds. */
    @Override
    void close();

    /**
     * What the broker granted.
     *
     * @param url               the broker connected to
     * @param receiveMaximum    how many QoS 1 publishes may be unacknowledged at once
     * @param maximumPacketSize the largest packet the broker accepts, in bytes
     */
    record Session(URI url, int receiveMaximum, long maximumPacketSize) {

        /** MQTT's own limit, when the broker does not name one. */
        public static final long MQTT_MAXIMUM_PACKET_SIZE = 268_435_455L;

        public Session(URI url, int receiveMaximum) {
            this(url, receiveMaximum, MQTT_MAXIMUM_PACKET_SIZE);
        }
    }

    /**
     * An MQTT message with the v5 properties the contract uses.
     *
     * @param correlationData echoed from a request in its answer, or {@code null}
     * @param expirySeconds   MQTT v5 message expiry: how long the broker may hold it for a subscriber; 0 for ever
     */
    record Message(String topic, byte[] payload, int qos, boolean retained, Map<String, String> userProperties,
                   byte[] correlationData, long expirySeconds) {

        public Message {
            userProperties = Map.copyOf(userProperties);
        }

        public Message(String topic, byte[] payload, int qos, boolean retained, Map<String, String> userProperties) {
            this(topic, payload, qos, retained, userProperties, null, 0);
        }

        public Message(String topic, byte[] payload, int qos, boolean retained, Map<String, String> userProperties,
                       byte[] correlationData) {
            this(topic, payload, qos, retained, userProperties, correlationData, 0);
        }
    }

    /**
     * A message that arrived on a subscription.
     *
     * @param responseTopic   the MQTT v5 response topic the sender asked for, or {@code null}
     * @param correlationData the sender's correlation data, to be echoed in the answer, or {@code null}
     */
    record Inbound(String topic, byte[] payload, String responseTopic, byte[] correlationData) {
    }
}
