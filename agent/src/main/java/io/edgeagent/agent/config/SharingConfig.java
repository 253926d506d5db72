package io.edgeagent.agent.config;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * When idle machines may be offered to the platform ({@code sharing:}). Without a calendar nothing is
 * offered.
 *
 * @param weekly           the weekly hours in which idle machines are offered ({@code sharing.calendar.weekly})
 * @param closed           whole days nothing is offered, in agent time ({@code sharing.calendar.closed})
 * @param minWindowMinutes shorter idle windows are not offered; default 60
 * @param horizonDays      how many days ahead windows are forecast, 1..60; default 7
 * @param maintenance      planned maintenance, per machine; the machine is MAINTENANCE and not offered then
 * @param managedBy        who may change the rules above while the agent runs ({@code sharing.managedBy})
 * @param lines            where in the file each rule was written, for {@code windows} and {@code why}
 */
public record SharingConfig(List<WeeklySlot> weekly, List<LocalDate> closed, int minWindowMinutes, int horizonDays,
        List<MaintenanceSlot> maintenance, ManagedBy managedBy, SharingLines lines) {

    public static final int DEFAULT_MIN_WINDOW_MINUTES = 60;
    public static final int DEFAULT_HORIZON_DAYS = 7;

    public SharingConfig {
        weekly = List.copyOf(weekly);
        closed = List.copyOf(closed);
        maintenance = List.copyOf(maintenance);
        Objects.requireNonNull(managedBy, "managedBy");
        Objects.requireNonNull(lines, "lines");
    }

    /** Rules managed by the file, written nowhere in particular (built in code, not read from a file). */
    public SharingConfig(List<WeeklySlot> weekly, List<LocalDate> closed, int minWindowMinutes, int horizonDays,
                         List<MaintenanceSlot> maintenance) {
        this(weekly, closed, minWindowMinutes, horizonDays, maintenance, ManagedBy.FILE, SharingLines.NONE);
    }

    /** No calendar: nothing is offered. */
    public static SharingConfig none() {
        return new SharingConfig(List.of(), List.of(), DEFAULT_MIN_WINDOW_MINUTES, DEFAULT_HORIZON_DAYS, List.of());
    }

    /** Who may change the sharing rules of a running agent; its lower-case name is the file's spelling. */
    public enum ManagedBy {
        /** The config file: the platform's {@code sharing} command may read them but not change them. */
        FILE,
        /** The platform, through its {@code sharing} command; the file's rules are where it starts from. */
        PLATFORM
    }

    /**
     * The 1-based line of each rule in the config file, in the order of the rules; 0 where a rule was not written
     * (a default).
     *
     * @param weekly      one line per weekly slot
     * @param closed      one line per closed day
     * @param minWindow   the line of {@code minWindowMinutes}, 0 for the default
     * @param maintenance one line per maintenance slot
     */
    public record SharingLines(List<Integer> weekly, List<Integer> closed, int minWindow, List<Integer> maintenance) {

        public static final SharingLines NONE = new SharingLines(List.of(), List.of(), 0, List.of());

        public SharingLines {
            weekly = List.copyOf(weekly);
            closed = List.copyOf(closed);
            maintenance = List.copyOf(maintenance);
        }
    }
}
