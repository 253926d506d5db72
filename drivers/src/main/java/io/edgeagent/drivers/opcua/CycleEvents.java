package io.edgeagent.drivers.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.edgeagent.drivers.Quality;
import io.edgeagent.drivers.Reading;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.encoding.EncodingContext;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.eclipse.milo.opcua.stack.core.types.structured.EventFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.SimpleAttributeOperand;

/**
 * A profile's {@link EventType} on one server: the EventFilter that asks for it, and each event it sends turned into
 * readings, one per field, stamped with the event's Time.
 */
final class CycleEvents {

    /** EventType and Time come first, then the type's fields. */
    private static final int FIRST_FIELD = 2;
    private static final Set<NodeId> REFRESH_MARKERS = Set.of(NodeIds.RefreshStartEventType,
            NodeIds.RefreshEndEventType, NodeIds.RefreshRequiredEventType);

    private final EventType type;
    private final NodeId typeId;
    private final List<SimpleAttributeOperand> fields;

    private CycleEvents(EventType type, NodeId typeId, List<SimpleAttributeOperand> fields) {
        this.type = type;
        this.typeId = typeId;
        this.fields = fields;
    }

    /** The type as this server numbers its namespace; empty when the server lacks the namespace. */
    static Optional<CycleEvents> on(EventType type, NamespaceTable namespaces) {
        UShort index = namespaces.getIndex(type.namespace());
        if (index == null) {
            return Optional.empty();
        }
        NodeId typeId = new NodeId(index, uint(type.id()));
        List<SimpleAttributeOperand> fields = new ArrayList<>();
        fields.add(EventFilters.field(NodeIds.BaseEventType, new QualifiedName(0, "EventType")));
        fields.add(EventFilters.field(NodeIds.BaseEventType, new QualifiedName(0, "Time")));
        for (EventType.Field field : type.fields()) {
            UShort fieldNamespace = namespaces.getIndex(field.namespace());
            if (fieldNamespace == null) {
                return Optional.empty();
            }
            fields.add(EventFilters.field(typeId, new QualifiedName(fieldNamespace, field.browseName())));
        }
        return Optional.of(new CycleEvents(type, typeId, List.copyOf(fields)));
    }

    EventType type() {
        return type;
    }

    EventFilter filter(EncodingContext context) {
        return EventFilters.ofTypes(fields, List.of(typeId), context);
    }

    /**
     * One reading per field; a field the event lacks (the server sent null) is a BAD reading, so a rule never takes a
     * stale value from a former event for this one's. None for a ConditionRefresh's markers, which reach every event
     * item whatever its filter (OPC 10000-9 4.5).
     */
    List<Reading> readings(String machineId, Variant[] values, Instant receivedAt) {
        if (values.length < FIRST_FIELD
                || values[0].getValue() instanceof NodeId eventType && REFRESH_MARKERS.contains(eventType)) {
            return List.of();
        }
        Instant time = receivedAt;
        if (values[1].getValue() instanceof DateTime at && at.isValid() && !at.isNull()) {
            time = at.getJavaInstant();
        }
        List<Reading> readings = new ArrayList<>(type.fields().size());
        for (int i = 0; i < type.fields().size(); i++) {
            EventType.Field field = type.fields().get(i);
            Object raw = i + FIRST_FIELD < values.length ? values[i + FIRST_FIELD].getValue() : null;
            if (raw == null) {
                readings.add(new Reading(machineId, field.signal(), null, time, Quality.BAD,
                        type.title() + " without " + field.browseName()));
                continue;
            }
            DataValue value = new DataValue(new Variant(raw), StatusCode.GOOD, new DateTime(time), null);
            readings.add(DataValues.toReading(machineId, field.signal(), value, receivedAt, field.conversion()));
        }
        return readings;
    }
}
