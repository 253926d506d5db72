package io.edgeagent.agent.feed.json;

import io.edgeagent.agent.buffer.MessageClass;
import io.edgeagent.agent.buffer.Outbox;
import io.edgeagent.agent.capacity.CapacityPicture;
import io.edgeagent.agent.capacity.CapacitySink;
import io.edgeagent.agent.capacity.CurrentReservation;
import io.edgeagent.agent.capacity.DeliveryReport;
import io.edgeagent.agent.capacity.LiveWindow;
import io.edgeagent.agent.capacity.MeterBucket;
import io.edgeagent.agent.capacity.Reservation;
import io.edgeagent.agent.capacity.ReservationEvent;
import io.edgeagent.agent.config.MachineConfig;
import io.edgeagent.agent.ingest.FeedSink;
import io.edgeagent.agent.state.AlarmChange;
import io.edgeagent.agent.state.StateChange;
import io.edgeagent.agent.storage.MovedAside;
import io.edgeagent.drivers.Reading;
import java.time.ZoneId;
import java.util.List;

/**
 * Turns ingest and capacity results into the JSON feed's messages in the outbox: states, capacity and
 * capability and the reservation lists retained, windows, metering, reservation changes and delivery reports as
 * events at QoS 1, telemetry batched at the configured QoS.
 */
public final class OutboxFeedSink implements FeedSink, CapacitySink {

    private final Outbox outbox;
    private final Payloads payloads;
    private final Topics topics;
    private final int telemetryQos;
    private final ZoneId zone;

    public OutboxFeedSink(Outbox outbox, Payloads payloads, Topics topics, int telemetryQos, ZoneId zone) {
        this.outbox = outbox;
        this.payloads = payloads;
        this.topics = topics;
        this.telemetryQos = telemetryQos;
        this.zone = zone;
    }

    /** Tells the platform a store was found damaged at start and moved aside, with what that lost. */
    public void storageReset(String store, MovedAside reset) {
        outbox.append(MessageClass.EVENT, topics.events(), 1, false, seq -> payloads.storageReset(seq, store, reset));
    }

    @Override
    public void stateChanged(StateChange change) {
        outbox.append(MessageClass.EVENT, topics.machineState(change.machineId()), 1, true,
                seq -> payloads.state(seq, change));
    }

    @Override
    public void telemetry(String machineId, List<Reading> readings) {
        outbox.append(MessageClass.TELEMETRY, topics.machineTelemetry(machineId), telemetryQos, false,
                seq -> payloads.telemetry(seq, machineId, readings));
    }

    /** The change first, then the list it leaves, so a subscriber to both never sees a list ahead of its change. */
    @Override
    public void alarmChanged(AlarmChange change) {
        outbox.append(MessageClass.EVENT, topics.machineAlarmChanges(change.machineId()), 1, false,
                seq -> payloads.alarmChange(seq, change));
        outbox.append(MessageClass.EVENT, topics.machineAlarms(change.machineId()), 1, true,
                seq -> payloads.alarms(seq, change));
    }

    @Override
    public void capacity(CapacityPicture picture) {
        outbox.append(MessageClass.EVENT, topics.machineCapacity(picture.machineId()), 1, true,
                seq -> payloads.capacity(seq, picture));
    }

    @Override
    public void windowClosed(LiveWindow window) {
        outbox.append(MessageClass.EVENT, topics.machineWindows(window.machineId()), 1, false,
                seq -> payloads.window(seq, window));
    }

    @Override
    public void metered(MeterBucket bucket) {
        outbox.append(MessageClass.EVENT, topics.machineMetering(bucket.machineId()), 1, false,
                seq -> payloads.metering(seq, bucket, zone));
    }

    @Override
    public void reservations(String machineId, List<CurrentReservation> current) {
        outbox.append(MessageClass.EVENT, topics.machineReservations(machineId), 1, true,
                seq -> payloads.reservations(seq, machineId, current));
    }

    @Override
    public void reservationChanged(ReservationEvent event) {
        outbox.append(MessageClass.EVENT, topics.machineReservationEvents(event.reservation().machineId()), 1, false,
                seq -> payloads.reservationEvent(seq, event));
    }

    @Override
    public void delivered(DeliveryReport report) {
        Reservation r = report.reservation();
        outbox.append(MessageClass.EVENT, topics.machineReservationReport(r.machineId(), r.id()), 1, false,
                seq -> payloads.deliveryReport(seq, report));
    }

    /** What the machine can do, retained; sent at every start so a changed config reaches the platform. */
    public void capability(MachineConfig machine) {
        outbox.append(MessageClass.EVENT, topics.machineCapability(machine.id()), 1, true,
                seq -> payloads.capability(seq, machine));
    }
}
