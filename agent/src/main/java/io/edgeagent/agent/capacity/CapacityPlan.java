package io.edgeagent.agent.capacity;

import io.edgeagent.agent.config.AgentConfig;
import io.edgeagent.agent.config.MachineConfig;
import io.edgeagent.agent.config.SharingConfig;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * The configured side of capacity: when machines may be offered, how far ahead, and what each machine
 * makes per cycle.
 *
 * @param zone        the agent's time zone: calendar, maintenance and metering hours
 * @param calendar    the sharing calendar
 * @param maintenance planned maintenance per machine
 * @param minWindow   shorter forecast windows are not offered
 * @param horizon     how far ahead windows are forecast
 * @param machines    the machines, in config order
 */
public record CapacityPlan(ZoneId zone, SharingCalendar calendar, MaintenancePlan maintenance, Duration minWindow,
        Duration horizon, List<Machine> machines) {

    public CapacityPlan {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(calendar, "calendar");
        Objects.requireNonNull(maintenance, "maintenance");
        Objects.requireNonNull(minWindow, "minWindow");
        Objects.requireNonNull(horizon, "horizon");
        machines = List.copyOf(machines);
    }

    /**
     * One machine as capacity sees it.
     *
     * @param id             the machine id
     * @param nominalSeconds the configured cycle time, or {@code null}; a measured one takes precedence
     * @param cavities       parts per cycle, or {@code null}
     */
    public record Machine(String id, Double nominalSeconds, Integer cavities) {

        public Machine {
            Objects.requireNonNull(id, "id");
        }
    }

    public static CapacityPlan from(AgentConfig config) {
        ZoneId zone = config.agent().timezone();
        SharingConfig sharing = config.sharing();
        List<Machine> machines = config.machines().stream().map(CapacityPlan::machine).toList();
        return new CapacityPlan(zone, new SharingCalendar(zone, sharing.weekly(), sharing.closed()),
                new MaintenancePlan(zone, sharing.maintenance()), Duration.ofMinutes(sharing.minWindowMinutes()),
                Duration.ofDays(sharing.horizonDays()), machines);
    }

    private static Machine machine(MachineConfig m) {
        return m.cycle() == null ? new Machine(m.id(), null, null)
                : new Machine(m.id(), m.cycle().nominalSeconds(), m.cycle().cavities());
    }
}
