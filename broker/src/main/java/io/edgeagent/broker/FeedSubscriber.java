package io.edgeagent.broker;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
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
 * A separate MQTT client that sees the feed as the cloud does: the demo prints what it receives, tests
 * assert on it.
 */
public final class FeedSubscriber implements AutoCloseable {

    /** One message as a subscriber received it: the JSON feed's payloads are text, the Sparkplug feed's protobuf. */
    public record Received(String topic, byte[] bytes, boolean retained) {

        /** The payload as UTF-8 text, as the JSON feed writes it. */
        public String payload() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private final MqttAsyncClient client;

    private FeedSubscriber(MqttAsyncClient client) {
        this.client = client;
    }

    /** Connects to {@code brokerUrl} and subscribes to {@code filter} (QoS 1), delivering to {@code sink}. */
    public static FeedSubscriber subscribe(String brokerUrl, String clientId, String filter, Consumer<Received> sink)
            throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(brokerUrl, clientId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                // The demo and tests end by closing; a lost broker shows as missing messages.
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
                // Reported through missing messages, as above.
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                sink.accept(new Received(topic, message.getPayload(), message.isRetained()));
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
                // Subscriber only.
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                // Nothing to do: the subscription is made right after connect.
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
                // No enhanced authentication.
            }
        });
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        client.connect(options).waitForCompletion(10_000);
        client.subscribe(new MqttSubscription(filter, 1)).waitForCompletion(10_000);
        return new FeedSubscriber(client);
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(2_000);
            }
            client.close(true);
        } catch (MqttException e) {
            // Closing a subscriber whose broker is already gone is not worth a report.
        }
    }
}
