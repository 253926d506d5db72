package io.edgeagent.agent.config;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Hours of the week in which idle machines may be offered, in the agent's time zone. The slot starts on
 * each of its days at {@code from}. It ends the same day at {@code to} when {@code to} is later, and the
 * next day at {@code to} when {@code to} is earlier: {@code from: "22:00", to: "06:00"} on FRI runs from
 * Friday 22:00 to Saturday 06:00 (see {@link #overnight()}). {@code from} and {@code to} are never equal,
 * since that slot would be either empty or a full day, and the file cannot say which.
 *
 * @param days the days it starts on, never empty
 * @param from start, inclusive; a time of day, never {@link LocalTime#MAX}
 * @param to   end, exclusive; {@code "24:00"} in the file is {@link LocalTime#MAX} here, meaning the end of
 *             the day (see {@link #untilEndOfDay()})
 */
public record WeeklySlot(Set<DayOfWeek> days, LocalTime from, LocalTime to) {

    public WeeklySlot {
        if (days.isEmpty()) {
            throw new IllegalArgumentException("a weekly slot needs at least one day");
        }
        days = Collections.unmodifiableSet(EnumSet.copyOf(days));
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.equals(LocalTime.MAX)) {
            throw new IllegalArgumentException("a weekly slot cannot start at 24:00");
        }
        if (from.equals(to)) {
            throw new IllegalArgumentException("a weekly slot of zero length: from and to are both " + from);
        }
    }

    /** True when the slot was written as ending at {@code 24:00}. */
    public boolean untilEndOfDay() {
        return to.equals(LocalTime.MAX);
    }

    /** True when the slot ends on the next day, at {@code to}. */
    public boolean overnight() {
        return to.isBefore(from);
    }
}
