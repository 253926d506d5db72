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
     * @throws BrokerException with a one-line reason a technician can act on (refused, unreachable, not authorised)
     */
    Session connect(URI url, Message will, Runnable onConnectionLost) throws BrokerException;

    /**
     * Publishes without blocking on the broker; {@code done} receives {@code null} once the broker
     * acknowledged it (QoS 1) or it was written (QoS 0), or the failure.
     */
    void publish(Message message, Consumer<Throwable> done) throws BrokerException;

    boolean isConnected();

    /** Disconnects normally (the broker does not send the Last Will), waiting at most {@code timeout}. */
    void disconnect(Duration timeout);

    /** Frees every thread and socket the link holds. */
    @Override
    void close();

    /**
     * What the broker granted.
     *
     * @param url            the broker connected to
     * @param receiveMaximum how many QoS 1 publishes may be unacknowledged at once
     */
    record Session(URI url, int receiveMaximum) {
    }

    /** An MQTT message with the v5 properties the contract uses. */
    record Message(String topic, byte[] payload, int qos, boolean retained, Map<String, String> userProperties) {

        public Message {
            userProperties = Map.copyOf(userProperties);
        }
    }
}
