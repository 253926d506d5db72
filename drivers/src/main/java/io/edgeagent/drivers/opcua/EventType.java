package io.edgeagent.drivers.opcua;

import java.util.List;
import java.util.Objects;

/**
 * An event type of a profile that stands for polled variables: when the machine object is an event notifier, the
 * driver subscribes to these events with an EventFilter (a select clause per field, a where clause by type) and
 * reports each event as a set of readings, one per field, under the signal names of the variables it replaces.
 *
 * @param title     its name for people and logs, e.g. {@code CycleParametersEventType}
 * @param namespace the namespace URI of its node id
 * @param id        its numeric node id in that namespace, as the specification's nodeset gives it
 * @param fields    the fields selected, each a property of the type
 */
public record EventType(String title, String namespace, long id, List<Field> fields) {

    public EventType {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(namespace, "namespace");
        fields = List.copyOf(fields);
    }

    /**
     * One field of the event, selected by its browse name below the type.
     *
     * @param signal     the signal name its readings are reported under, the same as the variable's it replaces
     * @param namespace  the namespace URI of its browse name
     * @param browseName its browse name
     * @param dataType   the DataType the nodeset declares, by browse name; a Duration is reported in seconds
     */
    public record Field(String signal, String namespace, String browseName, String dataType) {

        public Field {
            Objects.requireNonNull(signal, "signal");
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(browseName, "browseName");
            Objects.requireNonNull(dataType, "dataType");
        }

        public OpcUaSignal.Conversion conversion() {
            return dataType.equals("Duration") ? OpcUaSignal.Conversion.MILLISECONDS_TO_SECONDS
                    : OpcUaSignal.Conversion.NONE;
        }
    }

    /** The signals its readings come under. */
    public List<String> signals() {
        return fields.stream().map(Field::signal).toList();
    }
}
