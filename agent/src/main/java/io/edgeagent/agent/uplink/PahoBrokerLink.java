package io.edgeagent.agent.uplink;

import io.edgeagent.agent.config.BrokerConfig;
import io.edgeagent.agent.config.TlsConfig;
import io.edgeagent.agent.tls.PemTls;
import io.edgeagent.agent.tls.TlsUnavailableException;
import io.edgeagent.drivers.net.NetworkFaults;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BrokerLink} on Eclipse Paho MQTT v5. The outbox is the source of truth, so Paho keeps nothing
 * itself ({@link MemoryPersistence}) and its automatic reconnect stays off: the uplink owns reconnects,
 * failover and back-off, including the first connect, which Paho's reconnect never covers. TLS URLs use
 * {@link PemTls}: TLS 1.2 and 1.3, the {@code broker.tls} files, and the host name checked against the
 * server certificate.
 */
public final class PahoBrokerLink implements BrokerLink {

    private static final Logger LOG = LoggerFactory.getLogger(PahoBrokerLink.class);
    /** Paho's own default when the broker does not say (MQTT v5: absent means 65535). */
    private static final int DEFAULT_RECEIVE_MAXIMUM = 65_535;
    private static final Set<String> TLS_SCHEMES = Set.of("ssl", "mqtts", "wss");
    /**
     * The MQTT v5 Maximum Packet Size on our CONNECT (MQTT 5, 3.1.2.11.4): the broker must not send a larger
     * packet, and drops a message that would be one. All the agent receives is requests, refused above
     * {@link CommandHandler#MAX_REQUEST_BYTES} anyway, and acknowledgements; the other 16 KiB leave room for
     * the request's topic, response topic, correlation data and user properties. Without it a 10 MB publish to
     * a command topic was delivered whole, and Paho's and the agent's copies of it ran out the packaged
     * service's 64 MB heap.
     */
    static final long MAXIMUM_PACKET_SIZE = CommandHandler.MAX_REQUEST_BYTES + 16 * 1024;
    /** MQTT 5 reason code of a DISCONNECT after which the broker still publishes the Last Will (3.14.2.1). */
    private static final int DISCONNECT_WITH_WILL = 0x04;
    static final String JSON = "application/json";

    private final String clientId;
    private final String username;
    private final char[] password;
    private final Duration connectTimeout;
    private final Duration keepAlive;
    private final PemTls tls;
    private final String contentType;
    private MqttAsyncClient client;
    private volatile Consumer<Inbound> inbound;

    /**
     * @param tls the {@code broker.tls} files for ssl, mqtts and wss URLs, read here once; {@code null} for
     *            the JVM's trusted CAs and no client certificate
     * @param keepAlive the MQTT keep-alive, whole seconds: a silent connection is given up one to three of them
     *                  after it went silent ({@link BrokerConfig#DEFAULT_KEEP_ALIVE} says why)
     * @param contentType the MQTT 5 content type of every message: {@code application/json} is also flagged as
     *                    UTF-8 text (payload format indicator 1); {@code null} for neither, as for binary payloads
     * @throws TlsUnavailableException when a TLS file cannot be used
     */
    public PahoBrokerLink(String clientId, String username, char[] password, Duration connectTimeout, TlsConfig tls,
                          Duration keepAlive, String contentType) {
        if (keepAlive.toSeconds() < 1) {
            throw new IllegalArgumentException("keep-alive must be at least a second, 0 would switch it off: " + keepAlive);
        }
        this.clientId = clientId;
        this.username = username;
        this.password = password == null ? null : password.clone();
        this.connectTimeout = connectTimeout;
        this.keepAlive = keepAlive;
        this.tls = PemTls.load(tls);
        this.contentType = contentType;
    }

    /** A link for the JSON feed. */
    public PahoBrokerLink(String clientId, String username, char[] password, Duration connectTimeout, TlsConfig tls,
                          Duration keepAlive) {
        this(clientId, username, password, connectTimeout, tls, keepAlive, JSON);
    }

    /** A link with the default keep-alive. */
    public PahoBrokerLink(String clientId, String username, char[] password, Duration connectTimeout, TlsConfig tls) {
        this(clientId, username, password, connectTimeout, tls, BrokerConfig.DEFAULT_KEEP_ALIVE);
    }

    /** A link without {@code broker.tls}: TLS URLs are checked against the JVM's trusted CAs. */
    public PahoBrokerLink(String clientId, String username, char[] password, Duration connectTimeout) {
        this(clientId, username, password, connectTimeout, null);
    }

    @Override
    public synchronized Session connect(URI url, Message will, Duration sessionExpiry, Runnable onConnectionLost,
                                        Consumer<Inbound> inbound) throws BrokerException {
        this.inbound = inbound;
        closeClient();
        String pahoUrl = pahoUrl(url);
        try {
            client = new MqttAsyncClient(pahoUrl, clientId, new MemoryPersistence());
        } catch (MqttException e) {
            throw new BrokerException(describe(e, url), e);
        }
        client.setCallback(new Listener(url, onConnectionLost));
        MqttConnectionOptions options = new LimitedIncomingPackets();
        options.setServerURIs(new String[] {pahoUrl});
        if (TLS_SCHEMES.contains(url.getScheme())) {
            options.setSocketFactory(tls.socketFactory());
            options.setHttpsHostnameVerificationEnabled(true);
        } else if (pahoUrl.startsWith("tcp:")) {
            // Over plain TCP the socket carries the MQTT packets themselves, so their size can be checked there.
            options.setSocketFactory(new PacketSizeGuard(MAXIMUM_PACKET_SIZE));
        }
        // A clean start unless the config asks for a session (broker.sessionExpirySeconds): the agent's own
        // unacknowledged messages need none, they are still in the outbox.
        options.setCleanStart(sessionExpiry.isZero());
        options.setSessionExpiryInterval(sessionExpiry.toSeconds());
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval((int) Math.min(65_535, keepAlive.toSeconds()));
        options.setConnectionTimeout((int) Math.max(1, connectTimeout.toSeconds()));
        if (username != null) {
            options.setUserName(username);
        }
        if (password != null) {
            options.setPassword(new String(password).getBytes(StandardCharsets.UTF_8));
        }
        options.setWill(will.topic(), toPaho(will));
        try {
            IMqttToken token = client.connect(options);
            token.waitForCompletion(connectTimeout.toMillis() + 1_000);
            MqttProperties granted = token.getResponseProperties();
            Integer receiveMaximum = granted == null ? null : granted.getReceiveMaximum();
            Long maximumPacketSize = granted == null ? null : granted.getMaximumPacketSize();
            return new Session(url, receiveMaximum == null ? DEFAULT_RECEIVE_MAXIMUM : receiveMaximum,
                    maximumPacketSize == null ? Session.MQTT_MAXIMUM_PACKET_SIZE : maximumPacketSize);
        } catch (MqttException e) {
            closeClient();
            String tlsFailure = tls.explain(e);
            throw new BrokerException(tlsFailure == null ? describe(e, url) : url + ": " + tlsFailure, e);
        }
    }

    @Override
    public void publish(Message message, Consumer<Throwable> done) throws BrokerException {
        MqttAsyncClient c;
        synchronized (this) {
            c = client;
        }
        if (c == null) {
            throw new BrokerException("not connected", null);
        }
        try {
            c.publish(message.topic(), toPaho(message), null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    if (message.qos() > 0 && codes != null && codes.length > 0 && codes[0] >= 0x80) {
                        MqttProperties p = token.getResponseProperties();
                        done.accept(new RefusedByBroker(codes[0], p == null ? null : p.getReasonString()));
                    } else {
                        done.accept(null);
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    done.accept(failure == null ? new IllegalStateException("publish failed") : failure);
                }
            });
        } catch (MqttException e) {
            throw new BrokerException(describe(e), e);
        } catch (IllegalArgumentException e) {
            // Paho checks the topic here (no wildcards, at most 65535 bytes): a refusal like any other, not a crash.
            throw new BrokerException("cannot publish to " + message.topic() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void subscribe(String topicFilter) throws BrokerException {
        MqttAsyncClient c;
        synchronized (this) {
            c = client;
        }
        if (c == null) {
            throw new BrokerException("not connected", null);
        }
        try {
            IMqttToken token = c.subscribe(new MqttSubscription(topicFilter, 1));
            token.waitForCompletion(connectTimeout.toMillis());
            int[] codes = token.getReasonCodes();
            if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                throw new BrokerException("broker refused the subscription to " + topicFilter + " (reason "
                        + codes[0] + "): check the broker's access rules for this client", null);
            }
        } catch (MqttException e) {
            throw new BrokerException("subscribing to " + topicFilter + ": " + describe(e), e);
        }
    }

    @Override
    public synchronized boolean isConnected() {
        return client != null && client.isConnected();
    }

    @Override
    public synchronized void disconnect(Duration timeout) {
        if (client != null && client.isConnected()) {
            try {
                client.disconnect(timeout.toMillis()).waitForCompletion(timeout.toMillis());
            } catch (MqttException e) {
                LOG.debug("disconnect did not complete: {}", describe(e));
            }
        }
        closeClient();
    }

    @Override
    public synchronized void disconnectWithWill(Duration timeout) {
        if (client != null && client.isConnected()) {
            try {
                client.disconnect(timeout.toMillis(), null, null, DISCONNECT_WITH_WILL, new MqttProperties())
                        .waitForCompletion(timeout.toMillis());
            } catch (MqttException e) {
                LOG.debug("disconnect did not complete: {}", describe(e));
            }
        }
        closeClient();
    }

    @Override
    public synchronized void close() {
        closeClient();
    }

    private void closeClient() {
        if (client == null) {
            return;
        }
        MqttAsyncClient c = client;
        client = null;
        try {
            if (c.isConnected()) {
                c.disconnectForcibly(0, 1_000, false);
            }
        } catch (MqttException e) {
            LOG.debug("forced disconnect failed: {}", describe(e));
        }
        try {
            // Paho leaks its threads unless the client is closed after every failed or lost connection.
            c.close(true);
        } catch (MqttException e) {
            LOG.debug("closing the MQTT client failed: {}", describe(e));
        }
    }

    /**
     * Options whose CONNECT carries {@link #MAXIMUM_PACKET_SIZE}. Not through
     * {@link MqttConnectionOptions#setMaximumPacketSize}: Paho 1.2.5 swaps the two directions (eclipse/paho.mqtt.java
     * issue 987) and would check our own publishes against the limit meant for the broker's, dropping the
     * connection at the first capacity message above it; the broker's limit for our publishes is kept by the
     * uplink (its {@code tooLarge}).
     */
    private static final class LimitedIncomingPackets extends MqttConnectionOptions {
        @Override
        public MqttProperties getConnectionProperties() {
            MqttProperties properties = super.getConnectionProperties();
            properties.setMaximumPacketSize(MAXIMUM_PACKET_SIZE);
            return properties;
        }
    }

    /** Paho knows tcp, ssl, ws and wss; the config also accepts the registered names mqtt and mqtts. */
    private static String pahoUrl(URI url) {
        String scheme = switch (url.getScheme()) {
            case "mqtt" -> "tcp";
            case "mqtts" -> "ssl";
            default -> url.getScheme();
        };
        return scheme + url.toString().substring(url.getScheme().length());
    }

    private MqttMessage toPaho(Message m) {
        MqttMessage msg = new MqttMessage(m.payload());
        msg.setQos(m.qos());
        msg.setRetained(m.retained());
        MqttProperties props = new MqttProperties();
        if (contentType != null) {
            props.setContentType(contentType);
            props.setPayloadFormat(JSON.equals(contentType));
        }
        if (!m.userProperties().isEmpty()) {
            List<UserProperty> user = new ArrayList<>();
            for (Map.Entry<String, String> e : m.userProperties().entrySet()) {
                user.add(new UserProperty(e.getKey(), e.getValue()));
            }
            props.setUserProperties(user);
        }
        if (m.correlationData() != null) {
            props.setCorrelationData(m.correlationData());
        }
        if (m.expirySeconds() > 0) {
            props.setMessageExpiryInterval(m.expirySeconds());
        }
        msg.setProperties(props);
        return msg;
    }

    /**
     * One line a technician can act on for a failure to reach the broker at {@code url}: a network fault in the words
     * every machine's driver uses ({@link NetworkFaults}, e.g. {@code connection refused: tcp://10.0.0.5:1883}), else
     * MQTT's own reason after the URL ({@code tcp://10.0.0.5:1883: bad user name or password}).
     */
    static String describe(MqttException e, URI url) {
        if (e.getReasonCode() == MqttClientException.REASON_CODE_CLIENT_TIMEOUT) {
            return NetworkFaults.timedOut(url.toString());
        }
        return NetworkFaults.describe(e, url.toString()).orElseGet(() -> url + ": " + describe(e));
    }

    /** One line from Paho's reason codes and causes, for a failure within a connection. */
    static String describe(MqttException e) {
        int code = e.getReasonCode();
        String text = switch (code) {
            case 0x86, 4 -> "bad user name or password";
            case 0x87, 5 -> "not authorised";
            case 0x88 -> "server unavailable";
            case 0x85 -> "client identifier not valid";
            case 0x8A -> "banned";
            case 0x9C, 0x9D -> "broker redirected the client (use another server)";
            case MqttClientException.REASON_CODE_CLIENT_TIMEOUT -> "timed out";
            case MqttClientException.REASON_CODE_SERVER_CONNECT_ERROR -> "cannot connect";
            case MqttClientException.REASON_CODE_CONNECTION_LOST -> "connection lost";
            case MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED -> "not connected";
            default -> e.getMessage() == null ? "MQTT error " + code : e.getMessage();
        };
        Throwable cause = e.getCause();
        return cause != null && cause.getMessage() != null ? text + " (" + cause.getMessage() + ")" : text;
    }

    /** Connection loss and inbound messages of one connection. */
    private final class Listener implements MqttCallback {
        private final URI url;
        private final Runnable onLost;

        Listener(URI url, Runnable onLost) {
            this.url = url;
            this.onLost = onLost;
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            LOG.warn("connection to {} lost: {}", url, response.getReasonString() != null
                    ? response.getReasonString()
                    : response.getException() != null ? describe(response.getException(), url)
                    : "reason " + response.getReturnCode());
            onLost.run();
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("MQTT error on {}: {}", url, describe(exception, url));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            Consumer<Inbound> handler = inbound;
            if (handler == null) {
                return;
            }
            MqttProperties p = message.getProperties();
            try {
                handler.accept(new Inbound(topic, message.getPayload(), p == null ? null : p.getResponseTopic(),
                        p == null ? null : p.getCorrelationData()));
            } catch (Throwable t) {
                // Paho drops the connection without acknowledging the message when this callback throws anything,
                // an Error too, and the broker delivers it again: one bad message must not do that.
                LOG.warn("message on {} could not be handled: {}", topic, t.toString());
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // Completion is handled per publish by its action listener.
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            // The uplink logs the connection itself, with its failover context.
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // No enhanced authentication is configured.
        }
    }
}
