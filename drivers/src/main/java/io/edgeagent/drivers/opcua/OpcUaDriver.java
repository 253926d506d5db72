package io.edgeagent.drivers.opcua;

import io.edgeagent.drivers.ConnectionState;
import io.edgeagent.drivers.Driver;
import io.edgeagent.drivers.DriverHealth;
import io.edgeagent.drivers.ReadingSink;
import io.edgeagent.drivers.SignalSpec;
import io.edgeagent.drivers.net.RetryBackoff;
import io.edgeagent.drivers.support.DriverLifecycle;
import io.edgeagent.drivers.support.DriverTasks;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.UaSession;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one machine over OPC UA (Eclipse Milo client) with monitored items: the server samples each signal at
 * its own interval and publishes changes, no polling.
 *
 * <p>Threads: the driver's work (connect, retry, rebuild the subscription) runs one task at a time on the
 * {@link OpcUaThreads} it is given, which every OPC UA machine of the agent shares, as do the Milo clients' threads
 * that deliver values; a driver made without them has a set of its own, stopped when it closes. Until the first connect succeeds the driver retries
 * creating the client itself (1 s doubling to 30 s, spread by up to 20 %), since Milo gives up when the machine
 * is off at start. After that Milo reconnects by itself; the driver follows the session and, when the server
 * lost the subscription (it restarted, or the outage outlived the session), builds a new one so data keeps
 * flowing. On every (re)connect it finds the machine object and the signals' browse paths again.
 *
 * <p>Events: in the same subscription the driver monitors the machine's alarm conditions ({@link ConditionBook}) and,
 * for a profile with a cycle event whose machine object is an event notifier, that event ({@link CycleEvents})
 * instead of the variables it carries. After every new subscription it calls ConditionRefresh, so the alarms are
 * right again after an outage.
 *
 * <p>Security: with a secured {@link OpcUaSecurity} the driver presents the agent's certificate and accepts only
 * server certificates in the {@link TrustList}. An unknown one keeps the driver DISCONNECTED with a one-line
 * {@code lastError} naming its thumbprint; the certificate is kept in {@code rejected/}, the fault is logged once,
 * and attempts go on at least every 5 s, so the machine connects soon after an engineer trusts it.
 */
public final class OpcUaDriver implements Driver<OpcUaSignal> {

    private static final Logger log = LoggerFactory.getLogger(OpcUaDriver.class);

    private static final Duration AWAITING_TRUST = Duration.ofSeconds(5);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
    private static final Duration DELETE_WAIT = Duration.ofSeconds(1);
    private static final Duration DISCONNECT_WAIT = Duration.ofSeconds(1);
    /**
     * The server publishes at least this often even when no value changes, so that a subscription it lost, or that
     * stopped publishing, is noticed: Milo's watchdog fires after 1.5 times this without a publish.
     */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(10);
    private static final Duration MIN_SILENCE_CHECK = Duration.ofMillis(100);

    private final String machineId;
    private final OpcUaEndpoint endpoint;
    private final MachineRoot root;
    private final Duration keepAlive;
    private final DriverLifecycle lifecycle;
    /** The agent's OPC UA threads; {@code null} for a driver with threads of its own, made by {@link #open}. */
    private final OpcUaThreads shared;
    private final Object lock = new Object();

    // Set once, by subscribe, before the driver thread starts; only read afterwards.
    private List<OpcUaSignal> targets;
    // Set once, by open; Milo's threads hand their events to it.
    private volatile DriverTasks tasks;
    // Set once, by open.
    private volatile OpcUaThreads threads;
    // Guarded by lock.
    private OpcUaClient client;

    // Confined to the driver thread.
    private SignalSubscription subscription;
    private ClientSecurity security;
    private String rootFound;
    /** Signals whose node the server lacks, already logged: a missing node is reported once, not per connect. */
    private final Set<String> reportedMissing = new HashSet<>();
    /** How the last subscription got events, as logged: logged again only when it changes. */
    private String eventsLogged;
    /** The machine's active conditions, across subscriptions; Milo's threads and the driver thread use it. */
    private final ConditionBook conditions;

    /** A machine whose signals are all node ids, or browse paths from the Objects folder. */
    public OpcUaDriver(String machineId, OpcUaEndpoint endpoint) {
        this(machineId, endpoint, MachineRoot.OBJECTS);
    }

    /**
     * @param root where the signals' browse paths start: the machine object, named or found by its profile
     */
    public OpcUaDriver(String machineId, OpcUaEndpoint endpoint, MachineRoot root) {
        this(machineId, endpoint, root, Clock.systemUTC());
    }

    /**
     * @param clock stamps health changes, and readings the server gave no timestamp (then it is the time of receipt)
     */
    public OpcUaDriver(String machineId, OpcUaEndpoint endpoint, MachineRoot root, Clock clock) {
        this(machineId, endpoint, root, clock, KEEP_ALIVE, null);
    }

    /**
     * @param threads the agent's OPC UA threads, shared with its other OPC UA machines; closed by their owner after
     *                this driver
     */
    public OpcUaDriver(String machineId, OpcUaEndpoint endpoint, MachineRoot root, Clock clock,
                       OpcUaThreads threads) {
        this(machineId, endpoint, root, clock, KEEP_ALIVE, Objects.requireNonNull(threads, "threads"));
    }

    /** With another keep-alive: a test of the watchdog need not wait 15 s for it. */
    OpcUaDriver(String machineId, OpcUaEndpoint endpoint, MachineRoot root, Duration keepAlive) {
        this(machineId, endpoint, root, Clock.systemUTC(), keepAlive, null);
    }

    private OpcUaDriver(String machineId, OpcUaEndpoint endpoint, MachineRoot root, Clock clock, Duration keepAlive,
                        OpcUaThreads shared) {
        this.lifecycle = new DriverLifecycle(machineId, clock);
        this.shared = shared;
        this.machineId = machineId;
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.root = Objects.requireNonNull(root, "root");
        this.keepAlive = Objects.requireNonNull(keepAlive, "keepAlive");
        this.conditions = new ConditionBook(machineId, lifecycle::deliver);
    }

    @Override
    public String machineId() {
        return machineId;
    }

    public OpcUaEndpoint endpoint() {
        return endpoint;
    }

    /**
     * Takes the signals, whose nodes were parsed when they were built; nothing connects until {@link #open}. Call
     * once.
     *
     * @throws IllegalArgumentException when two signals share a name
     */
    @Override
    public void subscribe(Collection<OpcUaSignal> signals, ReadingSink readingSink) {
        Objects.requireNonNull(signals, "signals");
        List<OpcUaSignal> distinct = SignalSpec.distinctNames(machineId, signals);
        lifecycle.subscribe(readingSink, () -> targets = distinct);
    }

    @Override
    public void open() {
        lifecycle.open(() -> {
            threads = shared == null ? new OpcUaThreads() : shared;
            tasks = threads.join(machineId);
            log.info("{}: connecting to {} ({} signals)", machineId, endpoint.endpointUrl(), targets.size());
            tasks.execute(this::connect);
            tasks.every(Duration.ofMillis(Math.max(MIN_SILENCE_CHECK.toMillis(), keepAlive.toMillis() / 2)),
                    this::checkPublishing);
        });
    }

    @Override
    public DriverHealth health() {
        return lifecycle.health();
    }

    /**
     * Deletes the subscription, disconnects and stops the driver's tasks (and its own threads, if it has them);
     * returns within about four seconds, or seven with threads of its own.
     */
    @Override
    public void close() {
        lifecycle.close(this::stop);
    }

    private void stop() {
        DriverTasks running = tasks;
        if (running != null) {
            running.execute(this::teardown);
            // Past the wait it is stuck in a connect attempt (e.g. a silent host): interrupted, and the client
            // dropped from here.
            running.stop(CLOSE_WAIT);
            threads.leave();
        }
        OpcUaClient leftover = takeClient();
        if (leftover != null) {
            disconnect(leftover);
        }
        if (shared == null && threads != null) {
            threads.close();
        }
    }

    // --- driver thread -------------------------------------------------------------------------------------

    private void connect() {
        if (lifecycle.isClosed()) {
            return;
        }
        ClientSecurity pki;
        IdentityProvider identity;
        try {
            pki = security();
            identity = ClientFactory.identity(endpoint.credentials());
        } catch (IOException e) {
            retry(this::connect, "cannot connect", e.getMessage(), e);
            return;
        }
        OpcUaClient created = null;
        try {
            created = ClientFactory.create(machineId, endpoint, pki, identity, threads);
            created.addSessionActivityListener(new SessionWatch(created));
            if (!adopt(created)) {
                disconnect(created);
                return;
            }
            created.connect();
            subscription = subscribeAll(created);
            tasks.resetBackoff();
            log.info("{}: connected to {}, {} of {} signals monitored", machineId, endpoint.endpointUrl(),
                    subscription.monitored(), targets.size());
        } catch (Exception e) {
            if (lifecycle.isClosed()) {
                return;
            }
            if (created != null) {
                release(created);
            }
            String fault = Faults.describe(e, endpoint.endpointUrl());
            retry(this::connect, "cannot connect", pki == null ? fault : pki.explain(e, fault), e);
        }
    }

    /** Opened at the first connect, not in the constructor: creating the client certificate takes a second. */
    private ClientSecurity security() throws IOException {
        if (security == null && endpoint.security().isSecured()) {
            security = ClientSecurity.open(machineId, endpoint.security());
        }
        return security;
    }

    private void sessionInactive(OpcUaClient owner) {
        if (!isCurrent(owner)) {
            return;
        }
        String fault = "connection lost: " + endpoint.endpointUrl();
        if (lifecycle.health().state() == ConnectionState.CONNECTED) {
            log.warn("{}: {}; reconnecting", machineId, fault);
        }
        lifecycle.report(ConnectionState.DISCONNECTED, fault);
    }

    /**
     * Called when a session comes up and when the server lost the subscription; idempotent. After a disconnect the
     * subscription is always built anew, even one Milo kept across the reactivated session: a kept subscription
     * reports only what changes from now on, while the sink was told at the disconnect that every value it held
     * is void. A new subscription's first publish carries every item's current value, queued without its filter
     * (OPC 10000-4 1.05, 7.25.2), so a machine whose values stayed the same through the outage is known again at
     * once rather than never.
     */
    private void ensureSubscribed(OpcUaClient owner) {
        if (!isCurrent(owner)) {
            return;
        }
        if (subscription != null && subscription.isLive()
                && lifecycle.health().state() == ConnectionState.CONNECTED) {
            return;
        }
        if (subscription != null) {
            if (subscription.isLive()) {
                log.info("{}: reconnected to {}; recreating the subscription to read every value afresh",
                        machineId, endpoint.endpointUrl());
                subscription.delete(DELETE_WAIT);
            }
            subscription = null;
        }
        try {
            subscription = subscribeAll(owner);
            tasks.resetBackoff();
            log.info("{}: subscription recreated on {}, {} of {} signals monitored", machineId,
                    endpoint.endpointUrl(), subscription.monitored(), targets.size());
        } catch (Exception e) {
            retry(() -> ensureSubscribed(owner), "cannot recreate the subscription",
                    Faults.describe(e, endpoint.endpointUrl()), e);
        }
    }

    /**
     * The server stopped publishing without telling us (it lost the subscription but kept the session, which
     * answers publish requests with Bad_NoSubscription, after which Milo stops asking): start over with a new
     * subscription. The machine is DISCONNECTED until it exists, since no value can arrive meanwhile.
     */
    private void resubscribe(OpcUaClient owner, OpcUaSubscription stale) {
        if (subscription != null && subscription.owns(stale)) {
            rebuildSilent(owner);
        }
    }

    private void rebuildSilent(OpcUaClient owner) {
        if (!isCurrent(owner) || subscription == null) {
            return;
        }
        String fault = "no publish from " + endpoint.endpointUrl() + " within the keep-alive time";
        log.warn("{}: {}; recreating the subscription", machineId, fault);
        lifecycle.report(ConnectionState.DISCONNECTED, fault);
        subscription.delete(DELETE_WAIT);
        subscription = null;
        ensureSubscribed(owner);
    }

    /**
     * Our own watchdog, every half keep-alive: a subscription that is CONNECTED but has had neither a value nor a
     * keep-alive for longer than the server promised is rebuilt. Milo's watchdog misses this after some reconnects
     * (see {@link SignalSubscription#isSilent}); then the session is back, the subscription "kept", and nothing
     * would ever arrive again.
     */
    private void checkPublishing() {
        SignalSubscription current = subscription;
        OpcUaClient owner;
        synchronized (lock) {
            owner = client;
        }
        if (owner == null || current == null || !current.isLive()
                || lifecycle.health().state() != ConnectionState.CONNECTED
                || !current.isSilent(System.nanoTime())) {
            return;
        }
        rebuildSilent(owner);
    }

    /**
     * Finds the machine object and every signal's node afresh, since a restarted server may have renumbered them,
     * and reports CONNECTED as soon as the subscription exists, so that no reading arrives before it.
     *
     * @throws MachineNotFound when the server has no (or no single) machine object where the root says
     */
    private SignalSubscription subscribeAll(OpcUaClient owner) throws Exception {
        NodeResolver resolver = new NodeResolver(owner, owner.readNamespaceTable(), root.preferredNamespaces());
        NodeResolver.Result machine = resolver.root(root);
        if (machine instanceof NodeResolver.Missing missing) {
            throw new MachineNotFound(missing.detail());
        }
        NodeResolver.Found found = (NodeResolver.Found) machine;
        if (!root.equals(MachineRoot.OBJECTS) && !found.path().equals(rootFound)) {
            log.info("{}: machine object {} at {}", machineId, root, found.path().isEmpty() ? found.nodeId()
                    : found.path());
            rootFound = found.path();
        }
        NamespaceTable namespaces = owner.getNamespaceTable();
        boolean notifier = isEventNotifier(owner, found.nodeId());
        Optional<CycleEvents> cycles = notifier ? root.profile().flatMap(Profile::cycleEvents)
                .flatMap(type -> CycleEvents.on(type, namespaces)) : Optional.empty();
        List<OpcUaSignal> byEvents = cycles.map(c -> replacedBy(c.type())).orElse(List.of());
        List<OpcUaSignal> monitored = targets.stream().filter(signal -> !byEvents.contains(signal)).toList();
        List<SignalSubscription.EventWatch> events = new ArrayList<>();
        cycles.ifPresent(c -> events.add(new SignalSubscription.EventWatch(c.type().title(), found.nodeId(),
                c.filter(owner.getStaticEncodingContext()),
                fields -> c.readings(machineId, fields, lifecycle.now()).forEach(lifecycle::deliver))));
        // Conditions of the machine object when it notifies events; else the server's, all of them.
        NodeId alarmsFrom = notifier ? found.nodeId() : NodeIds.Server;
        SignalSubscription.EventWatch alarms = new SignalSubscription.EventWatch("alarms", alarmsFrom,
                ConditionBook.filter(owner.getStaticEncodingContext()),
                fields -> conditions.onEvent(fields, namespaces, lifecycle.now()));
        events.add(alarms);
        SignalSubscription created = SignalSubscription.create(owner, resolver, found, monitored, keepAlive,
                this::deliver, new SubscriptionWatch(owner), () -> lifecycle.report(ConnectionState.CONNECTED, null),
                events);
        Instant now = lifecycle.now();
        for (SignalSubscription.Rejected rejected : created.rejected()) {
            OpcUaSignal signal = rejected.signal();
            if (reportedMissing.add(signal.name())) {
                log.warn("{}: signal '{}' ({}) not monitored: {}", machineId, signal.name(), signal.node(),
                        rejected.detail());
            } else {
                log.debug("{}: signal '{}' ({}) still not monitored: {}", machineId, signal.name(), signal.node(),
                        rejected.detail());
            }
            lifecycle.deliver(DataValues.bad(machineId, signal.name(), rejected.detail(), now));
        }
        logEvents(cycles, byEvents, created.eventsRefused(), alarmsFrom);
        readOnce(owner, resolver, found, byEvents);
        if (!created.eventsRefused().containsKey(alarms)) {
            try {
                created.refreshConditions(owner);
            } catch (UaException e) {
                log.debug("{}: ConditionRefresh failed ({}): alarms from now on only", machineId,
                        DataValues.statusName(e.getStatusCode()));
            }
        }
        return created;
    }

    /** OPC 10000-3 5.4: bit 0 of an object's EventNotifier attribute says clients may subscribe to its events. */
    private static boolean isEventNotifier(OpcUaClient owner, NodeId node) throws UaException {
        DataValue value = owner.read(0, TimestampsToReturn.Neither, List.of(new ReadValueId(node,
                AttributeId.EventNotifier.uid(), null, QualifiedName.NULL_VALUE))).getResults()[0];
        return value.getValue().getValue() instanceof Number bits && (bits.intValue() & 1) != 0;
    }

    /** The profile's own signals that the events carry: a signal the config points elsewhere stays polled. */
    private List<OpcUaSignal> replacedBy(EventType type) {
        Map<String, BrowsePath> standard = new HashMap<>();
        root.profile().orElseThrow().signals().forEach(signal -> standard.put(signal.name(), signal.path()));
        return targets.stream().filter(signal -> type.signals().contains(signal.name())
                && signal.node().equals(standard.get(signal.name()))).toList();
    }

    /**
     * The signals the events carry are read once at every subscription: the first event then advances a counter
     * from its value now rather than only setting where counting starts, and the state has a value before it.
     */
    private void readOnce(OpcUaClient owner, NodeResolver resolver, NodeResolver.Found found,
                          List<OpcUaSignal> signals) throws UaException {
        List<OpcUaSignal> read = new ArrayList<>();
        List<NodeId> nodes = new ArrayList<>();
        for (OpcUaSignal signal : signals) {
            if (resolver.resolve(signal.node(), found) instanceof NodeResolver.Found node) {
                read.add(signal);
                nodes.add(node.nodeId());
            }
        }
        if (nodes.isEmpty()) {
            return;
        }
        List<DataValue> values = owner.readValues(0, TimestampsToReturn.Both, nodes);
        for (int i = 0; i < read.size(); i++) {
            deliver(read.get(i), values.get(i));
        }
    }

    private void logEvents(Optional<CycleEvents> cycles, List<OpcUaSignal> byEvents,
                           Map<SignalSubscription.EventWatch, String> refused, NodeId alarmsFrom) {
        String cycleText = cycles.map(c -> c.type().title() + " events for " + byEvents.stream()
                .map(OpcUaSignal::name).toList()).orElse("no cycle events");
        String alarmText = "conditions from " + (alarmsFrom.equals(NodeIds.Server) ? "the Server object"
                : "the machine object");
        String refusedText = refused.isEmpty() ? "" : "; refused: " + refused.entrySet().stream()
                .map(e -> e.getKey().what() + " " + e.getValue()).toList();
        String text = cycleText + ", " + alarmText + refusedText;
        if (!text.equals(eventsLogged)) {
            log.info("{}: {}", machineId, text);
            eventsLogged = text;
        }
    }

    private void retry(Runnable task, String what, String fault, Exception cause) {
        // An engineer may trust the server's certificate any moment: notice it soon. An attempt is a GetEndpoints.
        Duration longest = ServerCertificateRejected.in(cause).isPresent() ? AWAITING_TRUST : RetryBackoff.MACHINE_MAX;
        Duration delay = tasks.retry(task, longest);
        DriverHealth before = lifecycle.health();
        if (before.state() != ConnectionState.DISCONNECTED || !fault.equals(before.lastError())) {
            log.warn("{}: {}: {} (retrying every {})", machineId, what, fault, tasks.retrySpan(longest));
        } else {
            log.debug("{}: {}: {} (next attempt in {} ms)", machineId, what, fault, delay.toMillis());
        }
        log.debug("{}: {}", machineId, what, cause);
        lifecycle.report(ConnectionState.DISCONNECTED, fault);
    }

    private void teardown() {
        OpcUaClient owner = takeClient();
        SignalSubscription current = subscription;
        subscription = null;
        if (owner == null) {
            return;
        }
        // Deleting first keeps the server from publishing into a closing session; pointless when it is gone.
        if (current != null && lifecycle.health().isConnected()) {
            current.delete(DELETE_WAIT);
        }
        disconnect(owner);
    }

    /** Drops a client whose first connect failed, so that it cannot go on reconnecting behind our back. */
    private void release(OpcUaClient owner) {
        synchronized (lock) {
            if (client == owner) {
                client = null;
            }
        }
        subscription = null;
        disconnect(owner);
    }

    // --- any thread ----------------------------------------------------------------------------------------

    private void deliver(OpcUaSignal signal, DataValue value) {
        lifecycle.deliver(DataValues.toReading(machineId, signal.name(), value, lifecycle.now(), signal.conversion()));
    }

    private boolean adopt(OpcUaClient created) {
        synchronized (lock) {
            if (lifecycle.isClosed()) {
                return false;
            }
            client = created;
            return true;
        }
    }

    private boolean isCurrent(OpcUaClient candidate) {
        synchronized (lock) {
            return !lifecycle.isClosed() && client == candidate;
        }
    }

    private OpcUaClient takeClient() {
        synchronized (lock) {
            OpcUaClient taken = client;
            client = null;
            return taken;
        }
    }

    private void disconnect(OpcUaClient owner) {
        try {
            owner.disconnectAsync().get(DISCONNECT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            owner.getTransport().disconnect();
        } catch (Exception e) {
            // While the server is gone Milo's disconnect waits to close a session it cannot reach, and its
            // channel keeps reconnecting meanwhile: stop the channel directly.
            log.debug("{}: closing the session did not complete ({}); dropping the channel", machineId, e.toString());
            owner.getTransport().disconnect();
        }
    }

    /** Milo calls these on its own threads; the work happens on the driver thread. */
    private final class SessionWatch implements SessionActivityListener {

        private final OpcUaClient owner;

        SessionWatch(OpcUaClient owner) {
            this.owner = owner;
        }

        @Override
        public void onSessionActive(UaSession session) {
            tasks.execute(() -> ensureSubscribed(owner));
        }

        @Override
        public void onSessionInactive(UaSession session) {
            tasks.execute(() -> sessionInactive(owner));
        }
    }

    /** Milo calls these on its own threads; the work happens on the driver thread. */
    private final class SubscriptionWatch implements OpcUaSubscription.SubscriptionListener {

        private final OpcUaClient owner;

        SubscriptionWatch(OpcUaClient owner) {
            this.owner = owner;
        }

        @Override
        public void onTransferFailed(OpcUaSubscription lost, StatusCode status) {
            log.info("{}: the server did not keep the subscription ({}); recreating it", machineId,
                    DataValues.statusName(status));
            tasks.execute(() -> ensureSubscribed(owner));
        }

        @Override
        public void onStatusChanged(OpcUaSubscription changed, StatusCode status) {
            if ((status.getValue() & 0xFFFF0000L) == StatusCodes.Bad_Timeout) {
                log.info("{}: the server timed out the subscription; recreating it", machineId);
                tasks.execute(() -> ensureSubscribed(owner));
            }
        }

        @Override
        public void onWatchdogTimerElapsed(OpcUaSubscription stale) {
            tasks.execute(() -> resubscribe(owner, stale));
        }
    }
}
