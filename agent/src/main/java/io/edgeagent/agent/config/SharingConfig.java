package io.edgeagent.agent.config;

import java.time.LocalDate;
import java.util.List;

/**
 * When idle machines may be offered to the platform ({@code sharing:}). Without a calendar nothing is
 * offered.
 *
 * @param weekly           the weekly hours in which idle machines are offered ({@code sharing.calendar.weekly})
 * @param closed           whole days nothing is offered, in agent time ({@code sharing.calendar.closed})
 * @param minWindowMinutes shorter idle windows are not offered; default 60
 * @param horizonDays      how many days ahead windows are forecast, 1..60; default 7
 * @param maintenance      planned maintenance, per machine; the machine is MAINTENANCE and not offered then
 */
public record SharingConfig(List<WeeklySlot> weekly, List<LocalDate> closed, int minWindowMinutes, int horizonDays,
        List<MaintenanceSlot> maintenance) {

    public static final int DEFAULT_MIN_WINDOW_MINUTES = 60;
    public static final int DEFAULT_HORIZON_DAYS = 7;

    public SharingConfig {
        weekly = List.copyOf(weekly);
        closed = List.copyOf(closed);
        maintenance = List.copyOf(maintenance);
    }

    /** No calendar: nothing is offered. */
    public static SharingConfig none() {
        return new SharingConfig(List.of(), List.of(), DEFAULT_MIN_WINDOW_MINUTES, DEFAULT_HORIZON_DAYS, List.of());
    }
}
