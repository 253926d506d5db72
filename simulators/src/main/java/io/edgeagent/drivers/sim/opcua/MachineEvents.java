package io.edgeagent.drivers.sim.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.items.EventItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredEventItem;
import org.eclipse.milo.opcua.sdk.server.methods.AbstractMethodInvocationHandler.InvocationContext;
import org.eclipse.milo.opcua.sdk.server.model.objects.AlarmConditionTypeNode;
import org.eclipse.milo.opcua.sdk.server.model.objects.BaseEventTypeNode;
import org.eclipse.milo.opcua.sdk.server.model.objects.ConditionType;
import org.eclipse.milo.opcua.sdk.server.nodes.UaMethodNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaNode;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.structured.ContentFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.EventFilter;
import org.eclipse.milo.opcua.stack.core.util.NonceUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events a simulated machine raises on its machine object, an event notifier: a {@code CycleParametersEventType}
 * per cycle (OPC 40083) and Alarms &amp; Conditions (OPC 10000-9) that a test raises and clears. Events go to the
 * event items clients created on the machine object, each filtered by its own EventFilter. The server's
 * ConditionRefresh is this simulator's: between the RefreshStartEvent and RefreshEndEvent it sends every condition it
 * retains, to the items of the subscription that asked only (OPC 10000-9 5.5.7), which Milo's own does not.
 *
 * <p>Thread-safe: the simulator's thread, a test's and Milo's call the methods.
 */
public final class MachineEvents {

    private static final Logger log = LoggerFactory.getLogger(MachineEvents.class);

    private final OpcUaServer server;
    private final NodeId machine;
    private final String machineName;
    private final NodeId cycleEventType;
    // Guarded by this: events go out one at a time, so a refresh's bracket is never interleaved with another event.
    private final Map<EventItem, EventFilter> items = new LinkedHashMap<>();
    private final Map<String, AlarmConditionTypeNode> retained = new LinkedHashMap<>();

    /**
     * @param cycleEventType the concrete subtype of CycleParametersEventType the machine raises, see
     *                       {@link SpecEventTypes}, or null when the server has no GeneralTypes
     */
    MachineEvents(OpcUaServer server, NodeId machine, String machineName, NodeId cycleEventType) {
        this.server = server;
        this.machine = machine;
        this.machineName = machineName;
        this.cycleEventType = cycleEventType;
    }

    /** Takes over ConditionType's ConditionRefresh on this server; at the namespace's startup. */
    void installConditionRefresh() {
        UaNode method = server.getAddressSpaceManager().getManagedNode(NodeIds.ConditionType_ConditionRefresh)
                .orElseThrow(() -> new IllegalStateException("the server has no ConditionRefresh method"));
        UaMethodNode refresh = (UaMethodNode) method;
        refresh.setInvocationHandler(new ConditionType.ConditionRefreshMethod(refresh) {
            @Override
            protected void invoke(InvocationContext context, UInteger subscriptionId) throws UaException {
                Session session = context.getSession().orElseThrow(
                        () -> new UaException(StatusCodes.Bad_UserAccessDenied));
                if (session.getSubscriptionManager().getSubscription(subscriptionId) == null) {
                    throw new UaException(StatusCodes.Bad_SubscriptionIdInvalid);
                }
                refresh(subscriptionId);
            }
        });
    }

    /** The event items clients created on the machine object; Milo's namespace callbacks hand them over. */
    synchronized void added(List<EventItem> created) {
        created.stream().filter(item -> machine.equals(item.getReadValueId().getNodeId()))
                .forEach(item -> items.put(item, filterOf(item)));
    }

    synchronized void removed(List<EventItem> deleted) {
        deleted.forEach(items::remove);
    }

    /**
     * Raises one cycle's event with these fields, each a property of CycleParametersEventType by its browse name in
     * the GeneralTypes namespace ({@code JobCycleCounter}, {@code CycleTime}, ...), valued as its node would be.
     */
    public synchronized void cycle(Map<String, Object> fields) {
        if (cycleEventType == null) {
            throw new IllegalStateException("simulator " + machineName + " serves no GeneralTypes namespace: no"
                    + " cycle events");
        }
        BaseEventTypeNode event = newEvent(cycleEventType);
        try {
            int namespace = server.getNamespaceTable().getIndex(NamespaceUris.GENERAL_TYPES).intValue();
            fields.forEach((name, value) -> event.getPropertyNode(new QualifiedName(namespace, name))
                    .orElseThrow(() -> new IllegalArgumentException("CycleParametersEventType has no field " + name))
                    .setValue(new DataValue(new Variant(value))));
            describe(event, "cycle", 1);
            fire(event, null);
        } finally {
            event.delete();
        }
    }

    /**
     * Raises (or changes) an alarm condition of the machine, an OffNormalAlarmType named {@code name}, active and not
     * acknowledged.
     */
    public synchronized void raise(String name, String message, int severity) {
        AlarmConditionTypeNode condition = retained.computeIfAbsent(name, this::newCondition);
        condition.getActiveStateNode().setId(true);
        condition.setActiveState(LocalizedText.english("Active"));
        condition.getAckedStateNode().setId(false);
        condition.setAckedState(LocalizedText.english("Unacknowledged"));
        condition.setRetain(true);
        describe(condition, message, severity);
        fire(condition, null);
        log.info("simulator {}: alarm {} raised ({}, severity {})", machineName, name, message, severity);
    }

    /** Clears the condition: no longer active and no longer retained, so a refresh will not send it again. */
    public synchronized void clear(String name) {
        AlarmConditionTypeNode condition = retained.remove(name);
        if (condition == null) {
            return;
        }
        condition.getActiveStateNode().setId(false);
        condition.setActiveState(LocalizedText.english("Inactive"));
        condition.setRetain(false);
        condition.setEventId(NonceUtil.generateNonce(16));
        condition.setTime(DateTime.now());
        fire(condition, null);
        condition.delete();
        log.info("simulator {}: alarm {} cleared", machineName, name);
    }

    private synchronized void refresh(UInteger subscriptionId) {
        BaseEventTypeNode start = newEvent(NodeIds.RefreshStartEventType);
        BaseEventTypeNode end = newEvent(NodeIds.RefreshEndEventType);
        try {
            describe(start, "RefreshStart", 1);
            bracket(start, subscriptionId);
            for (AlarmConditionTypeNode condition : retained.values()) {
                fire(condition, subscriptionId);
            }
            describe(end, "RefreshEnd", 1);
            bracket(end, subscriptionId);
        } finally {
            start.delete();
            end.delete();
        }
    }

    /**
     * A refresh marker to every item of the subscription, past its where clause (OPC 10000-9 4.5: the refresh event
     * types ignore content filtering): the item's filter without its where clause for the moment.
     */
    private void bracket(BaseEventTypeNode marker, UInteger subscriptionId) {
        items.forEach((item, filter) -> {
            if (!subscriptionId.equals(item.getSubscriptionId())) {
                return;
            }
            if (!(item instanceof MonitoredEventItem milo) || filter == null) {
                item.onEvent(marker);
                return;
            }
            try {
                milo.installFilter(new EventFilter(filter.getSelectClauses(), new ContentFilter(null)));
                milo.onEvent(marker);
                milo.installFilter(filter);
            } catch (UaException e) {
                log.warn("simulator {}: refresh marker not sent: {}", machineName, e.getMessage());
            }
        });
    }

    /**
     * The item's EventFilter. Milo 1.1.2 keeps it private and applies its where clause to every event, refresh
     * markers too, which OPC 10000-9 4.5 exempts; the simulator reads it to exempt them itself.
     */
    private static EventFilter filterOf(EventItem item) {
        try {
            Field field = MonitoredEventItem.class.getDeclaredField("filter");
            field.setAccessible(true);
            return item instanceof MonitoredEventItem milo ? (EventFilter) field.get(milo) : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("simulator: cannot read an event item's filter ({}); refresh markers obey its where clause", e.toString());
            return null;
        }
    }

    private AlarmConditionTypeNode newCondition(String name) {
        NodeId id = new NodeId(machine.getNamespaceIndex(), machineName + "/Alarms/" + name);
        AlarmConditionTypeNode condition = (AlarmConditionTypeNode) newEvent(NodeIds.OffNormalAlarmType, id);
        condition.setConditionName(name);
        condition.setBranchId(NodeId.NULL_VALUE);
        condition.getEnabledStateNode().setId(true);
        condition.setEnabledState(LocalizedText.english("Enabled"));
        condition.setBrowseName(new QualifiedName(machine.getNamespaceIndex(), name));
        return condition;
    }

    private void describe(BaseEventTypeNode event, String message, int severity) {
        event.setEventId(NonceUtil.generateNonce(16));
        event.setSourceNode(machine);
        event.setSourceName(machineName);
        event.setTime(DateTime.now());
        event.setReceiveTime(DateTime.NULL_VALUE);
        event.setMessage(LocalizedText.english(message));
        event.setSeverity(ushort(severity));
    }

    /** To every item on the machine object, or only to those of one subscription (a refresh's). */
    private void fire(BaseEventTypeNode event, UInteger subscriptionId) {
        for (EventItem item : items.keySet()) {
            if (subscriptionId == null || subscriptionId.equals(item.getSubscriptionId())) {
                item.onEvent(event);
            }
        }
    }

    private BaseEventTypeNode newEvent(NodeId type) {
        return newEvent(type, new NodeId(machine.getNamespaceIndex(), UUID.randomUUID()));
    }

    private BaseEventTypeNode newEvent(NodeId type, NodeId id) {
        try {
            BaseEventTypeNode event = server.getEventFactory().createEvent(id, Objects.requireNonNull(type, "type"));
            // Milo 1.1.2's factory leaves the EventType field empty; a client tells the refresh markers by it.
            event.setEventType(type);
            return event;
        } catch (UaException e) {
            throw new IllegalStateException("simulator " + machineName + " cannot create an event of " + type, e);
        }
    }
}
