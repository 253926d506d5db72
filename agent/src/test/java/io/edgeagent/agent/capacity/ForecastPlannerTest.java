package io.edgeagent.agent.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.edgeagent.agent.config.MachineState;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForecastPlannerTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final String MACHINE = "imm-07";
    /** Tuesday 2026-12-01; Berlin is on CET (UTC+1) from November to March. */
    private static final Instant TUE_0800Z = Instant.parse("2026-12-01T08:00:00Z");
    private static final Instant EARLIER = Instant.parse("2026-11-30T00:00:00Z");

    private final ForecastPlanner planner = new ForecastPlanner(Duration.ofMinutes(60), ForecastPlanner.DEFAULT_BUSY_THRESHOLD);

    @Test
    void anEmptyProfileOffersWholeSpansWithLowConfidence() {
        List<TimeSpan> offered = List.of(span("2026-12-01T08:00:00Z", "2026-12-01T16:00:00Z"),
                span("2026-12-02T08:00:00Z", "2026-12-02T12:00:00Z"));

        List<ForecastWindow> windows = planner.plan(MACHINE, offered, UsageProfile.empty(BERLIN), EARLIER, null, null);

        assertEquals(List.of(
                new ForecastWindow("imm-07-20261201T0800Z", TUE_0800Z, TUE_0800Z.plus(Duration.ofHours(8)), 0.3, 8.0, null, null),
                new ForecastWindow("imm-07-20261202T0800Z", Instant.parse("2026-12-02T08:00:00Z"),
                        Instant.parse("2026-12-02T12:00:00Z"), 0.3, 4.0, null, null)), windows);
    }

    @Test
    void anHourLearnedBusyFourWeeksRunningSplitsTheWindow() {
        UsageProfile profile = UsageProfile.empty(BERLIN);
        for (int week = 1; week <= 4; week++) {
            // Tuesdays 12:00 local (11:00Z) producing, 09:00 local (08:00Z) idle.
            profile.learn(bucket(TUE_0800Z.plus(Duration.ofHours(3)).minus(Duration.ofDays(7L * week)), Map.of(MachineState.RUNNING, 60)));
            profile.learn(bucket(TUE_0800Z.minus(Duration.ofDays(7L * week)), Map.of(MachineState.IDLE, 60)));
        }
        // Tuesday 14:00 local (13:00Z) seen once, busy 18 of 60 minutes: below the threshold, barely known.
        profile.learn(bucket(TUE_0800Z.plus(Duration.ofHours(5)).minus(Duration.ofDays(7)),
                Map.of(MachineState.RUNNING, 18, MachineState.IDLE, 42)));

        List<ForecastWindow> windows = planner.plan(MACHINE, List.of(span("2026-12-01T08:00:00Z", "2026-12-01T16:00:00Z")),
                profile, EARLIER, null, null);

        assertEquals(2, windows.size());
        ForecastWindow morning = windows.get(0);
        assertEquals("imm-07-20261201T0800Z", morning.id());
        assertEquals(span("2026-12-01T08:00:00Z", "2026-12-01T11:00:00Z"), morning.span());
        // A mature free hour (1.0) and two unknown hours (0.3 each).
        assertEquals(0.533, morning.confidence());
        assertEquals(3.0, morning.machineHours());
        ForecastWindow afternoon = windows.get(1);
        assertEquals("imm-07-20261201T1200Z", afternoon.id());
        assertEquals(span("2026-12-01T12:00:00Z", "2026-12-01T16:00:00Z"), afternoon.span());
        // 13:00Z: m = 1/4, busy 0.3 -> 0.75 * 0.3 + 0.25 * 0.7 = 0.4; the other three hours 0.3.
        assertEquals(0.325, afternoon.confidence());
    }

    @Test
    void aShareAtTheThresholdIsExpectedOwnUse() {
        UsageProfile profile = UsageProfile.empty(BERLIN);
        profile.learn(bucket(TUE_0800Z.plus(Duration.ofHours(1)).minus(Duration.ofDays(7)),
                Map.of(MachineState.SETUP, 30, MachineState.IDLE, 30)));
        List<TimeSpan> offered = List.of(span("2026-12-01T08:00:00Z", "2026-12-01T12:00:00Z"));

        assertEquals(List.of(span("2026-12-01T08:00:00Z", "2026-12-01T09:00:00Z"), span("2026-12-01T10:00:00Z", "2026-12-01T12:00:00Z")),
                spans(planner.plan(MACHINE, offered, profile, EARLIER, null, null)), "the 09:00Z hour is dropped");
        assertEquals(List.of(span("2026-12-01T08:00:00Z", "2026-12-01T12:00:00Z")),
                spans(new ForecastPlanner(Duration.ofMinutes(60), 0.51).plan(MACHINE, offered, profile, EARLIER, null, null)));
    }

    @Test
    void windowsShorterThanTheMinimumAreDropped() {
        UsageProfile profile = UsageProfile.empty(BERLIN);
        profile.learn(bucket(TUE_0800Z.plus(Duration.ofHours(1)).minus(Duration.ofDays(7)), Map.of(MachineState.DOWN, 60)));
        List<TimeSpan> offered = List.of(span("2026-12-01T08:00:00Z", "2026-12-01T12:00:00Z"),
                span("2026-12-01T13:00:00Z", "2026-12-01T13:30:00Z"));

        ForecastPlanner ninety = new ForecastPlanner(Duration.ofMinutes(90), ForecastPlanner.DEFAULT_BUSY_THRESHOLD);
        assertEquals(List.of(span("2026-12-01T10:00:00Z", "2026-12-01T12:00:00Z")),
                spans(ninety.plan(MACHINE, offered, profile, EARLIER, null, null)));
        ForecastPlanner thirty = new ForecastPlanner(Duration.ofMinutes(30), ForecastPlanner.DEFAULT_BUSY_THRESHOLD);
        assertEquals(List.of(span("2026-12-01T08:00:00Z", "2026-12-01T09:00:00Z"),
                span("2026-12-01T10:00:00Z", "2026-12-01T12:00:00Z"), span("2026-12-01T13:00:00Z", "2026-12-01T13:30:00Z")),
                spans(thirty.plan(MACHINE, offered, profile, EARLIER, null, null)), "exactly the minimum is kept");
    }

    @Test
    void aRunningWindowKeepsItsIdWhenNotBeforeMovesIntoIt() {
        List<TimeSpan> offered = List.of(span("2026-12-01T08:00:00Z", "2026-12-01T16:00:00Z"));
        UsageProfile profile = UsageProfile.empty(BERLIN);

        ForecastWindow before = planner.plan(MACHINE, offered, profile, Instant.parse("2026-12-01T07:00:00Z"), null, null).get(0);
        ForecastWindow during = planner.plan(MACHINE, offered, profile, Instant.parse("2026-12-01T10:17:30Z"), null, null).get(0);

        assertEquals("imm-07-20261201T0800Z", before.id());
        assertEquals(before.id(), during.id());
        assertEquals(Instant.parse("2026-12-01T10:17:30Z"), during.start());
        assertEquals(before.end(), during.end());
        assertEquals(5.708, during.machineHours());
        assertEquals(List.of(), planner.plan(MACHINE, offered, profile, Instant.parse("2026-12-01T15:00:01Z"), null, null),
                "less than the minimum left");
        assertEquals(List.of(), planner.plan(MACHINE, offered, profile, Instant.parse("2026-12-01T16:00:00Z"), null, null),
                "ended at notBefore");
    }

    @Test
    void cuttingAWindowsStartGivesItANewId() {
        // A reservation of 08:00-09:00Z taken out of the offered time by the caller.
        List<ForecastWindow> windows = planner.plan(MACHINE, List.of(span("2026-12-01T09:00:00Z", "2026-12-01T16:00:00Z")),
                UsageProfile.empty(BERLIN), EARLIER, null, null);
        assertEquals("imm-07-20261201T0900Z", windows.get(0).id());
    }

    @Test
    void partsAreEstimatedFromCycleTimeAndCavities() {
        List<TimeSpan> eightHours = List.of(span("2026-12-01T08:00:00Z", "2026-12-01T16:00:00Z"));
        UsageProfile profile = UsageProfile.empty(BERLIN);

        ForecastWindow w = planner.plan(MACHINE, eightHours, profile, EARLIER, 45.0, 4).get(0);
        assertEquals(640L, w.estimatedCycles());
        assertEquals(2560L, w.estimatedParts());

        ForecastWindow noCavities = planner.plan(MACHINE, eightHours, profile, EARLIER, 47.0, null).get(0);
        assertEquals(612L, noCavities.estimatedCycles(), "whole cycles only: 28800 / 47 = 612.8");
        assertNull(noCavities.estimatedParts());

        ForecastWindow noCycleTime = planner.plan(MACHINE, eightHours, profile, EARLIER, null, 4).get(0);
        assertNull(noCycleTime.estimatedCycles());
        assertNull(noCycleTime.estimatedParts());
        assertNull(planner.plan(MACHINE, eightHours, profile, EARLIER, 0.0, 4).get(0).estimatedCycles());

        ForecastPlanner oneMinute = new ForecastPlanner(Duration.ofMinutes(1), ForecastPlanner.DEFAULT_BUSY_THRESHOLD);
        ForecastWindow exactMultiple = oneMinute.plan(MACHINE, List.of(span("2026-12-01T08:00:00Z", "2026-12-01T08:07:00Z")),
                profile, EARLIER, 0.28, 2).get(0);
        assertEquals(1500L, exactMultiple.estimatedCycles(), "420 s / 0.28 s is exactly 1500");
        assertEquals(3000L, exactMultiple.estimatedParts());
    }

    @Test
    void springForwardDayFollowsLocalHours() {
        // 2026-03-29: Berlin jumps from 02:00 CET to 03:00 CEST. Sundays 03:00 local learned busy.
        UsageProfile profile = UsageProfile.empty(BERLIN);
        for (int week = 1; week <= 4; week++) {
            profile.learn(bucket(local("2026-03-29T03:00", week), Map.of(MachineState.RUNNING, 60)));
        }
        List<TimeSpan> sundayMorning = List.of(new TimeSpan(local("2026-03-29T00:00"), local("2026-03-29T06:00")));

        List<ForecastWindow> windows = planner.plan(MACHINE, sundayMorning, profile, EARLIER.minus(Duration.ofDays(300)), null, null);

        assertEquals(List.of(span("2026-03-28T23:00:00Z", "2026-03-29T01:00:00Z"), span("2026-03-29T02:00:00Z", "2026-03-29T04:00:00Z")),
                spans(windows));
        assertEquals(List.of("imm-07-20260328T2300Z", "imm-07-20260329T0200Z"), windows.stream().map(ForecastWindow::id).toList());
        assertEquals(2.0, windows.get(0).machineHours(), "00:00 to 03:00 local is two real hours that day");
    }

    @Test
    void fallBackDayDropsBothRunsOfABusyRepeatedHour() {
        // 2026-10-25: Berlin goes back from 03:00 CEST to 02:00 CET. Sundays 02:00 local learned busy.
        UsageProfile profile = UsageProfile.empty(BERLIN);
        for (int week = 1; week <= 4; week++) {
            profile.learn(bucket(local("2026-10-25T02:00", week), Map.of(MachineState.MAINTENANCE, 60)));
        }
        List<TimeSpan> sundayMorning = List.of(new TimeSpan(local("2026-10-25T00:00"), local("2026-10-25T05:00")));

        List<ForecastWindow> windows = planner.plan(MACHINE, sundayMorning, profile, EARLIER.minus(Duration.ofDays(300)), null, null);

        assertEquals(List.of(span("2026-10-24T22:00:00Z", "2026-10-25T00:00:00Z"), span("2026-10-25T02:00:00Z", "2026-10-25T04:00:00Z")),
                spans(windows));
    }

    @Test
    void aClockChangeOffTheHourStartsANewLocalHour() {
        // 2026-09-27: Chatham jumps from 02:45 (+12:45) to 03:45 (+13:45). Sundays 03:00 local learned busy.
        ZoneId chatham = ZoneId.of("Pacific/Chatham");
        UsageProfile profile = UsageProfile.empty(chatham);
        for (int week = 1; week <= 4; week++) {
            Instant start = LocalDateTime.parse("2026-09-27T03:00").minusWeeks(week).atZone(chatham).toInstant();
            profile.learn(bucket(start, Map.of(MachineState.RUNNING, 60)));
        }
        Instant twoAm = LocalDateTime.parse("2026-09-27T02:00").atZone(chatham).toInstant();
        Instant fourAm = LocalDateTime.parse("2026-09-27T04:00").atZone(chatham).toInstant();
        Instant fiveAm = LocalDateTime.parse("2026-09-27T05:00").atZone(chatham).toInstant();

        List<ForecastWindow> windows = new ForecastPlanner(Duration.ofMinutes(30), ForecastPlanner.DEFAULT_BUSY_THRESHOLD)
                .plan(MACHINE, List.of(new TimeSpan(twoAm, fiveAm)), profile, EARLIER.minus(Duration.ofDays(300)), null, null);

        assertEquals(List.of(new TimeSpan(twoAm, twoAm.plus(Duration.ofMinutes(45))), new TimeSpan(fourAm, fiveAm)), spans(windows),
                "03:45-04:00 is the busy 03:00 hour");
    }

    @Test
    void overlappingOfferedTimeIsMergedTouchingSpansStayCutAndWindowsComeSorted() {
        List<TimeSpan> offered = List.of(span("2026-12-02T08:00:00Z", "2026-12-02T12:00:00Z"),
                span("2026-12-01T11:00:00Z", "2026-12-01T16:00:00Z"), span("2026-12-01T08:00:00Z", "2026-12-01T12:00:00Z"),
                span("2026-12-02T12:00:00Z", "2026-12-02T15:00:00Z"));

        List<ForecastWindow> windows = planner.plan(MACHINE, offered, UsageProfile.empty(BERLIN), EARLIER, null, null);

        assertEquals(List.of(span("2026-12-01T08:00:00Z", "2026-12-01T16:00:00Z"), span("2026-12-02T08:00:00Z", "2026-12-02T12:00:00Z"),
                span("2026-12-02T12:00:00Z", "2026-12-02T15:00:00Z")), spans(windows),
                "the caller's cut at 12:00 on the second day is kept");
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ForecastPlanner(Duration.ofSeconds(59), 0.5));
        assertThrows(IllegalArgumentException.class, () -> new ForecastPlanner(Duration.ofMinutes(60), 1.01));
        assertThrows(IllegalArgumentException.class, () -> new ForecastPlanner(Duration.ofMinutes(60), Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> planner.plan(MACHINE,
                List.of(span("2026-12-01T08:00:00Z", "2026-12-01T16:00:00Z")), UsageProfile.empty(BERLIN), EARLIER, 30.0, 0));
    }

    private static TimeSpan span(String start, String end) {
        return new TimeSpan(Instant.parse(start), Instant.parse(end));
    }

    private static List<TimeSpan> spans(List<ForecastWindow> windows) {
        return windows.stream().map(ForecastWindow::span).toList();
    }

    private static Instant local(String localDateTime) {
        return local(localDateTime, 0);
    }

    /** The same local time of day and weekday, {@code weeksBefore} weeks earlier (across offset changes). */
    private static Instant local(String localDateTime, int weeksBefore) {
        return LocalDateTime.parse(localDateTime).minusWeeks(weeksBefore).atZone(BERLIN).toInstant();
    }

    private static MeterBucket bucket(Instant start, Map<MachineState, Integer> minutes) {
        Map<MachineState, Long> millis = new EnumMap<>(MachineState.class);
        long known = 0;
        for (Map.Entry<MachineState, Integer> e : minutes.entrySet()) {
            millis.put(e.getKey(), Duration.ofMinutes(e.getValue()).toMillis());
            known += Duration.ofMinutes(e.getValue()).toMillis();
        }
        return new MeterBucket(MACHINE, start, start.plus(Duration.ofHours(1)), millis, Duration.ofHours(1).toMillis() - known, 0, null);
    }
}
