package io.edgeagent.agent;

import io.edgeagent.agent.buffer.Outbox;
import io.edgeagent.agent.capacity.CapacityEngine;
import io.edgeagent.agent.capacity.CapacityPlan;
import io.edgeagent.agent.capacity.CapacitySink;
import io.edgeagent.agent.capacity.store.CapacityStore;
import io.edgeagent.agent.config.AgentConfig;
import io.edgeagent.agent.config.MachineConfig;
import io.edgeagent.agent.config.SparkplugConfig;
import io.edgeagent.agent.config.StateRules;
import io.edgeagent.agent.controlsocket.AgentInfo;
import io.edgeagent.agent.controlsocket.ControlServer;
import io.edgeagent.agent.feed.AgentIdentity;
import io.edgeagent.agent.feed.json.JsonFeedSession;
import io.edgeagent.agent.feed.json.OutboxFeedSink;
import io.edgeagent.agent.feed.json.Payloads;
import io.edgeagent.agent.feed.json.Topics;
import io.edgeagent.agent.feed.sparkplug.SparkplugFeed;
import io.edgeagent.agent.ingest.FeedSink;
import io.edgeagent.agent.ingest.Ingest;
import io.edgeagent.agent.metrics.MetricsEndpoint;
import io.edgeagent.agent.platform.AgentCommands;
import io.edgeagent.agent.platform.CapacityCommands;
import io.edgeagent.agent.platform.CommandRouter;
import io.edgeagent.agent.platform.ConfigReloader;
import io.edgeagent.agent.platform.SharingCommands;
import io.edgeagent.agent.sharing.SharingOffers;
import io.edgeagent.agent.sharing.SharingStore;
import io.edgeagent.agent.state.MachineStateTracker;
import io.edgeagent.agent.state.SignalFreshness;
import io.edgeagent.agent.stop.StopBudget;
import io.edgeagent.agent.uplink.PahoBrokerLink;
import io.edgeagent.agent.uplink.Uplink;
import io.edgeagent.agent.uplink.UplinkSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running agent: drivers feed ingest, ingest writes states and telemetry to the outbox, the uplink
 * drains the outbox to the broker; with {@code broker.sparkplug}, a second outbox and uplink carry the Sparkplug
 * feed on a connection of their own, and with {@code broker.json: false} the JSON feed's uplink does not run. {@link #start} brings it up in that dependency order; {@link #close}
 * takes it down in reverse, so nothing accepted is lost on an orderly stop.
 */
public final class EdgeAgent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EdgeAgent.class);
    private static final int INGEST_CAPACITY = 50_000;
    /** A part whose close only ends a thread or a socket of its own. */
    private static final Duration QUICK_STOP_SHARE = Duration.ofSeconds(3);
    /**
     * An uplink's close: its publisher's last round, the commands and replies in hand, the offline status and the
     * disconnect, each bounded by the uplink's own 2 s, about 11 s with a broker that does not answer.
     */
    private static final Duration UPLINK_STOP_SHARE = Duration.ofSeconds(12);

    private final AgentConfig config;
    private final Outbox outbox;
    private final CapacityStore store;
    private final SharingStore sharingStore;
    private final Ingest ingest;
    private final Uplink uplink;
    private final MachineDrivers drivers;
    private final ControlServer control;
    private final Optional<MetricsEndpoint> metrics;
    private final Sparkplug sparkplug;

    /** The Sparkplug feed's parts, stopped after ingest and before the outbox, like the JSON feed's. */
    private record Sparkplug(SparkplugFeed feed, Outbox outbox, Uplink uplink) implements AutoCloseable {
        @Override
        public void close() {
            feed.close();
            uplink.close();
            outbox.close();
        }
    }

    private EdgeAgent(AgentConfig config, Outbox outbox, CapacityStore store, SharingStore sharingStore, Ingest ingest,
                      Uplink uplink,
                      MachineDrivers drivers, ControlServer control, Sparkplug sparkplug,
                      Optional<MetricsEndpoint> metrics) {
        this.config = config;
        this.sparkplug = sparkplug;
        this.control = control;
        this.metrics = metrics;
        this.outbox = outbox;
        this.store = store;
        this.sharingStore = sharingStore;
        this.ingest = ingest;
        this.uplink = uplink;
        this.drivers = drivers;
    }

    public static EdgeAgent start(AgentConfig config, Clock clock) {
        return start(config, clock, null);
    }

    /** @param reloader carries out {@code reload-config}; {@code null} for an agent that takes no reloads */
    public static EdgeAgent start(AgentConfig config, Clock clock, ConfigReloader reloader) {
        Outbox outbox = Outbox.open(config.agent().dataDir().resolve("buffer"),
                config.buffer(), clock);
        CapacityStore store;
        try {
            store = CapacityStore.open(config.agent().dataDir().resolve("capacity"), clock);
        } catch (RuntimeException e) {
            outbox.close();
            throw e;
        }
        ControlServer control;
        try {
            // Made while nothing runs yet, so a socket that cannot be made stops the start with little to undo.
            control = ControlServer.bind(config.agent().dataDir().resolve(ControlServer.SOCKET_NAME));
        } catch (RuntimeException e) {
            store.close();
            outbox.close();
            throw e;
        }
        Optional<MetricsEndpoint> metrics;
        try {
            // Also before anything runs: a port that is taken stops the start, as a socket that cannot be made does.
            metrics = config.metrics().map(MetricsEndpoint::bind);
        } catch (RuntimeException e) {
            control.close();
            store.close();
            outbox.close();
            throw e;
        }
        List<AutoCloseable> started = new ArrayList<>();
        try {
            return start(config, clock, reloader, outbox, store, control, metrics, started);
        } catch (RuntimeException | Error e) {
            // Undone, latest first: a reload whose start failed goes back to the last good config, whose start opens
            // the same files and takes the same port again.
            Collections.reverse(started);
            started.forEach(part -> closeAfterFailedStart(part, e));
            metrics.ifPresent(MetricsEndpoint::close);
            control.close();
            store.close();
            outbox.close();
            throw e;
        }
    }

    /**
     * The rest of the start, once the buffer, the capacity store, the control socket and the port are held; what it
     * starts goes into {@code started}, for a failure to undo.
     */
    private static EdgeAgent start(AgentConfig config, Clock clock, ConfigReloader reloader, Outbox outbox,
                                   CapacityStore store, ControlServer control, Optional<MetricsEndpoint> metrics,
                                   List<AutoCloseable> started) {
        String agentId = config.agent().id();
        Topics topics = new Topics(config.broker().topicRoot(), config.agent().site(), agentId);
        Payloads payloads = new Payloads(agentId, outbox.epoch(), clock);
        CapacityPlan plan = CapacityPlan.from(config);
        SharingStore sharingStore = SharingStore.open(store, config.agent().dataDir().resolve("sharing"), clock);
        started.add(sharingStore);
        SharingOffers offers = SharingOffers.open(config.agent().timezone(), config.sharing(),
                String.valueOf(config.sourcePath()), config.machines().stream().map(MachineConfig::id).toList(),
                sharingStore, clock);
        Map<String, MachineStateTracker> trackers = new LinkedHashMap<>();
        Map<String, String> counters = new LinkedHashMap<>();
        for (MachineConfig m : config.machines()) {
            trackers.put(m.id(), new MachineStateTracker(m.id(), m.state(),
                    m.state() == null ? StateRules.DEFAULT_DWELL : m.state().dwell(),
                    m.cycle() == null ? null : m.cycle().nominalSeconds(),
                    t -> offers.maintenanceAt(m.id(), t),
                    SignalFreshness.of(m)));
            if (m.counter() != null) {
                counters.put(m.id(), m.counter());
            }
        }
        AgentIdentity identity = new AgentIdentity(Version.current(), config.sourceHash(),
                config.machines().stream().map(MachineConfig::id).toList());
        OutboxFeedSink sink = new OutboxFeedSink(outbox, payloads, topics, config.broker().telemetry().qos(),
                config.agent().timezone());
        boolean json = config.broker().json();
        if (json) {
            outbox.movedAside().ifPresent(reset -> sink.storageReset("buffer", reset));
            store.movedAside().ifPresent(reset -> sink.storageReset("capacity", reset));
            config.machines().forEach(sink::capability);
        }
        Sparkplug sparkplug = sparkplug(config, identity, clock);
        if (sparkplug != null) {
            started.add(sparkplug);
        }
        FeedSink feedSink;
        CapacitySink capacitySink;
        if (sparkplug == null) {
            feedSink = sink;
            capacitySink = sink;
        } else if (json) {
            BothFeeds<OutboxFeedSink, ?> both = new BothFeeds<>(sink, sparkplug.feed().sink());
            feedSink = both;
            capacitySink = both;
        } else {
            feedSink = sparkplug.feed().sink();
            capacitySink = sparkplug.feed().sink();
        }
        CapacityEngine capacity = new CapacityEngine(plan, store, capacitySink);
        Ingest ingest = new Ingest(trackers, counters, config.broker().telemetry().batch(), INGEST_CAPACITY, feedSink,
                capacity, clock, System::nanoTime);
        ingest.start();
        started.add(ingest);
        // Before any driver runs: no state reaches the engine, so no window is published, under the file's rules
        // where the platform's are in force.
        ingest.submit(() -> {
            offers.apply(capacity, offers.offers());
            return null;
        }).join();

        Uplink uplink;
        if (json) {
            CommandRouter commands = new CommandRouter(payloads);
            uplink = new Uplink(link(config, agentId, "application/json"), outbox,
                    new JsonFeedSession(topics, payloads, identity), config.broker().urls(), clock, commands,
                    UplinkSettings.of(config.broker()));
            commands.add(new CapacityCommands(ingest, capacity, payloads, clock, store.movedAside()))
                    .add(new SharingCommands(offers, ingest, capacity, payloads))
                    .add(new AgentCommands(ingest, capacity, outbox, uplink, identity, payloads, reloader));
            uplink.start();
            started.add(uplink);
        } else {
            uplink = sparkplug.uplink();
        }
        if (sparkplug != null) {
            sparkplug.feed().start();
            sparkplug.uplink().start();
        }

        MachineDrivers drivers = MachineDrivers.open(config, ingest, clock);
        started.add(drivers);
        RunningAgentView view = new RunningAgentView(new AgentInfo(agentId, config.agent().site(), Version.current(),
                clock.instant(), config.sourcePath(), config.sourceHash(), config.agent().dataDir()),
                signalNames(config), ingest, capacity, offers, json ? outbox : sparkplug.outbox(), uplink, clock);
        control.serve(view, clock);
        // The same view the CLI's status reads: the endpoint shows the same numbers, gathered the same way.
        metrics.ifPresent(endpoint -> endpoint.serve(view));
        LOG.info("edge-agent {} started: agent {}, {} machines, buffer {}", Version.current(), agentId,
                config.machines().size(), config.agent().dataDir().resolve("buffer"));
        return new EdgeAgent(config, outbox, store, sharingStore, ingest, json ? uplink : null, drivers, control, sparkplug,
                metrics);
    }

    private static void closeAfterFailedStart(AutoCloseable part, Throwable failure) {
        try {
            part.close();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }

    /** @param contentType of every message, {@code null} for binary payloads */
    private static PahoBrokerLink link(AgentConfig config, String clientId, String contentType) {
        char[] password = config.broker().password() == null ? null : config.broker().password().reveal().toCharArray();
        return new PahoBrokerLink(clientId, config.broker().username(), password, Duration.ofSeconds(10),
                config.broker().tls(), config.broker().keepAlive(), contentType);
    }

    /**
     * The Sparkplug feed, when configured: its own outbox (whose birth-and-death counter is the node's bdSeq, kept
     * across restarts) and its own connection, a clean start with no session as the specification wants, and
     * binary payloads.
     */
    private static Sparkplug sparkplug(AgentConfig config, AgentIdentity identity, Clock clock) {
        SparkplugConfig sp = config.broker().sparkplug();
        if (sp == null) {
            return null;
        }
        String agentId = config.agent().id();
        Outbox outbox = Outbox.open(config.agent().dataDir().resolve("sparkplug"), config.buffer(), clock);
        SparkplugFeed feed = SparkplugFeed.create(sp, agentId, config.machines(), identity, outbox, clock);
        PahoBrokerLink link = link(config, agentId + "-sparkplug", null);
        UplinkSettings settings = new UplinkSettings(config.broker().backfillPerSecond(), Duration.ZERO, Duration.ZERO);
        return new Sparkplug(feed, outbox, new Uplink(link, outbox, feed.session(), config.broker().urls(), clock, null,
                settings));
    }

    private static Map<String, List<String>> signalNames(AgentConfig config) {
        Map<String, List<String>> names = new LinkedHashMap<>();
        config.machines().forEach(m -> names.put(m.id(), List.copyOf(m.signals().keySet())));
        return Collections.unmodifiableMap(names);
    }

    /**
     * Stops the agent within {@link StopBudget#TOTAL}: each part within its share (see {@link StopBudget}); a part
     * that hangs is named in one line with its threads and left behind.
     */
    @Override
    public void close() {
        String id = config.agent().id();
        LOG.info("stopping edge-agent {}", id);
        long start = System.nanoTime();
        StopBudget stop = new StopBudget("agent " + id, StopBudget.TOTAL);
        // First, so that no engineer's command or scrape reads a half-stopped agent.
        stop.close("control socket", QUICK_STOP_SHARE, control, "control-");
        metrics.ifPresent(endpoint -> stop.close("metrics endpoint", QUICK_STOP_SHARE, endpoint, "metrics-"));
        drivers.close(stop);
        stop.close("ingest", QUICK_STOP_SHARE, ingest, "ingest");
        stop.close("capacity store", QUICK_STOP_SHARE, store);
        if (sparkplug != null) {
            stop.close("sparkplug feed", QUICK_STOP_SHARE, sparkplug.feed(), "sparkplug-");
            stop.close("sparkplug uplink", UPLINK_STOP_SHARE, sparkplug.uplink(), "mqtt-uplink-");
            stop.close("sparkplug buffer", Outbox.CLOSE_BOUND, sparkplug.outbox(), "outbox-writer");
        }
        if (uplink != null) {
            stop.close("uplink", UPLINK_STOP_SHARE, uplink, "mqtt-uplink");
        }
        // After the uplink: its command thread may be keeping a sharing change until then.
        stop.close("sharing store", QUICK_STOP_SHARE, sharingStore);
        stop.close("buffer", Outbox.CLOSE_BOUND, outbox, "outbox-writer");
        LOG.info("edge-agent {} stopped in {} ms{}", id, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
                stop.overruns().isEmpty() ? "" : "; left behind: " + stop.overruns().stream()
                        .map(o -> o.machineId() == null ? o.part() : o.part() + " " + o.machineId()).toList());
    }
}
