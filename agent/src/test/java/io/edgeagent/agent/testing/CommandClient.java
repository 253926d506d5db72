package io.edgeagent.agent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * The platform's side of a command: publishes a request with an MQTT v5 response topic and correlation
 * data, and waits for the answer on that topic, as any MQTT v5 client would.
 */
public final class CommandClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An answer as received: its payload and the correlation data it echoed. */
    public record Answer(JsonNode json, String correlation, String topic) {
    }

    private final MqttAsyncClient client;
    private final String replyTopic;
    private final LinkedBlockingQueue<Answer> answers = new LinkedBlockingQueue<>();

    public CommandClient(String brokerUrl, String replyTopic) throws MqttException {
        this.replyTopic = replyTopic;
        this.client = new MqttAsyncClient(brokerUrl, "test-platform-" + System.nanoTime(), new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                // A lost broker shows as a missing answer.
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
                // As above.
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) throws IOException {
                byte[] correlation = message.getProperties() == null ? null : message.getProperties().getCorrelationData();
                answers.add(new Answer(JSON.readTree(message.getPayload()),
                        correlation == null ? null : new String(correlation, StandardCharsets.UTF_8), topic));
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
                // Completion is awaited per publish.
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                // Subscribed right after connect.
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
                // No enhanced authentication.
            }
        });
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        client.connect(options).waitForCompletion(10_000);
        client.subscribe(new MqttSubscription(replyTopic, 1)).waitForCompletion(10_000);
    }

    /** Sends {@code payload} to {@code commandTopic} and returns the answer that carries {@code correlation}. */
    public Answer request(String commandTopic, String payload, String correlation, Duration timeout)
            throws MqttException, InterruptedException {
        send(commandTopic, payload.getBytes(StandardCharsets.UTF_8), correlation, replyTopic);
        return await(correlation, timeout);
    }

    /**
     * Publishes a request at QoS 1 with {@code responseTopic} (none when {@code null}), returning once the broker
     * has acknowledged it.
     */
    public void send(String commandTopic, byte[] payload, String correlation, String responseTopic) throws MqttException {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        MqttProperties props = new MqttProperties();
        if (responseTopic != null) {
            props.setResponseTopic(responseTopic);
        }
        props.setCorrelationData(correlation.getBytes(StandardCharsets.UTF_8));
        m.setProperties(props);
        client.publish(commandTopic, m).waitForCompletion(10_000);
    }

    /** The answer on this client's reply topic that carries {@code correlation}; others received meanwhile are skipped. */
    public Answer await(String correlation, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Answer a = left > 0 ? answers.poll(left, TimeUnit.NANOSECONDS) : null;
            if (a == null) {
                throw new AssertionError("no answer carrying " + correlation + " on " + replyTopic + " within " + timeout);
            }
            if (correlation.equals(a.correlation())) {
                return a;
            }
        }
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect().waitForCompletion(2_000);
        }
        client.close(true);
    }
}
