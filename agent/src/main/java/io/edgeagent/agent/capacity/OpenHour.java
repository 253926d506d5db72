package io.edgeagent.agent.capacity;

import java.util.List;
import java.util.Objects;

/**
 * One machine's open metering hour with everything its reservation shares rest on, saved as one: what the meter
 * accounted, the running reservation's account, and what reservations that ended are still owed. Saved together,
 * a restart finds the three agreeing: no share counted twice, none dropped.
 *
 * @param meter    the open hour
 * @param delivery the account of the reservation running on the machine, or {@code null} when none is
 * @param owed     what reservations that ended are owed in the hours not closed yet
 */
public record OpenHour(MeterSnapshot meter, Delivery.Snapshot delivery, List<OwedShare> owed) {

    public OpenHour {
        Objects.requireNonNull(meter, "meter");
        owed = List.copyOf(owed);
    }

    public String machineId() {
        return meter.machineId();
    }
}
