package io.edgeagent.agent;

import io.edgeagent.agent.capacity.CapacityPicture;
import io.edgeagent.agent.capacity.CapacitySink;
import io.edgeagent.agent.capacity.CurrentReservation;
import io.edgeagent.agent.capacity.DeliveryReport;
import io.edgeagent.agent.capacity.LiveWindow;
import io.edgeagent.agent.capacity.MeterBucket;
import io.edgeagent.agent.capacity.ReservationEvent;
import io.edgeagent.agent.ingest.FeedSink;
import io.edgeagent.agent.state.AlarmChange;
import io.edgeagent.agent.state.StateChange;
import io.edgeagent.drivers.Reading;
import java.util.List;

/** Hands every result of ingest and capacity to two feeds, the JSON one first, when the config turns both on. */
record BothFeeds<A extends FeedSink & CapacitySink, B extends FeedSink & CapacitySink>(A first, B second)
        implements FeedSink, CapacitySink {

    @Override
    public void stateChanged(StateChange change) {
        first.stateChanged(change);
        second.stateChanged(change);
    }

    @Override
    public void telemetry(String machineId, List<Reading> readings) {
        first.telemetry(machineId, readings);
        second.telemetry(machineId, readings);
    }

    @Override
    public void alarmChanged(AlarmChange change) {
        first.alarmChanged(change);
        second.alarmChanged(change);
    }

    @Override
    public void capacity(CapacityPicture picture) {
        first.capacity(picture);
        second.capacity(picture);
    }

    @Override
    public void windowClosed(LiveWindow window) {
        first.windowClosed(window);
        second.windowClosed(window);
    }

    @Override
    public void metered(MeterBucket bucket) {
        first.metered(bucket);
        second.metered(bucket);
    }

    @Override
    public void reservations(String machineId, List<CurrentReservation> current) {
        first.reservations(machineId, current);
        second.reservations(machineId, current);
    }

    @Override
    public void reservationChanged(ReservationEvent event) {
        first.reservationChanged(event);
        second.reservationChanged(event);
    }

    @Override
    public void delivered(DeliveryReport report) {
        first.delivered(report);
        second.delivered(report);
    }
}
