package io.edgeagent.agent.feed.sparkplug;

import io.edgeagent.agent.feed.CommandTopics;
import io.edgeagent.agent.feed.FeedSession;
import io.edgeagent.agent.feed.SessionMessage;
import io.edgeagent.agent.feed.sparkplug.NodePicture.Sample;
import io.edgeagent.agent.feed.sparkplug.NodePicture.Slot;
import io.edgeagent.agent.feed.sparkplug.SparkplugTopics.Address;
import io.edgeagent.agent.feed.sparkplug.SparkplugTopics.MessageType;
import io.edgeagent.drivers.Quality;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.message.model.PropertyValue;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Sparkplug edge node's part of each broker session: NDEATH as the Last Will with the connection's
 * {@code bdSeq}; NCMD, DCMD (and the primary host's STATE) subscribed before the births; NBIRTH and one DBIRTH per
 * machine once the primary host is online; each buffered message numbered with the node's {@code seq} as it goes
 * out, by alias, and {@code is_historical} when it was accepted before the births; DDEATHs and NDEATH at an orderly
 * stop, then a disconnect that has the broker publish the Will as well. Everything but {@link #received} runs on the
 * uplink's thread.
 */
public final class SparkplugSession implements FeedSession {

    @Override
    public String threadSuffix() {
        return "sparkplug";
    }


    private static final Logger LOG = LoggerFactory.getLogger(SparkplugSession.class);
    private static final int SEQ_MODULUS = 256;

    private final SparkplugTopics topics;
    private final NodePicture picture;
    private final boolean aliases;
    private final PrimaryHost host;
    private final Clock clock;
    private final AtomicReference<Request> request = new AtomicReference<>(Request.NONE);
    /** What was logged about commands, so that each kind of bad command is logged once, not once per message. */
    private final Set<String> logged = ConcurrentHashMap.newKeySet();
    /** Devices given a DDEATH since their last birth: nothing more of theirs goes out until the next one. */
    private final Set<String> dead = new HashSet<>();
    /** Per device ({@code null} for the node), the values its last birth carried, by metric name. */
    private final Map<String, Map<String, Sample>> born = new HashMap<>();
    private long seq;

    /** @param primaryHostId the host to wait for before any birth, or {@code null} to birth at once */
    SparkplugSession(SparkplugTopics topics, NodePicture picture, boolean aliases, String primaryHostId, Clock clock) {
        this.topics = topics;
        this.picture = picture;
        this.aliases = aliases;
        this.host = primaryHostId == null ? null : new PrimaryHost(primaryHostId);
        this.clock = clock;
    }

    /** The connection's number as Sparkplug counts it: 0 for the first connection ever, then +1 and 255 to 0. */
    static long bdSeq(long connection) {
        return Math.floorMod(connection - 1, SEQ_MODULUS);
    }

    @Override
    public SessionMessage will(long connection) {
        if (host != null) {
            host.connecting();
        }
        request.set(Request.NONE);
        return ndeath(connection);
    }

    @Override
    public List<String> subscriptions() {
        List<String> filters = new ArrayList<>(List.of(topics.node(MessageType.NCMD),
                topics.node(MessageType.DCMD) + "/+"));
        if (host != null) {
            filters.add(host.topic());
        }
        return filters;
    }

    @Override
    public void received(String topic, byte[] payload) {
        if (host != null && topic.equals(host.topic())) {
            try {
                if (host.update(payload)) {
                    LOG.warn("primary host {} went offline: leaving the broker", topic);
                    request.set(Request.LEAVE);
                }
            } catch (IllegalArgumentException e) {
                logOnce("state", "ignored a message on {}: {}", topic, e.getMessage());
            }
            return;
        }
        Address address = topics.parse(topic);
        if (address == null || address.type() == MessageType.DCMD) {
            logOnce("dcmd", "ignored a command on {}: no metric of a machine can be written", topic);
            return;
        }
        SparkplugBPayload command;
        try {
            command = Codec.decode(payload);
        } catch (IllegalArgumentException e) {
            logOnce("malformed", "ignored a malformed command on {}: {}", topic, e.getMessage());
            return;
        }
        for (Metric m : command.getMetrics()) {
            if (NodePicture.REBIRTH.equals(m.getName()) && Boolean.TRUE.equals(m.getValue())) {
                LOG.info("rebirth requested on {}", topic);
                request.set(Request.REBIRTH);
            } else {
                logOnce("ncmd " + m.getName(), "ignored command metric {} on {}: only {} = true is understood",
                        m.getName() != null ? m.getName() : "alias " + m.getAlias(), topic, NodePicture.REBIRTH);
            }
        }
    }

    private void logOnce(String kind, String format, Object... args) {
        if (logged.add(kind)) {
            LOG.warn(format + " (logged once)", args);
        }
    }

    @Override
    public boolean readyForBirth() {
        return host == null || host.online();
    }

    @Override
    public List<SessionMessage> births(long connection) {
        seq = 0;
        dead.clear();
        born.clear();
        List<Metric> node = new ArrayList<>();
        node.add(NodePicture.metric(NodePicture.BD_SEQ, null, MetricDataType.Int64, bdSeq(connection), clock.instant(),
                Quality.GOOD, false));
        node.add(NodePicture.metric(NodePicture.REBIRTH, null, MetricDataType.Boolean, false, clock.instant(),
                Quality.GOOD, false));
        Map<String, Sample> samples = picture.samples(null);
        born.put(null, samples);
        node.addAll(picture.birth(null, aliases, samples));
        List<SessionMessage> births = new ArrayList<>();
        births.add(message(topics.node(MessageType.NBIRTH), node, false));
        for (String device : picture.deviceIds()) {
            births.add(dbirth(device));
        }
        return births;
    }

    private SessionMessage dbirth(String device) {
        Map<String, Sample> samples = picture.samples(device);
        born.put(device, samples);
        return message(topics.device(MessageType.DBIRTH, device), picture.birth(device, aliases, samples), false);
    }

    @Override
    public Request takeRequest() {
        return request.getAndSet(Request.NONE);
    }

    /**
     * A buffered message as it goes out: numbered, by alias, marked historical when it was accepted before the
     * births. A birth or death buffered during an outage is old news (the births just told the present) and is
     * dropped; so is data of a device given a DDEATH since its birth, any metric the current birth did not
     * announce with that type, and any value the current birth carried already (the same value, timestamp and
     * quality: typically what was accepted between the start or an outage and the birth), which would be the same
     * point twice in a host's history.
     */
    @Override
    public byte[] outgoing(String topic, byte[] payload, boolean historical) {
        Address address = topics.parse(topic);
        if (address == null) {
            LOG.warn("a buffered message on {} is not of edge node {}/{} and is dropped", topic, topics.groupId(),
                    topics.edgeNodeId());
            return null;
        }
        String device = address.deviceId();
        switch (address.type()) {
            case DBIRTH -> {
                if (historical || picture.slots(device) == null) {
                    return null;
                }
                dead.remove(device);
                return dbirth(device).payload();
            }
            case DDEATH -> {
                if (historical || !dead.add(device)) {
                    return null;
                }
                return message(topic, List.of(), false).payload();
            }
            case DDATA, NDATA -> {
                if (device != null && (dead.contains(device) || picture.slots(device) == null)) {
                    return null;
                }
                List<Metric> metrics = new ArrayList<>();
                Map<String, Sample> told = born.getOrDefault(device, Map.of());
                for (Metric m : Codec.decode(payload).getMetrics()) {
                    Slot slot = picture.find(device, m.getName());
                    if (slot != null && slot.type.equals(m.getDataType()) && !same(told.get(m.getName()), m)) {
                        metrics.add(NodePicture.metric(aliases ? null : m.getName(), aliases ? slot.alias : null,
                                slot.type, m.getValue(), m.getTimestamp() == null ? null : m.getTimestamp().toInstant(),
                                quality(m), historical));
                    }
                }
                return metrics.isEmpty() ? null : message(topic, metrics, true).payload();
            }
            default -> {
                return null;
            }
        }
    }

    /** Whether {@code m} is {@code sample} as Sparkplug carries it: same value, millisecond and quality. */
    private static boolean same(Sample sample, Metric m) {
        return sample != null && sample.at() != null && m.getTimestamp() != null
                && sample.at().toEpochMilli() == m.getTimestamp().getTime() && sample.quality() == quality(m)
                && Objects.equals(NodePicture.sparkplugValue(m.getDataType(), sample.value()), m.getValue());
    }

    private static Quality quality(Metric m) {
        PropertyValue q = m.getProperties() == null ? null : m.getProperties().getPropertyValue("Quality");
        if (q == null || !(q.getValue() instanceof Integer code)) {
            return Quality.GOOD;
        }
        return code == NodePicture.QUALITY_BAD ? Quality.BAD : code == NodePicture.QUALITY_STALE ? Quality.UNCERTAIN
                : Quality.GOOD;
    }

    /** DDEATH for each machine still born, then NDEATH: a host marks everything offline at once, not at a timeout. */
    @Override
    public List<SessionMessage> deaths(long connection) {
        List<SessionMessage> deaths = new ArrayList<>();
        for (String device : picture.deviceIds()) {
            if (!dead.contains(device)) {
                deaths.add(message(topics.device(MessageType.DDEATH, device), List.of(), false));
            }
        }
        deaths.add(ndeath(connection));
        return deaths;
    }

    @Override
    public boolean disconnectWithWill() {
        return true;
    }

    @Override
    public Optional<CommandTopics> commandTopics() {
        return Optional.empty();
    }

    /** NDEATH: the connection's bdSeq and no seq, at QoS 1 and not retained (specification 6.4.7, 7.3). */
    private SessionMessage ndeath(long connection) {
        SparkplugBPayload payload = new SparkplugBPayload(Date.from(clock.instant()), List.of(NodePicture.metric(
                NodePicture.BD_SEQ, null, MetricDataType.Int64, bdSeq(connection), clock.instant(), Quality.GOOD, false)));
        return new SessionMessage(topics.node(MessageType.NDEATH), Codec.encode(payload, false), 1, false);
    }

    /** A message of the node's sequence: the next {@code seq}, stamped now, QoS 0 and not retained. */
    private SessionMessage message(String topic, List<Metric> metrics, boolean stripTypes) {
        SparkplugBPayload payload = new SparkplugBPayload(Date.from(clock.instant()), new ArrayList<>(metrics), seq);
        seq = (seq + 1) % SEQ_MODULUS;
        return new SessionMessage(topic, Codec.encode(payload, stripTypes), 0, false);
    }
}
