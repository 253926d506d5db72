package io.edgeagent.agent.testing;

import io.edgeagent.agent.capacity.CapacityPicture;
import io.edgeagent.agent.capacity.CapacitySink;
import io.edgeagent.agent.capacity.CurrentReservation;
import io.edgeagent.agent.capacity.DeliveryReport;
import io.edgeagent.agent.capacity.LiveWindow;
import io.edgeagent.agent.capacity.MeterBucket;
import io.edgeagent.agent.capacity.ReservationEvent;
import java.util.ArrayList;
import java.util.List;

/** Keeps everything the capacity engine publishes, in order, for a test to look at; on the engine's thread only. */
public final class CapacityRecorder implements CapacitySink {

    public final List<CapacityPicture> pictures = new ArrayList<>();
    public final List<LiveWindow> windows = new ArrayList<>();
    public final List<MeterBucket> buckets = new ArrayList<>();
    public final List<List<CurrentReservation>> lists = new ArrayList<>();
    public final List<ReservationEvent> events = new ArrayList<>();
    public final List<DeliveryReport> reports = new ArrayList<>();

    @Override
    public void capacity(CapacityPicture picture) {
        pictures.add(picture);
    }

    @Override
    public void windowClosed(LiveWindow window) {
        windows.add(window);
    }

    @Override
    public void metered(MeterBucket bucket) {
        buckets.add(bucket);
    }

    @Override
    public void reservations(String machineId, List<CurrentReservation> current) {
        lists.add(current);
    }

    @Override
    public void reservationChanged(ReservationEvent event) {
        events.add(event);
    }

    @Override
    public void delivered(DeliveryReport report) {
        reports.add(report);
    }

    public CapacityPicture lastPicture() {
        return pictures.get(pictures.size() - 1);
    }

    public List<CurrentReservation> lastList() {
        return lists.get(lists.size() - 1);
    }
}
