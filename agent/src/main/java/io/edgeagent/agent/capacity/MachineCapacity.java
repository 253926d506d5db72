package io.edgeagent.agent.capacity;

import io.edgeagent.agent.config.MachineState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Everything capacity knows about one machine: its state, meter, live window, learned profile, the
 * offered time around now and the last forecast. Mutable, owned by {@link CapacityEngine}'s thread.
 */
final class MachineCapacity {

    final CapacityPlan.Machine spec;
    final Meter meter;
    final LiveWindowTracker live;
    final UsageProfile profile;
    MachineState state;
    /** The machine's sharing rules: from the plan, until the platform swaps them ({@link CapacityEngine#offer}). */
    SharingCalendar calendar;
    List<TimeSpan> maintenance;
    ForecastPlanner planner;
    /** Why the machine is in {@link #state}, as the state rules said. */
    String reason;
    /** The account of the reservation running now, or {@code null}. */
    Delivery delivery;
    /** The latest value of each of {@link Delivery#JOB_SIGNALS} the machine has. */
    final Map<String, String> jobs = new LinkedHashMap<>();
    /** What reservations that ended are owed in the hours not closed yet: published as their shares when they close. */
    final List<OwedShare> owed = new ArrayList<>();
    /** Whether a reservation began or ended since the open hour was last saved. */
    boolean unsaved;
    /** Calendar minus maintenance over {@link #offeredRange}; reservations not yet removed. */
    List<TimeSpan> calendarTime = List.of();
    TimeSpan offeredRange;
    /** {@link #calendarTime} minus this machine's reservations. */
    List<TimeSpan> offered = List.of();
    List<ForecastWindow> forecast = List.of();
    CapacityPicture published;

    MachineCapacity(CapacityPlan.Machine spec, Meter meter, UsageProfile profile, SharingCalendar calendar,
                    List<TimeSpan> maintenance, ForecastPlanner planner) {
        this.spec = spec;
        this.calendar = calendar;
        this.maintenance = maintenance;
        this.planner = planner;
        this.meter = meter;
        this.live = new LiveWindowTracker(spec.id());
        this.profile = profile;
    }

    String id() {
        return spec.id();
    }

    /** The measured cycle time, else the configured one, else {@code null}. */
    Double cycleSeconds() {
        OptionalDouble measured = meter.measuredCycleSeconds();
        return measured.isPresent() ? Double.valueOf(measured.getAsDouble()) : spec.nominalSeconds();
    }

    /** A machine that is down, offline or not yet known is offered nothing, not even in the forecast. */
    boolean canBeOffered() {
        return state != null && state != MachineState.OFFLINE && state != MachineState.DOWN;
    }

    boolean offeredRangeCovers(Instant from, Instant to) {
        return offeredRange != null && !offeredRange.start().isAfter(from) && !offeredRange.end().isBefore(to);
    }
}
