package io.edgeagent.agent.capacity;

import io.edgeagent.agent.config.WeeklySlot;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The time in which idle machines may be offered, from the weekly slots and closed days of
 * {@code sharing.calendar}, as instants. The rules:
 * <ul>
 *   <li>A slot applies to each of its days. It starts that day at {@code from}, and ends the same day at
 *       {@code to}; the next day at {@code to} when it is overnight ({@code to} before {@code from}); the
 *       next day at 00:00 when {@code to} is 24:00.</li>
 *   <li>A closed date removes its whole local day, {@code [00:00, next day 00:00)}: also the morning part of
 *       an overnight slot that started the day before, and the evening part of one that starts on the closed
 *       day.</li>
 *   <li>Across DST changes the slot covers its whole local span: a start or end the clock skips (spring
 *       forward) is the first instant after the gap; a time the clock repeats (fall back) starts at its first
 *       occurrence and ends at its second. So 01:00 to 05:00 lasts 3 h on the spring-forward day and 5 h on
 *       the fall-back day in Europe/Berlin.</li>
 *   <li>Without weekly slots nothing is offered.</li>
 * </ul>
 * The answer depends only on the instants asked about: a range asked in two pieces gives the same time as
 * asked whole.
 */
public final class SharingCalendar {

    private final WallClock clock;
    private final List<WeeklySlot> weekly;
    private final List<TimeSpan> closedDays;

    public SharingCalendar(ZoneId zone, List<WeeklySlot> weekly, List<LocalDate> closed) {
        this.clock = new WallClock(zone);
        this.weekly = List.copyOf(weekly);
        List<TimeSpan> days = new ArrayList<>(closed.size());
        for (LocalDate date : closed) {
            days.add(new TimeSpan(clock.startOfDay(date), clock.startOfDay(date.plusDays(1))));
        }
        this.closedDays = TimeSpans.normalize(days);
    }

    public ZoneId zone() {
        return clock.zone();
    }

    /** The offered time inside {@code range}: sorted, disjoint, touching spans merged. */
    public List<TimeSpan> offered(TimeSpan range) {
        if (weekly.isEmpty() || range.isEmpty()) {
            return List.of();
        }
        // Overnight slots of the day before reach into the range; one more day on each side covers a
        // clock turned back across midnight, where an instant's local date runs ahead of the slots around it.
        LocalDate last = clock.date(range.end()).plusDays(1);
        List<TimeSpan> slots = new ArrayList<>();
        for (LocalDate day = clock.date(range.start()).minusDays(2); !day.isAfter(last); day = day.plusDays(1)) {
            for (WeeklySlot slot : weekly) {
                if (slot.days().contains(day.getDayOfWeek())) {
                    slots.add(span(slot, day));
                }
            }
        }
        return TimeSpans.clip(TimeSpans.subtract(slots, closedDays), range);
    }

    public boolean isOffered(Instant t) {
        return !offered(new TimeSpan(t, t.plusNanos(1))).isEmpty();
    }

    private TimeSpan span(WeeklySlot slot, LocalDate day) {
        Instant start = clock.start(day.atTime(slot.from()));
        Instant end;
        if (slot.untilEndOfDay()) {
            end = clock.end(day.plusDays(1).atStartOfDay());
        } else {
            end = clock.end((slot.overnight() ? day.plusDays(1) : day).atTime(slot.to()));
        }
        return new TimeSpan(start, end);
    }
}
