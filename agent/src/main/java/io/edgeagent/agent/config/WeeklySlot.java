package io.edgeagent.agent.config;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Hours of the week in which idle machines may be offered, in the agent's time zone. {@code from} is
 * before {@code to}; a slot never crosses midnight (write two slots instead).
 *
 * @param days the days it applies to, never empty
 * @param from start, inclusive
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
    }

    /** True when the slot was written as ending at {@code 24:00}. */
    public boolean untilEndOfDay() {
        return to.equals(LocalTime.MAX);
    }
}
