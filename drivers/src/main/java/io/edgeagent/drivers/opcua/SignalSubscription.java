package io.edgeagent.drivers.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.MonitoredItemServiceOperationResult;
import org.eclipse.milo.opcua.sdk.client.subscriptions.MonitoredItemSynchronizationException;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DataChangeTrigger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DeadbandType;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodResult;
import org.eclipse.milo.opcua.stack.core.types.structured.DataChangeFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.EventFilter;

/**
 * One server-side subscription holding a monitored item per signal. Built afresh whenever the server no longer
 * has it, reading the namespace table again, since a restarted server may number its namespaces differently.
 */
final class SignalSubscription {

    /** A signal the server would not monitor, with the reason as the reading's detail. */
    record Rejected(OpcUaSignal signal, String detail) {
    }

    /**
     * Events to ask for: those {@code filter} selects from the node {@code notifier} (an object that is an event
     * notifier, or the Server object), each handed to {@code listener} on a Milo thread.
     *
     * @param what for the log, e.g. {@code alarms}
     */
    record EventWatch(String what, NodeId notifier, EventFilter filter, Consumer<Variant[]> listener) {
    }

    /** Events are few but come in bursts (a ConditionRefresh sends every retained condition at once): none is lost. */
    private static final int EVENT_QUEUE = 1000;

    private static final double NO_SIGNALS_PUBLISHING_MS = 1000;

    /** As Milo's watchdog: a subscription silent for this many keep-alive periods is taken as dead. */
    private static final double SILENCE_FACTOR = 1.5;

    private final OpcUaSubscription subscription;
    private final Publishes publishes;
    private final List<Rejected> rejected;
    private final int monitored;
    private final Map<EventWatch, String> eventsRefused;

    private SignalSubscription(OpcUaSubscription subscription, Publishes publishes, List<Rejected> rejected,
                               int monitored, Map<EventWatch, String> eventsRefused) {
        this.subscription = subscription;
        this.publishes = publishes;
        this.rejected = rejected;
        this.monitored = monitored;
        this.eventsRefused = eventsRefused;
    }

    /**
     * Creates the subscription and its items on the server; a signal whose node the resolver cannot find is
     * {@link #rejected()}.
     *
     * @param keepAlive how often the server publishes when nothing changed
     * @param values    receives each data change, on a Milo thread
     * @param listener  receives the subscription's own events (transfer failed, timeout, watchdog)
     * @param up        runs once the subscription exists on the server and before its items do, so before any value
     * @param events    the events to monitor besides; one the server refuses is in {@link #eventsRefused()}
     * @throws UaException when the server cannot be talked to; a single node it refuses is {@link #rejected()}
     */
    static SignalSubscription create(OpcUaClient client, NodeResolver resolver, NodeResolver.Found root,
                                     List<OpcUaSignal> signals, Duration keepAlive,
                                     BiConsumer<OpcUaSignal, DataValue> values,
                                     OpcUaSubscription.SubscriptionListener listener, Runnable up,
                                     List<EventWatch> events)
            throws UaException {
        List<Rejected> rejected = new ArrayList<>();
        Publishes publishes = new Publishes(listener);
        Map<OpcUaSignal, NodeId> found = new LinkedHashMap<>();
        for (OpcUaSignal signal : signals) {
            NodeResolver.Result node = resolver.resolve(signal.node(), root);
            if (node instanceof NodeResolver.Missing missing) {
                rejected.add(new Rejected(signal, missing.detail()));
            } else {
                found.put(signal, ((NodeResolver.Found) node).nodeId());
            }
        }
        // A Duration is milliseconds (OPC 10000-3 8.13) wherever it is: a plain node: is converted as a profile's is.
        Set<NodeId> durations = new NodeReader(client, client.getNamespaceTable()).durations(found.entrySet().stream()
                .filter(e -> e.getKey().conversion() == OpcUaSignal.Conversion.NONE).map(Map.Entry::getValue).toList());
        Map<OpcUaMonitoredItem, OpcUaSignal> items = new LinkedHashMap<>();
        for (Map.Entry<OpcUaSignal, NodeId> entry : found.entrySet()) {
            OpcUaSignal signal = entry.getKey();
            OpcUaSignal reported = durations.contains(entry.getValue())
                    ? signal.withConversion(OpcUaSignal.Conversion.MILLISECONDS_TO_SECONDS) : signal;
            OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(entry.getValue());
            item.setSamplingInterval(signal.sampling().toMillis());
            item.setQueueSize(uint(signal.queueSize()));
            item.setDiscardOldest(true);
            filter(signal.deadband()).ifPresent(item::setFilter);
            item.setDataValueListener((ignored, value) -> {
                publishes.mark(System.nanoTime());
                values.accept(reported, value);
            });
            items.put(item, signal);
        }
        Map<OpcUaMonitoredItem, EventWatch> eventItems = new LinkedHashMap<>();
        for (EventWatch watch : events) {
            OpcUaMonitoredItem item = OpcUaMonitoredItem.newEventItem(watch.notifier(), watch.filter());
            item.setQueueSize(uint(EVENT_QUEUE));
            item.setDiscardOldest(false);
            item.setEventValueListener((ignored, fields) -> {
                publishes.mark(System.nanoTime());
                watch.listener().accept(fields);
            });
            eventItems.put(item, watch);
        }
        Map<EventWatch, String> eventsRefused = new LinkedHashMap<>();

        OpcUaSubscription subscription = new OpcUaSubscription(client, publishingInterval(signals));
        subscription.setTargetKeepAliveInterval(keepAlive.toMillis());
        subscription.setSubscriptionListener(publishes);
        subscription.create();
        up.run();
        subscription.addMonitoredItems(List.copyOf(items.keySet()));
        subscription.addMonitoredItems(List.copyOf(eventItems.keySet()));
        try {
            subscription.synchronizeMonitoredItems();
        } catch (MonitoredItemSynchronizationException e) {
            for (MonitoredItemServiceOperationResult result : e.getCreateResults()) {
                if (!result.serviceResult().isGood()) {
                    subscription.deleteAsync();
                    throw new UaException(result.serviceResult(), "creating monitored items failed");
                }
                if (!result.isGood()) {
                    StatusCode status = result.operationResult()
                            .orElse(new StatusCode(StatusCodes.Bad_UnexpectedError));
                    EventWatch watch = eventItems.get(result.monitoredItem());
                    if (watch != null) {
                        eventsRefused.put(watch, DataValues.statusName(status));
                    } else {
                        rejected.add(new Rejected(items.get(result.monitoredItem()), DataValues.statusName(status)));
                    }
                    subscription.removeMonitoredItem(result.monitoredItem());
                }
            }
        }
        publishes.mark(System.nanoTime());
        return new SignalSubscription(subscription, publishes, List.copyOf(rejected),
                signals.size() - rejected.size(), Map.copyOf(eventsRefused));
    }

    /** The event watches the server refused, with its status name. */
    Map<EventWatch, String> eventsRefused() {
        return eventsRefused;
    }

    /**
     * Asks the server to send every condition it retains again, to this subscription, between a RefreshStartEvent
     * and a RefreshEndEvent (OPC 10000-9 5.5.7): ConditionType's ConditionRefresh with this subscription's id.
     *
     * @throws UaException when the call failed, or the server refused it (a server without Alarms &amp; Conditions)
     */
    void refreshConditions(OpcUaClient client) throws UaException {
        UInteger id = subscription.getSubscriptionId()
                .orElseThrow(() -> new UaException(StatusCodes.Bad_SubscriptionIdInvalid, "no subscription id"));
        CallMethodResult result = client.call(List.of(new CallMethodRequest(NodeIds.ConditionType,
                NodeIds.ConditionType_ConditionRefresh, new Variant[] {new Variant(id)}))).getResults()[0];
        if (!result.getStatusCode().isGood()) {
            throw new UaException(result.getStatusCode(), "ConditionRefresh refused");
        }
    }

    /**
     * True when neither a value nor a keep-alive has come for longer than the server promised (1.5 times its revised
     * keep-alive period) since the last publish or since it was created. Our own check, not Milo's watchdog:
     * Milo cancels its watchdog when the session goes inactive or a publish fails with Bad_SessionClosed or
     * Bad_SessionIdInvalid, stops asking for publishes after Bad_NoSubscription, and re-arms it only when a session
     * becomes active or a publish arrives, so after some reconnects nothing would ever notice the silence.
     */
    boolean isSilent(long nowNanos) {
        return nowNanos - publishes.last() > silenceLimit().toNanos();
    }

    /** 1.5 times the revised keep-alive period (publishing interval times (max keep-alive count + 1)), as Milo's. */
    Duration silenceLimit() {
        double interval = subscription.getRevisedPublishingInterval().orElse(subscription.getPublishingInterval());
        long count = subscription.getRevisedMaxKeepAliveCount().map(c -> c.longValue()).orElse(1L);
        return Duration.ofMillis(Math.round(interval * (count + 1) * SILENCE_FACTOR));
    }

    /** False once Milo has reset it: the server lost it (transfer failed, timed out) and it must be rebuilt. */
    boolean isLive() {
        return subscription.getSyncState() != OpcUaSubscription.SyncState.INITIAL;
    }

    boolean owns(OpcUaSubscription candidate) {
        return subscription == candidate;
    }

    List<Rejected> rejected() {
        return rejected;
    }

    int monitored() {
        return monitored;
    }

    /** Best effort within the timeout: the server also drops it when the session closes. */
    void delete(Duration timeout) {
        try {
            subscription.deleteAsync().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Unreachable server: at least stop Milo publishing and watching for it on this client.
            subscription.reset();
        }
    }

    /** Notes the time of every publish (values or keep-alive), then passes each event on. */
    private static final class Publishes implements OpcUaSubscription.SubscriptionListener {

        private final OpcUaSubscription.SubscriptionListener next;
        private volatile long last;

        Publishes(OpcUaSubscription.SubscriptionListener next) {
            this.next = next;
            this.last = System.nanoTime();
        }

        void mark(long nanos) {
            last = nanos;
        }

        long last() {
            return last;
        }

        @Override
        public void onDataReceived(OpcUaSubscription s, List<OpcUaMonitoredItem> items, List<DataValue> values) {
            last = System.nanoTime();
            next.onDataReceived(s, items, values);
        }

        @Override
        public void onEventReceived(OpcUaSubscription s, List<OpcUaMonitoredItem> items, List<Variant[]> fields) {
            last = System.nanoTime();
            next.onEventReceived(s, items, fields);
        }

        @Override
        public void onKeepAliveReceived(OpcUaSubscription s) {
            last = System.nanoTime();
            next.onKeepAliveReceived(s);
        }

        @Override
        public void onNotificationDataLost(OpcUaSubscription s) {
            next.onNotificationDataLost(s);
        }

        @Override
        public void onWatchdogTimerElapsed(OpcUaSubscription s) {
            next.onWatchdogTimerElapsed(s);
        }

        @Override
        public void onStatusChanged(OpcUaSubscription s, StatusCode status) {
            next.onStatusChanged(s, status);
        }

        @Override
        public void onTransferFailed(OpcUaSubscription s, StatusCode status) {
            next.onTransferFailed(s, status);
        }
    }

    /**
     * No filter without a deadband: the server's default reports every change of value or status, and a percent
     * filter of 0 would only get the signal refused by servers that have no EURange for it.
     */
    static Optional<DataChangeFilter> filter(OpcUaSignal.Deadband deadband) {
        if (deadband.value() == 0) {
            return Optional.empty();
        }
        DeadbandType type = deadband.type() == OpcUaSignal.Deadband.Type.PERCENT ? DeadbandType.Percent
                : DeadbandType.Absolute;
        return Optional.of(new DataChangeFilter(DataChangeTrigger.StatusValue, uint(type.getValue()),
                deadband.value()));
    }

    /** The fastest sampling: no signal waits longer than its own interval for a publish. */
    private static double publishingInterval(List<OpcUaSignal> signals) {
        return signals.stream()
                .mapToDouble(signal -> signal.sampling().toMillis())
                .min()
                .orElse(NO_SIGNALS_PUBLISHING_MS);
    }
}
