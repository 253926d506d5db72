package io.edgeagent.agent.feed.sparkplug;

import io.edgeagent.agent.config.GpioSignalConfig;
import io.edgeagent.agent.config.MachineConfig;
import io.edgeagent.agent.config.ModbusSignalConfig;
import io.edgeagent.agent.config.SignalConfig;
import io.edgeagent.drivers.Quality;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.tahu.SparkplugInvalidTypeException;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.message.model.PropertyDataType;
import org.eclipse.tahu.message.model.PropertySet;
import org.eclipse.tahu.message.model.PropertyValue;

/**
 * Every metric the edge node and its devices (the machines) will ever report, fixed by the config: its name, its
 * alias (numbered once, in config order, so the same in every birth) and its data type, with its latest value for
 * the births. Written by the sink on the ingest thread and the node metrics' thread, read by the session on the
 * uplink's thread: the set of metrics never changes, and each metric's type and value are swapped whole.
 */
final class NodePicture {

    static final String BD_SEQ = "bdSeq";
    static final String REBIRTH = "Node Control/Rebirth";
    static final String VERSION = "Properties/Version";
    static final String HARDWARE = "Properties/Hardware";
    static final String CONFIG_HASH = "Properties/Config Hash";
    static final String UPTIME = "Node/Uptime Seconds";
    static final String PENDING = "Buffer/Pending Messages";
    static final String MACHINES_ONLINE = "Machines/Online";

    static final String STATE = "State";
    static final String STATE_SINCE = "State/Since";
    static final String STATE_REASON = "State/Reason";
    static final String OPEN_WINDOW_SINCE = "Capacity/Open Window Since";
    static final String NEXT_WINDOW_START = "Capacity/Next Window Start";
    static final String NEXT_WINDOW_END = "Capacity/Next Window End";
    static final String NEXT_WINDOW_HOURS = "Capacity/Next Window Hours";
    static final String LAST_IDLE_START = "Capacity/Last Idle Window Start";
    static final String LAST_IDLE_END = "Capacity/Last Idle Window End";
    static final String CYCLES = "Counters/Cycles";
    static final String PARTS = "Counters/Parts";
    private static final String SIGNALS = "Signals/";

    /** The quality codes of the specification's {@code Quality} property (6.4.6.2). */
    static final int QUALITY_BAD = 0;
    static final int QUALITY_STALE = 500;

    private final Map<String, Slot> node;
    private final Map<String, Map<String, Slot>> devices;

    private NodePicture(Map<String, Slot> node, Map<String, Map<String, Slot>> devices) {
        this.node = node;
        this.devices = devices;
    }

    /** The metrics of a node running {@code machines}, with the node's properties as their values. */
    static NodePicture of(List<MachineConfig> machines, String version, String hardware, String configHash) {
        long[] alias = {0};
        Map<String, Slot> node = new LinkedHashMap<>();
        Instant now = Instant.EPOCH;
        add(node, VERSION, MetricDataType.String, ++alias[0]).sample = new Sample(version, now, Quality.GOOD);
        add(node, HARDWARE, MetricDataType.String, ++alias[0]).sample = new Sample(hardware, now, Quality.GOOD);
        add(node, CONFIG_HASH, MetricDataType.String, ++alias[0]).sample = new Sample(configHash, now, Quality.GOOD);
        for (String name : List.of(UPTIME, PENDING, MACHINES_ONLINE)) {
            add(node, name, MetricDataType.Int64, ++alias[0]);
        }
        Map<String, Map<String, Slot>> devices = new LinkedHashMap<>();
        for (MachineConfig m : machines) {
            Map<String, Slot> slots = new LinkedHashMap<>();
            m.signals().forEach((name, config) -> add(slots, signal(name), typeOf(config), ++alias[0]));
            add(slots, STATE, MetricDataType.String, ++alias[0]);
            add(slots, STATE_SINCE, MetricDataType.DateTime, ++alias[0]);
            add(slots, STATE_REASON, MetricDataType.String, ++alias[0]);
            add(slots, OPEN_WINDOW_SINCE, MetricDataType.DateTime, ++alias[0]);
            add(slots, NEXT_WINDOW_START, MetricDataType.DateTime, ++alias[0]);
            add(slots, NEXT_WINDOW_END, MetricDataType.DateTime, ++alias[0]);
            add(slots, NEXT_WINDOW_HOURS, MetricDataType.Double, ++alias[0]);
            add(slots, LAST_IDLE_START, MetricDataType.DateTime, ++alias[0]);
            add(slots, LAST_IDLE_END, MetricDataType.DateTime, ++alias[0]);
            add(slots, CYCLES, MetricDataType.Int64, ++alias[0]);
            add(slots, PARTS, MetricDataType.Int64, ++alias[0]);
            devices.put(m.id(), Collections.unmodifiableMap(slots));
        }
        return new NodePicture(Collections.unmodifiableMap(node), Collections.unmodifiableMap(devices));
    }

    static String signal(String name) {
        return SIGNALS + name;
    }

    private static Slot add(Map<String, Slot> slots, String name, MetricDataType type, long alias) {
        Slot slot = new Slot(name, alias, type);
        slots.put(name, slot);
        return slot;
    }

    /**
     * A signal's type as far as the config tells it; a plain OPC UA node's is only known from its first reading,
     * and a reading of another type than the birth announced makes the sink birth the device again.
     */
    private static MetricDataType typeOf(SignalConfig config) {
        if (config instanceof GpioSignalConfig gpio) {
            return gpio.input().countsPulses() ? MetricDataType.Int64 : MetricDataType.Boolean;
        }
        if (config instanceof ModbusSignalConfig modbus) {
            if (modbus.bit() != null) {
                return MetricDataType.Boolean;
            }
            return switch (modbus.type().kind()) {
                case BOOL -> MetricDataType.Boolean;
                case STRING -> MetricDataType.String;
                case FLOAT32, FLOAT64 -> MetricDataType.Double;
                default -> modbus.scale() == 1 && modbus.offset() == 0 ? MetricDataType.Int64 : MetricDataType.Double;
            };
        }
        return MetricDataType.Double;
    }

    Set<String> deviceIds() {
        return devices.keySet();
    }

    /** A metric of the node ({@code deviceId} {@code null}) or of a device, or {@code null} when there is none. */
    Slot find(String deviceId, String name) {
        Map<String, Slot> slots = deviceId == null ? node : devices.get(deviceId);
        return slots == null ? null : slots.get(name);
    }

    Map<String, Slot> slots(String deviceId) {
        return deviceId == null ? node : devices.get(deviceId);
    }

    /**
     * The latest value of every metric of the node ({@code deviceId} {@code null}) or of one device, read once each,
     * by name; a metric without any value yet is left out.
     */
    Map<String, Sample> samples(String deviceId) {
        Map<String, Sample> samples = new LinkedHashMap<>();
        for (Slot slot : slots(deviceId).values()) {
            Sample s = slot.sample;
            if (s != null) {
                samples.put(slot.name, s);
            }
        }
        return samples;
    }

    /**
     * The birth's metrics of the node's own reported metrics, or of one device: every one, with its value in
     * {@code samples} ({@link #samples}), so that the caller knows exactly which values the birth carried.
     */
    List<Metric> birth(String deviceId, boolean aliases, Map<String, Sample> samples) {
        List<Metric> metrics = new ArrayList<>();
        for (Slot slot : slots(deviceId).values()) {
            Sample s = samples.get(slot.name);
            metrics.add(metric(slot.name, aliases ? slot.alias : null, slot.type, s == null ? null : s.value(),
                    s == null ? null : s.at(), s == null ? Quality.GOOD : s.quality(), false));
        }
        return metrics;
    }

    /**
     * A Tahu metric: by name, by alias or both; a {@code null} value is sent as {@code is_null}; a quality other than
     * good as the {@code Quality} property (500 STALE for uncertain, as the specification has no other code).
     */
    static Metric metric(String name, Long alias, MetricDataType type, Object value, Instant at, Quality quality,
                         boolean historical) {
        try {
            Metric.MetricBuilder b = new Metric.MetricBuilder(name, type, sparkplugValue(type, value));
            if (alias != null) {
                b.alias(alias);
            }
            if (at != null) {
                b.timestamp(Date.from(at));
            }
            if (quality != Quality.GOOD) {
                b.properties(new PropertySet.PropertySetBuilder().addProperty("Quality", new PropertyValue(
                        PropertyDataType.Int32, quality == Quality.BAD ? QUALITY_BAD : QUALITY_STALE)).createPropertySet());
            }
            if (historical) {
                b.isHistorical(true);
            }
            return b.createMetric();
        } catch (SparkplugInvalidTypeException e) {
            throw new IllegalArgumentException(name + ": " + value + " is not a " + type, e);
        }
    }

    /** A value as a Tahu metric of {@code type} holds it: an instant as a date, a Double's whole number as a double. */
    static Object sparkplugValue(MetricDataType type, Object value) {
        if (value instanceof Instant i) {
            return Date.from(i);
        }
        if (value instanceof Long l && type.equals(MetricDataType.Double)) {
            return l.doubleValue();
        }
        return value;
    }

    /** The type a reading's value needs: a whole number fits a Double metric, nothing else crosses types. */
    static MetricDataType naturalType(Object value, MetricDataType current) {
        if (value == null) {
            return current;
        }
        if (value instanceof Long) {
            return current.equals(MetricDataType.Double) ? current : MetricDataType.Int64;
        }
        if (value instanceof Double) {
            return MetricDataType.Double;
        }
        if (value instanceof Boolean) {
            return MetricDataType.Boolean;
        }
        if (value instanceof Instant) {
            return MetricDataType.DateTime;
        }
        return MetricDataType.String;
    }

    /** A value with when it held and how far to trust it. {@code value} is {@code null} for none. */
    record Sample(Object value, Instant at, Quality quality) {
    }

    /** One metric: name and alias fixed, type and latest value swapped whole by the writer. */
    static final class Slot {
        final String name;
        final long alias;
        volatile MetricDataType type;
        volatile Sample sample;

        Slot(String name, long alias, MetricDataType type) {
            this.name = name;
            this.alias = alias;
            this.type = type;
        }

        /**
         * What changed when {@code next} replaced the latest value. A reading that changes nothing is not kept: the
         * sample stays the one a host was sent, with the time its value began, so that a birth tells a host what one
         * that stayed connected knows (and the data that first told it is recognised as the same point).
         */
        Change set(Sample next) {
            MetricDataType needed = naturalType(next.value(), type);
            Sample previous = sample;
            if (!needed.equals(type)) {
                sample = next;
                type = needed;
                return Change.TYPE;
            }
            if (previous != null && java.util.Objects.equals(previous.value(), next.value())
                    && previous.quality() == next.quality()) {
                return Change.NONE;
            }
            sample = next;
            return Change.VALUE;
        }
    }

    enum Change {
        NONE, VALUE, TYPE
    }
}
