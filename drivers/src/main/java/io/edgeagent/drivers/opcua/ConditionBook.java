package io.edgeagent.drivers.opcua;

import io.edgeagent.drivers.Alarm;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.encoding.EncodingContext;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.structured.EventFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.SimpleAttributeOperand;

/**
 * A machine's active Alarms &amp; Conditions (OPC 10000-9), kept from the condition events the server sends, across
 * subscriptions: each change goes out once as an {@link Alarm}, a repeat (as a ConditionRefresh sends every retained
 * condition again) does not. Between a RefreshStartEvent and its RefreshEndEvent (OPC 10000-9 5.5.7) the server
 * sends every condition it retains; one active here that it did not send ended while the driver was not listening,
 * and is reported cleared at the RefreshEndEvent.
 *
 * <p>Thread-safe: Milo delivers events on its threads, the driver starts refreshes on its own.
 */
final class ConditionBook {

    private static final QualifiedName ID = new QualifiedName(0, "Id");

    // The select clauses, in this order (the indexes below).
    private static final List<SimpleAttributeOperand> FIELDS = List.of(
            EventFilters.field(NodeIds.BaseEventType, new QualifiedName(0, "EventType")),
            EventFilters.field(NodeIds.BaseEventType, new QualifiedName(0, "SourceName")),
            EventFilters.field(NodeIds.BaseEventType, new QualifiedName(0, "Time")),
            EventFilters.field(NodeIds.BaseEventType, new QualifiedName(0, "Message")),
            EventFilters.field(NodeIds.BaseEventType, new QualifiedName(0, "Severity")),
            // OPC 10000-9 5.5.2: the ConditionId is the NodeId attribute of the ConditionType with an empty path.
            new SimpleAttributeOperand(NodeIds.ConditionType, new QualifiedName[0],
                    AttributeId.NodeId.uid(), null),
            EventFilters.field(NodeIds.AlarmConditionType, new QualifiedName(0, "ActiveState"), ID),
            EventFilters.field(NodeIds.AcknowledgeableConditionType, new QualifiedName(0, "AckedState"), ID),
            EventFilters.field(NodeIds.ConditionType, new QualifiedName(0, "Retain")));
    private static final int EVENT_TYPE = 0;
    private static final int SOURCE_NAME = 1;
    private static final int TIME = 2;
    private static final int MESSAGE = 3;
    private static final int SEVERITY = 4;
    private static final int CONDITION_ID = 5;
    private static final int ACTIVE = 6;
    private static final int ACKED = 7;
    private static final int RETAIN = 8;

    private final String machineId;
    private final Consumer<Alarm> changes;
    private final Map<String, Alarm> active = new LinkedHashMap<>();
    /** During a refresh, the active conditions the server has not sent again yet; null outside one. */
    private Set<String> unconfirmed;

    /** @param changes receives each raise, change and clear, on the thread that brought it */
    ConditionBook(String machineId, Consumer<Alarm> changes) {
        this.machineId = machineId;
        this.changes = changes;
    }

    /**
     * Alarm conditions: AlarmConditionType and its subtypes. The refresh markers need no place in the where clause:
     * they ignore the content filter and reach every event item of the subscription (OPC 10000-9 4.5).
     */
    static EventFilter filter(EncodingContext context) {
        return EventFilters.ofTypes(FIELDS, List.of(NodeIds.AlarmConditionType), context);
    }

    /** The active conditions now, in the order they were raised. */
    synchronized List<Alarm> active() {
        return List.copyOf(active.values());
    }

    /**
     * Takes one event's fields, as {@link #filter} selected them.
     *
     * @param namespaces the server's table, to name a condition by namespace URI: an index may change at a restart
     */
    synchronized void onEvent(Variant[] fields, NamespaceTable namespaces, Instant receivedAt) {
        Object type = value(fields, EVENT_TYPE);
        if (NodeIds.RefreshStartEventType.equals(type)) {
            unconfirmed = new HashSet<>(active.keySet());
            return;
        }
        if (NodeIds.RefreshEndEventType.equals(type)) {
            endRefresh(receivedAt);
            return;
        }
        if (!(value(fields, CONDITION_ID) instanceof NodeId conditionId)) {
            return;
        }
        String id = conditionId.expanded(namespaces).toParseableString();
        Instant time = value(fields, TIME) instanceof DateTime t && t.isValid() && !t.isNull() ? t.getJavaInstant()
                : receivedAt;
        boolean isActive = Boolean.TRUE.equals(value(fields, ACTIVE))
                && !Boolean.FALSE.equals(value(fields, RETAIN));
        LocalizedText message = value(fields, MESSAGE) instanceof LocalizedText text ? text : LocalizedText.NULL_VALUE;
        int severity = value(fields, SEVERITY) instanceof Number n ? n.intValue() : 1;
        Alarm alarm = new Alarm(machineId, id, value(fields, SOURCE_NAME) instanceof String s ? s : "",
                message.getText() == null ? "" : message.getText(), message.getLocale(),
                Math.max(1, Math.min(Alarm.MAX_SEVERITY, severity)), isActive,
                Boolean.TRUE.equals(value(fields, ACKED)), time);
        if (unconfirmed != null) {
            unconfirmed.remove(id);
        }
        if (isActive) {
            Alarm before = active.put(id, alarm);
            if (!alarm.sameAs(before)) {
                changes.accept(alarm);
            }
        } else if (active.remove(id) != null) {
            changes.accept(alarm);
        }
    }

    private void endRefresh(Instant now) {
        if (unconfirmed == null) {
            return;
        }
        for (String id : unconfirmed) {
            Alarm gone = active.remove(id);
            if (gone != null) {
                changes.accept(gone.cleared(now));
            }
        }
        unconfirmed = null;
    }

    private static Object value(Variant[] fields, int index) {
        return index < fields.length && fields[index] != null ? fields[index].getValue() : null;
    }
}
