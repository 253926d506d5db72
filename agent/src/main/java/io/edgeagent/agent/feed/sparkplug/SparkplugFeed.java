package io.edgeagent.agent.feed.sparkplug;

import io.edgeagent.agent.buffer.Outbox;
import io.edgeagent.agent.config.MachineConfig;
import io.edgeagent.agent.config.MachineState;
import io.edgeagent.agent.config.SparkplugConfig;
import io.edgeagent.agent.feed.AgentIdentity;
import io.edgeagent.agent.feed.sparkplug.NodePicture.Sample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The Sparkplug feed of one agent, built from its config: the sink that fills its outbox, the session its uplink
 * carries, and the thread {@code sparkplug-node} that reports the node's own metrics (uptime, buffered messages,
 * machines online) as NDATA every {@link #NODE_METRICS_PERIOD}.
 */
public final class SparkplugFeed implements AutoCloseable {

    /** Often enough that a host sees a node's own data soon after its birth, rarely enough to cost nothing. */
    static final Duration NODE_METRICS_PERIOD = Duration.ofSeconds(10);

    private final SparkplugSink sink;
    private final SparkplugSession session;
    private final NodePicture picture;
    private final Outbox outbox;
    private final Clock clock;
    private final Instant started;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;

    private SparkplugFeed(SparkplugSink sink, SparkplugSession session, NodePicture picture, Outbox outbox, Clock clock) {
        this.sink = sink;
        this.session = session;
        this.picture = picture;
        this.outbox = outbox;
        this.clock = clock;
        this.started = clock.instant();
        this.thread = new Thread(this::reportNodeMetrics, "sparkplug-node");
    }

    /**
     * @param agentId the edge node's id unless the config names one
     * @param outbox  the Sparkplug feed's own outbox: its birth-and-death counter is the node's bdSeq
     */
    public static SparkplugFeed create(SparkplugConfig config, String agentId, List<MachineConfig> machines,
                                       AgentIdentity identity, Outbox outbox, Clock clock) {
        Objects.requireNonNull(outbox, "outbox");
        SparkplugTopics topics = new SparkplugTopics(config.groupId(), config.edgeNodeIdOr(agentId));
        NodePicture picture = NodePicture.of(machines, identity.version(),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), identity.configHash());
        return new SparkplugFeed(new SparkplugSink(outbox, topics, picture, clock),
                new SparkplugSession(topics, picture, config.aliases(), config.primaryHostId(), clock), picture, outbox,
                clock);
    }

    public SparkplugSink sink() {
        return sink;
    }

    public SparkplugSession session() {
        return session;
    }

    public void start() {
        thread.start();
    }

    private void reportNodeMetrics() {
        try {
            do {
                sink.nodeMetrics(Duration.between(started, clock.instant()).toSeconds(),
                        outbox.stats().telemetry(), machinesOnline());
            } while (!stop.await(NODE_METRICS_PERIOD.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private long machinesOnline() {
        return picture.deviceIds().stream().filter(device -> {
            Sample state = picture.find(device, NodePicture.STATE).sample;
            return state != null && !MachineState.OFFLINE.name().equals(state.value());
        }).count();
    }

    @Override
    public void close() {
        stop.countDown();
        try {
            thread.join(Duration.ofSeconds(2).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
