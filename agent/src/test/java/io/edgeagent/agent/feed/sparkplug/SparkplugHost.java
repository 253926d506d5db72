package io.edgeagent.agent.feed.sparkplug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
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
import org.eclipse.tahu.message.SparkplugBPayloadDecoder;
import org.eclipse.tahu.message.SparkplugBPayloadEncoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.eclipse.tahu.model.MetricDataTypeMap;

/**
 * A Sparkplug host application for tests, written from the specification: subscribes to {@code spBv1.0/#} (with
 * Retain As Published, so the retain flag of every message shows), decodes each payload with Tahu's decoder, and
 * checks as messages arrive what a host relies on of an edge node, naming the specification's normative statement
 * (tck-id) each check is for. It can also play the primary host (STATE) and send NCMD.
 */
final class SparkplugHost implements AutoCloseable {

    /** One message as received: MQTT flags, topic levels and the decoded payload. */
    record Received(String topic, int qos, boolean retained, SparkplugBPayload payload) {

        String type() {
            return topic.split("/")[2];
        }

        String device() {
            String[] levels = topic.split("/");
            return levels.length == 5 ? levels[4] : null;
        }

        Metric metric(String name) {
            return payload.getMetrics().stream().filter(m -> name.equals(m.getName())).findFirst().orElse(null);
        }
    }

    private final MqttAsyncClient client;
    /** Raw messages, decoded on the test's thread in arrival order, once the births before them were read. */
    private final LinkedBlockingQueue<Raw> inbox = new LinkedBlockingQueue<>();

    private record Raw(String topic, MqttMessage message) {
    }

    private final List<Received> seen = new ArrayList<>();
    private int claimed;
    /** Per device key ("" for the node): the metrics of its last birth, by name and by alias, with their types. */
    private final Map<String, Map<String, MetricDataType>> bornNames = new HashMap<>();
    private final Map<String, Map<Long, String>> bornAliases = new HashMap<>();
    private final MetricDataTypeMap types = new MetricDataTypeMap();
    private Long lastSeq;
    private final List<String> violations = new ArrayList<>();

    SparkplugHost(String brokerUrl) throws MqttException {
        client = new MqttAsyncClient(brokerUrl, "sparkplug-host-" + System.nanoTime(), new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse r) {
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                // Only what the edge node publishes: not the host's own STATE and commands.
                String[] levels = topic.split("/");
                if (levels.length < 3 || levels[1].equals("STATE") || levels[2].endsWith("CMD")) {
                    return;
                }
                inbox.add(new Raw(topic, message));
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        client.connect(options).waitForCompletion(10_000);
        MqttSubscription all = new MqttSubscription("spBv1.0/#", 1);
        all.setRetainAsPublished(true);
        client.subscribe(all).waitForCompletion(10_000);
    }

    private Received decode(String topic, MqttMessage message) {
        try {
            return new Received(topic, message.getQos(), message.isRetained(),
                    new SparkplugBPayloadDecoder().buildFromByteArray(message.getPayload(), types));
        } catch (Exception e) {
            // Also what a DATA by alias decodes to before its birth: the decoder knows no type for the alias.
            throw new AssertionError(topic + ": cannot decode as Sparkplug B (tck-id-payloads-*-payload) with the"
                    + " births seen so far; violations before it: " + violations, e);
        }
    }

    /** The next message of the node that matches, after those returned before; checks every message on the way. */
    Received await(Predicate<Received> match, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            while (claimed < seen.size()) {
                Received r = seen.get(claimed++);
                if (match.test(r)) {
                    return r;
                }
            }
            long left = deadline - System.nanoTime();
            Raw raw = left > 0 ? inbox.poll(left, TimeUnit.NANOSECONDS) : null;
            if (raw == null) {
                throw new AssertionError("no " + what + " within 20 s; seen: " + seen.stream().map(Received::topic).toList());
            }
            Received r = decode(raw.topic(), raw.message());
            check(r);
            seen.add(r);
        }
    }

    Received await(String type, String what) throws InterruptedException {
        return await(r -> r.type().equals(type), what);
    }

    /**
     * Asserts no birth, death or device data arrives for {@code quiet}; the node's own NDATA may (it reports its
     * uptime while born). What arrives is checked and kept for later {@link #await}s.
     */
    void assertQuiet(Duration quiet, String why) throws InterruptedException {
        long deadline = System.nanoTime() + quiet.toNanos();
        for (long left = quiet.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            Raw raw = inbox.poll(left, TimeUnit.NANOSECONDS);
            if (raw == null) {
                return;
            }
            Received r = decode(raw.topic(), raw.message());
            check(r);
            seen.add(r);
            assertEquals("NDATA", r.type(), why + ": got " + r.topic());
        }
    }

    /** Each message as a host sees it, against the rules of the specification. */
    private void check(Received r) {
        String type = r.type();
        String key = r.device() == null ? "" : r.device();
        Long seq = r.payload().getSeq();
        // tck-id-topics-nbirth-mqtt, -ndata-mqtt, -dbirth-mqtt, -ddata-mqtt, tck-id-payloads-ddeath-qos...: every
        // message but NDEATH is QoS 0 and none is retained.
        expect(!r.retained(), r, "retained must be false (tck-id-topics-" + type.toLowerCase() + "-mqtt)");
        if (!type.equals("NDEATH")) {
            expect(r.qos() == 0, r, "QoS must be 0 (tck-id-topics-" + type.toLowerCase() + "-mqtt)");
            // tck-id-payloads-sequence-num-always-included, tck-id-payloads-sequence-num-incrementing
            expect(seq != null, r, "seq missing (tck-id-payloads-sequence-num-always-included)");
            if (type.equals("NBIRTH")) {
                expect(seq != null && seq == 0, r, "NBIRTH seq must be 0 (tck-id-payloads-nbirth-seq)");
            } else if (seq != null) {
                expect(lastSeq != null && seq == (lastSeq + 1) % 256, r, "seq " + seq + " after " + lastSeq
                        + " (tck-id-payloads-sequence-num-incrementing)");
            }
            lastSeq = seq;
            expect(r.payload().getTimestamp() != null, r, "payload timestamp missing (tck-id-payloads-"
                    + type.toLowerCase() + "-timestamp)");
        } else {
            expect(seq == null, r, "NDEATH must not carry seq (tck-id-payloads-ndeath-seq)");
            Metric bdSeq = r.metric("bdSeq");
            expect(bdSeq != null && bdSeq.getDataType().equals(MetricDataType.Int64), r,
                    "NDEATH needs bdSeq Int64 (tck-id-payloads-ndeath-bdseq)");
        }
        if (type.equals("NBIRTH") || type.equals("DBIRTH")) {
            if (type.equals("NBIRTH")) {
                bornNames.clear();
                bornAliases.clear();
                types.clear();
            }
            Map<String, MetricDataType> names = new HashMap<>();
            Map<Long, String> aliases = new HashMap<>();
            for (Metric m : r.payload().getMetrics()) {
                expect(m.getName() != null, r, "birth metric without a name (tck-id-payloads-alias-birth-requirement)");
                expect(m.getDataType() != null, r, "birth metric without a datatype (tck-id-payloads-metric-datatype-req)");
                names.put(m.getName(), m.getDataType());
                if (m.hasAlias()) {
                    // tck-id-payloads-alias-uniqueness: unique across the node's whole set of metrics (a device's
                    // new birth replaces its own)
                    boolean unique = bornAliases.entrySet().stream().filter(e -> !e.getKey().equals(key))
                            .noneMatch(e -> e.getValue().containsKey(m.getAlias()))
                            && aliases.put(m.getAlias(), m.getName()) == null;
                    expect(unique, r, "alias " + m.getAlias() + " not unique (tck-id-payloads-alias-uniqueness)");
                    types.addMetricDataType(m.getAlias(), m.getDataType());
                }
                types.addMetricDataType(m.getName(), m.getDataType());
            }
            bornNames.put(key, names);
            bornAliases.put(key, aliases);
            if (type.equals("DBIRTH")) {
                expect(bornNames.containsKey(""), r, "DBIRTH before NBIRTH (tck-id-message-flow-device-birth-publish-nbirth-wait)");
            }
        }
        if (type.equals("DDATA") || type.equals("NDATA")) {
            Map<String, MetricDataType> names = bornNames.get(key);
            expect(names != null, r, type + " before its birth (tck-id-payloads-" + type.toLowerCase() + "-order)");
            for (Metric m : r.payload().getMetrics()) {
                boolean aliased = bornAliases.getOrDefault(key, Map.of()).isEmpty() ? m.getName() != null
                        : m.getName() == null && m.hasAlias();
                expect(aliased, r, "DATA metrics by alias only, as the birth aliased them"
                        + " (tck-id-payloads-alias-data-cmd-requirement)");
                String name = m.hasAlias() ? bornAliases.getOrDefault(key, Map.of()).get(m.getAlias()) : m.getName();
                expect(name != null && names != null && names.containsKey(name), r, "metric " + m.getAlias() + "/"
                        + m.getName() + " not in the birth (tck-id-operational-behavior-data-publish-"
                        + (key.isEmpty() ? "nbirth" : "dbirth") + ")");
            }
        }
        if (type.equals("DDEATH")) {
            bornNames.remove(key);
            bornAliases.remove(key);
        }
    }

    private void expect(boolean ok, Received r, String what) {
        if (!ok) {
            violations.add(r.topic() + ": " + what);
        }
    }

    /** The names a DATA message carries, through the aliases of the current birth. */
    Set<String> names(Received data) {
        Set<String> names = new HashSet<>();
        Map<Long, String> aliases = bornAliases.getOrDefault(data.device() == null ? "" : data.device(), Map.of());
        for (Metric m : data.payload().getMetrics()) {
            names.add(m.getName() != null ? m.getName() : aliases.get(m.getAlias()));
        }
        return names;
    }

    Object value(Received data, String name) {
        Map<Long, String> aliases = bornAliases.getOrDefault(data.device() == null ? "" : data.device(), Map.of());
        for (Metric m : data.payload().getMetrics()) {
            if (name.equals(m.getName() != null ? m.getName() : aliases.get(m.getAlias()))) {
                return m.getValue();
            }
        }
        throw new AssertionError(name + " not in " + data.topic());
    }

    void assertNoViolations() {
        assertTrue(violations.isEmpty(), "the edge node broke the specification: " + violations);
    }

    /** The primary host's retained STATE (specification 6.4.21): online or offline, with a timestamp. */
    void state(String hostId, boolean online, long timestamp) throws MqttException {
        MqttMessage m = new MqttMessage(("{\"online\":" + online + ",\"timestamp\":" + timestamp + "}")
                .getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        m.setRetained(true);
        client.publish("spBv1.0/STATE/" + hostId, m).waitForCompletion(10_000);
    }

    /** An NCMD asking the node for a rebirth, as a host does (tck-id-operational-behavior-data-commands-ncmd-rebirth-*). */
    void rebirth(String group, String node) throws Exception {
        SparkplugBPayload payload = new SparkplugBPayload(new java.util.Date(), new ArrayList<>(List.of(
                new Metric.MetricBuilder("Node Control/Rebirth", MetricDataType.Boolean, true).createMetric())));
        send("spBv1.0/" + group + "/NCMD/" + node, new SparkplugBPayloadEncoder().getBytes(payload, false));
    }

    void send(String topic, byte[] payload) throws MqttException {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(0);
        client.publish(topic, m).waitForCompletion(10_000);
    }

    static void assertBirthOf(Received birth, long bdSeq) {
        assertEquals("NBIRTH", birth.type());
        Metric bd = birth.metric("bdSeq");
        assertNotNull(bd, "tck-id-message-flow-edge-node-birth-publish-nbirth-payload-bdSeq");
        assertEquals(bdSeq, bd.getValue(), "tck-id-message-flow-edge-node-birth-publish-nbirth-payload-bdSeq");
        Metric rebirth = birth.metric("Node Control/Rebirth");
        assertNotNull(rebirth, "tck-id-operational-behavior-data-commands-rebirth-name");
        assertEquals(MetricDataType.Boolean, rebirth.getDataType(), "tck-id-operational-behavior-data-commands-rebirth-datatype");
        assertEquals(false, rebirth.getValue(), "tck-id-operational-behavior-data-commands-rebirth-value");
        assertFalse(rebirth.hasAlias(), "tck-id-operational-behavior-data-commands-rebirth-name-aliases");
    }

    @Override
    public void close() throws MqttException {
        try {
            client.disconnect().waitForCompletion(5_000);
        } finally {
            client.close(true);
        }
    }
}
