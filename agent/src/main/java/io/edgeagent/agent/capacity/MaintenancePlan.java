package io.edgeagent.agent.capacity;

import io.edgeagent.agent.config.MaintenanceSlot;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Planned maintenance ({@code sharing.maintenance}) as instants, per machine. Local times resolve as in
 * {@link SharingCalendar}: a start the clock repeats takes its first occurrence, an end its second, and a
 * time the clock skips is the first instant after the gap. Overlapping or touching slots of one machine
 * are one span.
 */
public final class MaintenancePlan {

    private final Map<String, List<TimeSpan>> byMachine;

    public MaintenancePlan(ZoneId zone, List<MaintenanceSlot> slots) {
        WallClock clock = new WallClock(zone);
        Map<String, List<TimeSpan>> spans = new HashMap<>();
        for (MaintenanceSlot slot : slots) {
            spans.computeIfAbsent(slot.machine(), id -> new ArrayList<>())
                    .add(new TimeSpan(clock.start(slot.from()), clock.end(slot.to())));
        }
        Map<String, List<TimeSpan>> normalized = new HashMap<>();
        spans.forEach((machine, list) -> normalized.put(machine, TimeSpans.normalize(list)));
        this.byMachine = Map.copyOf(normalized);
    }

    /** The machine's maintenance: sorted, disjoint, touching spans merged; empty for a machine without any. */
    public List<TimeSpan> spans(String machineId) {
        return byMachine.getOrDefault(machineId, List.of());
    }

    /** The maintenance span of the machine in force at {@code t}, whole (not cut at {@code t}). */
    public Optional<TimeSpan> at(String machineId, Instant t) {
        return TimeSpans.containing(spans(machineId), t);
    }
}
