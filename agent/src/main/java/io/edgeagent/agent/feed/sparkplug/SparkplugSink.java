package io.edgeagent.agent.feed.sparkplug;

import io.edgeagent.agent.buffer.MessageClass;
import io.edgeagent.agent.buffer.Outbox;
import io.edgeagent.agent.capacity.CapacityPicture;
import io.edgeagent.agent.capacity.CapacitySink;
import io.edgeagent.agent.capacity.CurrentReservation;
import io.edgeagent.agent.capacity.DeliveryReport;
import io.edgeagent.agent.capacity.ForecastWindow;
import io.edgeagent.agent.capacity.LiveWindow;
import io.edgeagent.agent.capacity.MeterBucket;
import io.edgeagent.agent.capacity.ReservationEvent;
import io.edgeagent.agent.config.MachineState;
import io.edgeagent.agent.feed.sparkplug.NodePicture.Change;
import io.edgeagent.agent.feed.sparkplug.NodePicture.Sample;
import io.edgeagent.agent.feed.sparkplug.NodePicture.Slot;
import io.edgeagent.agent.feed.sparkplug.SparkplugTopics.MessageType;
import io.edgeagent.agent.ingest.FeedSink;
import io.edgeagent.agent.state.AlarmChange;
import io.edgeagent.agent.state.StateChange;
import io.edgeagent.drivers.Quality;
import io.edgeagent.drivers.Reading;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.SparkplugBPayload;

/**
 * Turns ingest's and capacity's results into the Sparkplug feed's messages in the outbox: only what changed, as
 * one DDATA per machine and call, each metric by name with its own timestamp (the session puts in aliases and
 * {@code seq} as it goes out). A machine going OFFLINE gets a DDEATH after its last state, and coming back a
 * DBIRTH, which the session renders from the picture. Every message is of one class and QoS 0, so the outbox
 * keeps their order; called on the ingest thread, and on the node metrics' thread for NDATA.
 */
public final class SparkplugSink implements FeedSink, CapacitySink {

    private final Outbox outbox;
    private final SparkplugTopics topics;
    private final NodePicture picture;
    private final Clock clock;

    SparkplugSink(Outbox outbox, SparkplugTopics topics, NodePicture picture, Clock clock) {
        this.outbox = outbox;
        this.topics = topics;
        this.picture = picture;
        this.clock = clock;
    }

    @Override
    public void stateChanged(StateChange change) {
        String machine = change.machineId();
        List<Metric> changed = new ArrayList<>();
        set(machine, NodePicture.STATE, change.state().name(), change.since(), Quality.GOOD, changed);
        set(machine, NodePicture.STATE_SINCE, change.since(), change.since(), Quality.GOOD, changed);
        set(machine, NodePicture.STATE_REASON, change.reason(), change.since(), Quality.GOOD, changed);
        if (change.previous() == MachineState.OFFLINE && change.state() != MachineState.OFFLINE) {
            append(topics.device(MessageType.DBIRTH, machine), List.of());
            return;
        }
        data(machine, changed, false);
        if (change.state() == MachineState.OFFLINE) {
            append(topics.device(MessageType.DDEATH, machine), List.of());
        }
    }

    /**
     * Not a metric of the device yet (Sparkplug B 3.0 has no alarm type; a list of conditions would need metrics that
     * appear and vanish, against its birth certificate): the alarm reaches a Sparkplug host as the state's reason, a
     * DOWN that names the alarm's message.
     */
    @Override
    public void alarmChanged(AlarmChange change) {
    }

    @Override
    public void telemetry(String machineId, List<Reading> readings) {
        List<Metric> changed = new ArrayList<>();
        boolean retyped = false;
        for (Reading r : readings) {
            retyped |= set(machineId, NodePicture.signal(r.signal()), r.value(), r.sourceTime(), r.quality(), changed);
        }
        data(machineId, changed, retyped);
    }

    @Override
    public void capacity(CapacityPicture p) {
        Instant now = clock.instant();
        ForecastWindow next = p.windows().isEmpty() ? null : p.windows().get(0);
        List<Metric> changed = new ArrayList<>();
        set(p.machineId(), NodePicture.OPEN_WINDOW_SINCE, p.open() == null ? null : p.open().start(), now,
                Quality.GOOD, changed);
        set(p.machineId(), NodePicture.NEXT_WINDOW_START, next == null ? null : next.start(), now, Quality.GOOD, changed);
        set(p.machineId(), NodePicture.NEXT_WINDOW_END, next == null ? null : next.end(), now, Quality.GOOD, changed);
        set(p.machineId(), NodePicture.NEXT_WINDOW_HOURS, next == null ? null : next.machineHours(), now, Quality.GOOD,
                changed);
        data(p.machineId(), changed, false);
    }

    @Override
    public void windowClosed(LiveWindow window) {
        List<Metric> changed = new ArrayList<>();
        set(window.machineId(), NodePicture.LAST_IDLE_START, window.start(), window.end(), Quality.GOOD, changed);
        set(window.machineId(), NodePicture.LAST_IDLE_END, window.end(), window.end(), Quality.GOOD, changed);
        data(window.machineId(), changed, false);
    }

    @Override
    public void metered(MeterBucket bucket) {
        List<Metric> changed = new ArrayList<>();
        set(bucket.machineId(), NodePicture.CYCLES, bucket.cycles(), bucket.end(), Quality.GOOD, changed);
        set(bucket.machineId(), NodePicture.PARTS, bucket.parts(), bucket.end(), Quality.GOOD, changed);
        data(bucket.machineId(), changed, false);
    }

    /**
     * Reservations are made and reported on the JSON feed only (its commands take them); the Sparkplug feed
     * carries the offer, not the bookings, so these are not part of its metrics.
     */
    @Override
    public void reservations(String machineId, List<CurrentReservation> current) {
    }

    @Override
    public void reservationChanged(ReservationEvent event) {
    }

    @Override
    public void delivered(DeliveryReport report) {
    }

    /** The node's own metrics that changed, as NDATA. */
    void nodeMetrics(long uptimeSeconds, long pending, long machinesOnline) {
        Instant now = clock.instant();
        List<Metric> changed = new ArrayList<>();
        set(null, NodePicture.UPTIME, uptimeSeconds, now, Quality.GOOD, changed);
        set(null, NodePicture.PENDING, pending, now, Quality.GOOD, changed);
        set(null, NodePicture.MACHINES_ONLINE, machinesOnline, now, Quality.GOOD, changed);
        if (!changed.isEmpty()) {
            append(topics.node(MessageType.NDATA), changed);
        }
    }

    /**
     * Records a value in the picture; when it changed, adds the metric to {@code changed}. Returns whether the
     * metric's type changed, which only a new birth can tell a host. A signal the config does not know is ignored.
     */
    private boolean set(String deviceId, String name, Object value, Instant at, Quality quality, List<Metric> changed) {
        Slot slot = picture.find(deviceId, name);
        if (slot == null) {
            return false;
        }
        Change change = slot.set(new Sample(value, at, quality));
        if (change == Change.VALUE) {
            changed.add(NodePicture.metric(name, null, slot.type, value, at, quality, false));
        }
        return change == Change.TYPE;
    }

    private void data(String machineId, List<Metric> changed, boolean retyped) {
        if (retyped) {
            // The birth carries every value, the changed ones included.
            append(topics.device(MessageType.DBIRTH, machineId), List.of());
        } else if (!changed.isEmpty()) {
            append(topics.device(MessageType.DDATA, machineId), changed);
        }
    }

    private void append(String topic, List<Metric> metrics) {
        SparkplugBPayload payload = new SparkplugBPayload(Date.from(clock.instant()), metrics);
        byte[] bytes = Codec.encode(payload, false);
        outbox.append(MessageClass.TELEMETRY, topic, 0, false, seq -> bytes);
    }
}
