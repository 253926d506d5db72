package io.edgeagent.agent.capacity;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.SUNDAY;
import static java.time.DayOfWeek.THURSDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.agent.config.WeeklySlot;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class SharingCalendarTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(MONDAY, FRIDAY);
    private static final Set<DayOfWeek> EVERY_DAY = EnumSet.allOf(DayOfWeek.class);

    private static final List<ZoneId> ZONES = List.of(BERLIN, NEW_YORK, SHANGHAI, ZoneId.of("Australia/Sydney"),
            ZoneOffset.UTC);
    /** Days with DST changes in the zones above (and one without), so random ranges meet them often. */
    private static final List<LocalDate> ANCHORS = List.of(LocalDate.of(2026, 3, 8), LocalDate.of(2026, 3, 29),
            LocalDate.of(2026, 4, 5), LocalDate.of(2026, 10, 4), LocalDate.of(2026, 10, 25), LocalDate.of(2026, 11, 1),
            LocalDate.of(2026, 6, 15));

    // ---- examples ----

    @Example
    void weekdayDaytimeInShanghai() {
        SharingCalendar calendar = new SharingCalendar(SHANGHAI, List.of(slot(WEEKDAYS, "08:00", "20:00")), List.of());

        // 2026-01-05 is a Monday; +08:00 all year.
        List<TimeSpan> offered = calendar.offered(span("2026-01-05T00:00+08:00", "2026-01-12T00:00+08:00"));

        List<TimeSpan> expected = new ArrayList<>();
        for (int day = 5; day <= 9; day++) {
            expected.add(span("2026-01-%02dT08:00+08:00".formatted(day), "2026-01-%02dT20:00+08:00".formatted(day)));
        }
        assertEquals(expected, offered);
        assertEquals(SHANGHAI, calendar.zone());
        assertTrue(calendar.isOffered(at("2026-01-05T08:00+08:00")));
        assertTrue(calendar.isOffered(at("2026-01-05T19:59:59+08:00")));
        assertFalse(calendar.isOffered(at("2026-01-05T20:00+08:00")));
        assertFalse(calendar.isOffered(at("2026-01-05T07:59:59+08:00")));
        assertFalse(calendar.isOffered(at("2026-01-10T12:00+08:00")), "Saturday");
    }

    @Example
    void overnightSlotsRunIntoTheNextMorningIncludingFromTheDayBeforeTheRange() {
        Set<DayOfWeek> sundayToFriday = EnumSet.of(SUNDAY, MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY);
        SharingCalendar calendar = new SharingCalendar(ZoneOffset.UTC, List.of(slot(sundayToFriday, "22:00", "06:00")),
                List.of());

        List<TimeSpan> offered = calendar.offered(span("2026-01-05T00:00Z", "2026-01-12T00:00Z"));

        assertEquals(List.of(
                span("2026-01-05T00:00Z", "2026-01-05T06:00Z"),     // Sunday 4th's slot, begun before the range
                span("2026-01-05T22:00Z", "2026-01-06T06:00Z"),
                span("2026-01-06T22:00Z", "2026-01-07T06:00Z"),
                span("2026-01-07T22:00Z", "2026-01-08T06:00Z"),
                span("2026-01-08T22:00Z", "2026-01-09T06:00Z"),
                span("2026-01-09T22:00Z", "2026-01-10T06:00Z"),     // Friday night into Saturday
                span("2026-01-11T22:00Z", "2026-01-12T00:00Z")),    // Sunday's, cut at the range's end
                offered);
        assertTrue(calendar.isOffered(at("2026-01-10T05:59:59Z")));
        assertFalse(calendar.isOffered(at("2026-01-10T22:00Z")), "no slot starts on Saturday");
    }

    @Example
    void dayAndNightSlotsJoinIntoOneSpan() {
        SharingCalendar calendar = new SharingCalendar(SHANGHAI,
                List.of(slot(EVERY_DAY, "06:00", "22:00"), slot(EVERY_DAY, "22:00", "06:00")), List.of());

        TimeSpan week = span("2026-01-05T03:00+08:00", "2026-01-12T03:00+08:00");
        assertEquals(List.of(week), calendar.offered(week));
    }

    @Example
    void endOfDayIsTheNextMidnight() {
        SharingCalendar calendar = new SharingCalendar(SHANGHAI,
                List.of(slot(EnumSet.of(SATURDAY), "08:00", "24:00"), slot(EnumSet.of(SUNDAY), "00:00", "12:00")),
                List.of());

        assertEquals(List.of(span("2026-01-10T08:00+08:00", "2026-01-11T12:00+08:00")),
                calendar.offered(span("2026-01-05T00:00+08:00", "2026-01-12T00:00+08:00")));
        assertTrue(calendar.isOffered(at("2026-01-10T23:59:59+08:00")));
    }

    @Example
    void closedDateCutsOvernightSlotsOnBothSides() {
        SharingCalendar calendar = new SharingCalendar(SHANGHAI, List.of(slot(EVERY_DAY, "22:00", "06:00")),
                List.of(LocalDate.of(2026, 1, 7)));

        List<TimeSpan> offered = calendar.offered(span("2026-01-06T00:00+08:00", "2026-01-09T00:00+08:00"));

        assertEquals(List.of(
                span("2026-01-06T00:00+08:00", "2026-01-06T06:00+08:00"),
                span("2026-01-06T22:00+08:00", "2026-01-07T00:00+08:00"),   // Tuesday's night stops at the closed day
                span("2026-01-08T00:00+08:00", "2026-01-08T06:00+08:00"),   // the closed day's night starts after it
                span("2026-01-08T22:00+08:00", "2026-01-09T00:00+08:00")),
                offered);
    }

    @Example
    void withoutWeeklySlotsNothingIsOffered() {
        SharingCalendar calendar = new SharingCalendar(SHANGHAI, List.of(), List.of());

        assertEquals(List.of(), calendar.offered(span("2026-01-05T00:00Z", "2026-02-05T00:00Z")));
        assertFalse(calendar.isOffered(at("2026-01-05T12:00Z")));
    }

    @Example
    void springForwardInBerlinShortensTheSlot() {
        // 2026-03-29: 02:00 CET becomes 03:00 CEST.
        SharingCalendar calendar = new SharingCalendar(BERLIN, List.of(slot(EnumSet.of(SUNDAY), "01:00", "05:00")),
                List.of());

        List<TimeSpan> offered = calendar.offered(span("2026-03-28T00:00Z", "2026-03-30T00:00Z"));

        assertEquals(List.of(span("2026-03-29T01:00+01:00", "2026-03-29T05:00+02:00")), offered);
        assertEquals(Duration.ofHours(3), offered.get(0).duration());
    }

    @Example
    void fallBackInBerlinLengthensTheSlot() {
        // 2026-10-25: 03:00 CEST becomes 02:00 CET.
        SharingCalendar calendar = new SharingCalendar(BERLIN, List.of(slot(EnumSet.of(SUNDAY), "01:00", "05:00")),
                List.of());

        List<TimeSpan> offered = calendar.offered(span("2026-10-24T00:00Z", "2026-10-26T00:00Z"));

        assertEquals(List.of(span("2026-10-25T01:00+02:00", "2026-10-25T05:00+01:00")), offered);
        assertEquals(Duration.ofHours(5), offered.get(0).duration());
    }

    @Example
    void startOrEndInsideTheSpringGapIsTheEndOfTheGap() {
        TimeSpan day = span("2026-03-28T12:00Z", "2026-03-30T00:00Z");
        Instant endOfGap = at("2026-03-29T03:00+02:00");

        SharingCalendar startsInGap = new SharingCalendar(BERLIN,
                List.of(slot(EnumSet.of(SUNDAY), "02:30", "05:00")), List.of());
        assertEquals(List.of(new TimeSpan(endOfGap, at("2026-03-29T05:00+02:00"))), startsInGap.offered(day));

        SharingCalendar endsInGap = new SharingCalendar(BERLIN,
                List.of(slot(EnumSet.of(SATURDAY), "22:00", "02:30")), List.of());
        assertEquals(List.of(new TimeSpan(at("2026-03-28T22:00+01:00"), endOfGap)), endsInGap.offered(day));
    }

    @Example
    void repeatedTimesStartAtTheFirstAndEndAtTheSecondOccurrence() {
        TimeSpan days = span("2026-10-24T00:00Z", "2026-10-26T00:00Z");

        SharingCalendar startsRepeated = new SharingCalendar(BERLIN,
                List.of(slot(EnumSet.of(SUNDAY), "02:30", "04:00")), List.of());
        assertEquals(List.of(span("2026-10-25T02:30+02:00", "2026-10-25T04:00+01:00")), startsRepeated.offered(days));

        SharingCalendar endsRepeated = new SharingCalendar(BERLIN,
                List.of(slot(EnumSet.of(SATURDAY), "23:00", "02:30")), List.of());
        assertEquals(List.of(span("2026-10-24T23:00+02:00", "2026-10-25T02:30+01:00")), endsRepeated.offered(days));
    }

    @Example
    void overnightSlotsAcrossNewYorkClockChanges() {
        SharingCalendar calendar = new SharingCalendar(NEW_YORK, List.of(slot(EnumSet.of(SATURDAY), "22:00", "06:00")),
                List.of());

        // Spring forward 2026-03-08 02:00 EST -> 03:00 EDT: the night is an hour short.
        List<TimeSpan> march = calendar.offered(span("2026-03-07T00:00Z", "2026-03-10T00:00Z"));
        assertEquals(List.of(span("2026-03-07T22:00-05:00", "2026-03-08T06:00-04:00")), march);
        assertEquals(Duration.ofHours(7), march.get(0).duration());

        // Fall back 2026-11-01 02:00 EDT -> 01:00 EST: an hour long.
        List<TimeSpan> november = calendar.offered(span("2026-10-31T00:00Z", "2026-11-03T00:00Z"));
        assertEquals(List.of(span("2026-10-31T22:00-04:00", "2026-11-01T06:00-05:00")), november);
        assertEquals(Duration.ofHours(9), november.get(0).duration());
    }

    // ---- properties ----

    record Scenario(ZoneId zone, List<WeeklySlot> weekly, List<LocalDate> closed, TimeSpan range, Instant split) {

        SharingCalendar calendar() {
            return new SharingCalendar(zone, weekly, closed);
        }
    }

    @Property
    void offeredTimeIsInsideTheRangeSortedDisjointAndNeverOnClosedDays(@ForAll("scenarios") Scenario s) {
        List<TimeSpan> offered = s.calendar().offered(s.range());

        for (int i = 0; i < offered.size(); i++) {
            TimeSpan span = offered.get(i);
            assertFalse(span.isEmpty());
            assertTrue(s.range().encloses(span), span + " outside " + s.range());
            if (i > 0) {
                assertTrue(offered.get(i - 1).end().isBefore(span.start()), "sorted, disjoint, merged: " + offered);
            }
            for (LocalDate date : s.closed()) {
                TimeSpan closedDay = new TimeSpan(date.atStartOfDay(s.zone()).toInstant(),
                        date.plusDays(1).atStartOfDay(s.zone()).toInstant());
                assertFalse(span.overlaps(closedDay), span + " on closed " + date);
            }
        }
        if (s.weekly().isEmpty()) {
            assertEquals(List.of(), offered);
        }
    }

    @Property
    void isOfferedAgreesWithTheOfferedSpans(@ForAll("scenarios") Scenario s) {
        SharingCalendar calendar = s.calendar();
        List<TimeSpan> offered = calendar.offered(s.range());

        for (TimeSpan span : offered) {
            assertTrue(calendar.isOffered(span.start()), "start of " + span);
            assertTrue(calendar.isOffered(span.end().minusNanos(1)), "last instant of " + span);
            assertTrue(calendar.isOffered(span.start().plus(span.duration().dividedBy(2))), "middle of " + span);
            if (s.range().end().isAfter(span.end())) {
                assertFalse(calendar.isOffered(span.end()), "end of " + span + " (merged spans never touch)");
            }
        }
        for (Instant t : samples(s.range())) {
            assertEquals(offered.stream().anyMatch(span -> span.contains(t)), calendar.isOffered(t), t.toString());
        }
    }

    /**
     * An oracle that reads the wall clock instead of building spans. It disagrees with the calendar only
     * where the local time is repeated (fall back), which the calendar resolves to the whole local span.
     */
    @Property
    void isOfferedMatchesTheWallClockWhereTheLocalTimeIsUnambiguous(@ForAll("scenarios") Scenario s) {
        SharingCalendar calendar = s.calendar();
        List<Instant> probes = new ArrayList<>(samples(s.range()));
        for (TimeSpan span : calendar.offered(s.range())) {
            for (Instant edge : List.of(span.start(), span.end())) {
                probes.add(edge);
                probes.add(edge.minusNanos(1));
            }
        }
        for (Instant t : probes) {
            LocalDateTime local = LocalDateTime.ofInstant(t, s.zone());
            if (s.zone().getRules().getValidOffsets(local).size() == 1) {
                assertEquals(wallClockSaysOffered(s, local), calendar.isOffered(t), t + " = " + local);
            }
        }
    }

    @Property
    void askingInTwoPiecesGivesTheSameAsAskingWhole(@ForAll("scenarios") Scenario s) {
        SharingCalendar calendar = s.calendar();
        TimeSpan range = s.range();
        List<TimeSpan> pieces = new ArrayList<>(calendar.offered(new TimeSpan(range.start(), s.split())));
        pieces.addAll(calendar.offered(new TimeSpan(s.split(), range.end())));

        List<TimeSpan> whole = calendar.offered(range);

        assertEquals(whole, TimeSpans.normalize(pieces));
        TimeSpan later = new TimeSpan(s.split(), range.end());
        assertEquals(TimeSpans.clip(whole, later), calendar.offered(later), "recomputed with a later start");
    }

    // No flatMap: combined arbitraries shrink quickly, so a broken rule is reported in seconds.
    @Provide
    Arbitrary<Scenario> scenarios() {
        return Combinators.combine(
                Arbitraries.of(ANCHORS),
                Arbitraries.of(ZONES),
                weeklySlots().list().ofMaxSize(4),
                Arbitraries.integers().between(-4, 9).list().ofMaxSize(3),
                Arbitraries.longs().between(-3 * 86_400L, 3 * 86_400L),
                Arbitraries.longs().between(0, 5 * 86_400L),
                Arbitraries.longs().between(0, 1000))
                .as((anchor, zone, weekly, closedDays, offset, length, permille) -> {
                    Instant start = anchor.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(offset);
                    List<LocalDate> closed = closedDays.stream().map(anchor::plusDays).toList();
                    return new Scenario(zone, weekly, closed, new TimeSpan(start, start.plusSeconds(length)),
                            start.plusSeconds(length * permille / 1000));
                });
    }

    /** Quarter hours, so slots meet DST changes (at full hours) exactly; including overnight and 24:00. */
    private static Arbitrary<WeeklySlot> weeklySlots() {
        return Combinators.combine(Arbitraries.subsetOf(DayOfWeek.values()).ofMinSize(1),
                Arbitraries.integers().between(0, 95), Arbitraries.integers().between(1, 95),
                Arbitraries.of(true, false))
                .as((days, from, length, endOfDayAsMax) -> {
                    int to = from + length;
                    LocalTime end = to == 96 && endOfDayAsMax ? LocalTime.MAX : quarter(to % 96);
                    return new WeeklySlot(days, quarter(from), end);
                });
    }

    private static boolean wallClockSaysOffered(Scenario s, LocalDateTime local) {
        LocalDate date = local.toLocalDate();
        LocalTime time = local.toLocalTime();
        if (s.closed().contains(date)) {
            return false;
        }
        for (WeeklySlot slot : s.weekly()) {
            boolean fromToday = slot.days().contains(date.getDayOfWeek()) && !time.isBefore(slot.from())
                    && (slot.overnight() || slot.untilEndOfDay() || time.isBefore(slot.to()));
            boolean fromYesterday = slot.overnight() && slot.days().contains(date.minusDays(1).getDayOfWeek())
                    && time.isBefore(slot.to());
            if (fromToday || fromYesterday) {
                return true;
            }
        }
        return false;
    }

    /** Instants spread over the range, off the quarter-hour grid, plus its edges. */
    private static List<Instant> samples(TimeSpan range) {
        List<Instant> out = new ArrayList<>();
        if (range.isEmpty()) {
            return out;
        }
        Duration step = range.duration().dividedBy(97);
        for (int i = 0; i < 97; i++) {
            out.add(range.start().plus(step.multipliedBy(i)));
        }
        out.add(range.end().minusNanos(1));
        return out;
    }

    private static LocalTime quarter(int index) {
        return LocalTime.of(index / 4, index % 4 * 15);
    }

    private static WeeklySlot slot(Set<DayOfWeek> days, String from, String to) {
        return new WeeklySlot(days, LocalTime.parse(from), to.equals("24:00") ? LocalTime.MAX : LocalTime.parse(to));
    }

    private static Instant at(String offsetDateTime) {
        return OffsetDateTime.parse(offsetDateTime).toInstant();
    }

    private static TimeSpan span(String from, String to) {
        return new TimeSpan(at(from), at(to));
    }
}
