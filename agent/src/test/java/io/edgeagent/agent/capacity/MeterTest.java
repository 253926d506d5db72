package io.edgeagent.agent.capacity;

import static io.edgeagent.agent.config.MachineState.DOWN;
import static io.edgeagent.agent.config.MachineState.IDLE;
import static io.edgeagent.agent.config.MachineState.RUNNING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.agent.config.MachineState;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MeterTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final long MINUTE = 60_000;

    /** A local time in Berlin on an ordinary day (no DST change). */
    private static Instant at(String hhmmss) {
        return LocalDateTime.parse("2026-06-15T" + hhmmss).atZone(BERLIN).toInstant();
    }

    private static Meter meterAt(String hhmmss) {
        return new Meter("press-1", BERLIN, null, at(hhmmss));
    }

    private static MeterBucket only(List<MeterBucket> buckets) {
        assertEquals(1, buckets.size(), () -> "buckets: " + buckets);
        return buckets.get(0);
    }

    @Test
    void aFullHourIdleThenRunningAtTwentyPast() {
        Meter meter = meterAt("10:00:00");
        meter.onState(IDLE, at("10:00:00"), at("10:00:00"));
        assertEquals(List.of(), meter.advance(at("10:20:00")));
        meter.onState(RUNNING, at("10:20:00"), at("10:20:00"));

        MeterBucket b = only(meter.advance(at("11:00:00")));

        assertEquals(at("10:00:00"), b.start());
        assertEquals(at("11:00:00"), b.end());
        assertEquals(20 * MINUTE, b.millisIn(IDLE));
        assertEquals(40 * MINUTE, b.millisIn(RUNNING));
        assertEquals(0, b.unknownMillis());
        assertEquals("press-1", b.machineId());
        assertEquals(at("11:00:00"), meter.cursor());
    }

    @Test
    void theHourBeforeStartIsUnknownAndSoIsTheTimeBeforeTheFirstState() {
        Meter meter = meterAt("10:15:00");
        meter.advance(at("10:16:00"));
        meter.onState(IDLE, at("10:17:00"), at("10:16:00"));

        MeterBucket b = only(meter.advance(at("11:00:00")));

        assertEquals(at("10:00:00"), b.start());
        assertEquals(16 * MINUTE, b.unknownMillis());
        assertEquals(44 * MINUTE, b.millisIn(IDLE));
        assertEquals(Map.of(IDLE, 44 * MINUTE), b.millis());
    }

    @Test
    void aStateReportedAfterItsDwellTakesTheTimeSinceItBegan() {
        Meter meter = meterAt("10:00:00");
        meter.onState(IDLE, at("10:00:00"), at("10:00:00"));
        meter.advance(at("10:30:00"));
        meter.onState(RUNNING, at("10:25:00"), at("10:30:00"));

        MeterBucket b = only(meter.advance(at("11:00:00")));

        assertEquals(25 * MINUTE, b.millisIn(IDLE));
        assertEquals(35 * MINUTE, b.millisIn(RUNNING));
    }

    @Test
    void reAttributionStopsAtThePreviousStateAndAtUnobservedTime() {
        Meter meter = meterAt("10:00:00");
        meter.advance(at("10:12:00"));
        meter.onState(IDLE, at("10:10:00"), at("10:12:00"));
        meter.advance(at("10:20:00"));
        // Began before IDLE did: the time before 10:10 was re-attributed to IDLE's predecessor already.
        meter.onState(RUNNING, at("10:05:00"), at("10:20:00"));
        meter.advance(at("10:30:00"));
        meter.unknownUntil(at("10:40:00"));
        meter.advance(at("10:50:00"));
        // Began in the unobserved gap: only the observed time since the gap's end moves.
        meter.onState(DOWN, at("10:35:00"), at("10:50:00"));

        MeterBucket b = only(meter.advance(at("11:00:00")));

        assertEquals(10 * MINUTE + 10 * MINUTE, b.unknownMillis());
        assertEquals(0, b.millisIn(IDLE));
        assertEquals(20 * MINUTE, b.millisIn(RUNNING));
        assertEquals(20 * MINUTE, b.millisIn(DOWN));
    }

    @Test
    void aClosedBucketIsNeverReAttributed() {
        Meter meter = meterAt("10:00:00");
        meter.onState(IDLE, at("10:00:00"), at("10:00:00"));
        MeterBucket first = only(meter.advance(at("11:05:00")));
        meter.onState(RUNNING, at("10:50:00"), at("11:05:00"));

        MeterBucket second = only(meter.advance(at("12:00:00")));

        assertEquals(60 * MINUTE, first.millisIn(IDLE));
        assertEquals(60 * MINUTE, second.millisIn(RUNNING));
    }

    @Test
    void aStateSinceAfterTheCursorMovesNothing() {
        Meter meter = meterAt("10:00:00");
        meter.onState(IDLE, at("10:00:00"), at("10:00:00"));
        meter.advance(at("10:20:00"));
        meter.onState(RUNNING, at("10:25:00"), at("10:25:00"));

        MeterBucket b = only(meter.advance(at("11:00:00")));

        assertEquals(20 * MINUTE, b.millisIn(IDLE));
        assertEquals(40 * MINUTE, b.millisIn(RUNNING));
    }

    @Test
    void aClockThatWentBackAccountsNothingUntilItPassesTheCursor() {
        Meter meter = meterAt("10:00:00");
        meter.onState(IDLE, at("10:00:00"), at("10:00:00"));
        meter.advance(at("10:30:00"));

        assertEquals(List.of(), meter.advance(at("09:10:00")));
        assertEquals(at("10:30:00"), meter.cursor());
        // Reported on the stepped-back timeline: its since is in time already accounted, so nothing moves.
        meter.onState(RUNNING, at("09:15:00"), at("09:20:00"));
        assertEquals(List.of(), meter.advance(at("10:29:00")));
        meter.advance(at("10:45:00"));

        MeterBucket b = only(meter.advance(at("11:00:00")));

        assertEquals(30 * MINUTE, b.millisIn(IDLE));
        assertEquals(30 * MINUTE, b.millisIn(RUNNING));
        assertEquals(0, b.unknownMillis());
    }

    @Test
    void aForwardClockStepClosesTheHourUnknownAndSkipsTheHoursItJumpedOver() {
        Meter meter = meterAt("10:00:00");
        meter.onState(IDLE, at("10:00:00"), at("10:00:00"));
        meter.advance(at("10:30:00"));

        MeterBucket closed = only(meter.unknownUntil(at("14:10:00")));
        MeterBucket next = only(meter.advance(at("15:00:00")));

        assertEquals(at("10:00:00"), closed.start());
        assertEquals(30 * MINUTE, closed.millisIn(IDLE));
        assertEquals(30 * MINUTE, closed.unknownMillis());
        assertEquals(at("14:00:00"), next.start());
        assertEquals(10 * MINUTE, next.unknownMillis());
        assertEquals(50 * MINUTE, next.millisIn(IDLE));
    }

    @Test
    void theFirstCounterValueIsABaselineAndAResetCountsFromZero() {
        Meter meter = meterAt("10:00:00");
        meter.onCounter(1000, at("10:01:00"));
        meter.onCounter(1007, at("10:10:00"));
        meter.onCounter(1007, at("10:11:00"));
        meter.onCounter(3, at("10:20:00"));
        meter.counterLost();
        meter.onCounter(50, at("10:30:00"));
        meter.onCounter(52, at("10:40:00"));

        MeterBucket b = only(meter.advance(at("11:00:00")));

        assertEquals(7 + 3 + 2, b.cycles());
        assertNull(b.parts());
    }

    /**
     * Issue 22 item 4: good and bad parts are the advances of the EUROMAP 77 JobGoodPartsCounter and
     * JobBadPartsCounter, counted like the cycle counter (baseline, reset from zero, baseline after a lost
     * connection); an hour without parts made carries 0 once the counter was seen, a machine without it null.
     */
    @Test
    void goodAndBadPartsAreCounterAdvancesWithTheCycleCountersResetRule() {
        Meter meter = meterAt("10:00:00");
        meter.onGoodParts(500);
        assertEquals(4, meter.onGoodParts(504));
        meter.onBadParts(7);
        meter.onBadParts(8);
        assertEquals(2, meter.onGoodParts(2), "a new job resets the counter: it counted up from zero");
        meter.counterLost();
        assertEquals(0, meter.onGoodParts(90), "after a lost connection the next reading is a baseline");
        meter.onGoodParts(93);
        MeterBucket first = only(meter.advance(at("11:00:00")));
        MeterBucket idle = only(meter.advance(at("12:00:00")));

        assertEquals(4L + 2 + 3, first.goodParts());
        assertEquals(1L, first.badParts());
        assertEquals(0L, idle.goodParts(), "the counter was reported: no parts is 0, not unknown");
        assertEquals(0L, idle.badParts());

        Meter plain = meterAt("10:00:00");
        plain.onCounter(3, at("10:10:00"));
        MeterBucket none = only(plain.advance(at("11:00:00")));
        assertNull(none.goodParts(), "a machine without a good parts counter");
        assertNull(none.badParts());
    }

    /** Good parts of the open hour and the counter's baseline survive a restart within the hour. */
    @Test
    void goodPartsResumeWithTheirBaselineInTheSameHour() {
        Meter before = meterAt("10:00:00");
        before.onGoodParts(100);
        before.onGoodParts(110);
        before.advance(at("10:20:00"));

        Meter meter = Meter.resume(before.snapshot(), BERLIN, null, at("10:30:00"));
        meter.onGoodParts(115);
        MeterBucket b = only(meter.advance(at("11:00:00")));

        assertEquals(15L, b.goodParts());
        assertNull(b.badParts());
    }

    @Test
    void partsAreCyclesTimesCavitiesAndCyclesGoToTheirHour() {
        Meter meter = new Meter("mould-4", BERLIN, 4, at("10:00:00"));
        meter.onCounter(10, at("10:00:00"));
        meter.onCounter(15, at("10:30:00"));
        MeterBucket first = only(meter.advance(at("11:00:00")));
        meter.onCounter(16, at("11:00:00"));
        MeterBucket second = only(meter.advance(at("12:00:00")));

        assertEquals(5, first.cycles());
        assertEquals(20L, first.parts());
        assertEquals(1, second.cycles());
        assertEquals(4L, second.parts());
        assertThrows(IllegalArgumentException.class, () -> new Meter("m", BERLIN, 0, at("10:00:00")));
    }

    @Test
    void theCycleTimeIsAWeightedMeanOfSingleStepsLeavingOutPauses() {
        Meter meter = meterAt("10:00:00");
        meter.onCounter(0, at("10:00:00"));
        meter.onCounter(1, at("10:00:30"));
        assertTrue(meter.measuredCycleSeconds().isEmpty(), "the baseline is not an advance");
        meter.onCounter(2, at("10:01:00"));
        assertEquals(30.0, meter.measuredCycleSeconds().getAsDouble(), 1e-9);
        meter.onCounter(3, at("10:01:40"));
        assertEquals(32.0, meter.measuredCycleSeconds().getAsDouble(), 1e-9);
        meter.onCounter(6, at("10:02:10"));
        assertEquals(32.0, meter.measuredCycleSeconds().getAsDouble(), 1e-9, "three cycles are not one");
        meter.onCounter(7, at("10:02:40"));
        assertEquals(31.6, meter.measuredCycleSeconds().getAsDouble(), 1e-9);
        meter.onCounter(8, at("10:17:40"));
        assertEquals(31.6, meter.measuredCycleSeconds().getAsDouble(), 1e-9, "a pause is not a cycle");
        meter.onCounter(0, at("10:18:00"));
        meter.onCounter(1, at("10:18:05"));
        assertEquals(31.6, meter.measuredCycleSeconds().getAsDouble(), 1e-9, "a reset is not a cycle end");
        meter.counterLost();
        meter.onCounter(2, at("10:18:35"));
        meter.onCounter(3, at("10:19:05"));
        assertEquals(31.6, meter.measuredCycleSeconds().getAsDouble(), 1e-9, "after a lost connection");
    }

    @Test
    void aResumeInTheSameHourLeavesTheGapUnknownAndKeepsTheCounter() {
        Meter before = new Meter("press-1", BERLIN, 2, at("10:00:00"));
        before.onState(IDLE, at("10:00:00"), at("10:00:00"));
        before.onCounter(100, at("10:05:00"));
        before.onCounter(104, at("10:10:00"));
        before.advance(at("10:20:00"));

        Meter meter = Meter.resume(before.snapshot(), BERLIN, 2, at("10:35:00"));
        assertEquals(at("10:35:00"), meter.cursor());
        meter.onCounter(110, at("10:36:00"));
        meter.advance(at("10:37:00"));
        meter.onState(RUNNING, at("10:35:30"), at("10:37:00"));

        MeterBucket b = only(meter.advance(at("11:00:00")));

        assertEquals(20 * MINUTE, b.millisIn(IDLE));
        assertEquals(15 * MINUTE + 30_000, b.unknownMillis());
        assertEquals(24 * MINUTE + 30_000, b.millisIn(RUNNING));
        assertEquals(4 + 6, b.cycles());
        assertEquals(20L, b.parts());
    }

    @Test
    void aResumeHoursLaterClosesTheOldHourUnknownAndPublishesNoHourBetween() {
        Meter before = meterAt("10:00:00");
        before.onState(IDLE, at("10:00:00"), at("10:00:00"));
        before.onCounter(100, at("10:05:00"));
        before.onCounter(103, at("10:10:00"));
        before.advance(at("10:20:00"));

        Meter meter = Meter.resume(before.snapshot(), BERLIN, null, at("12:40:00"));
        meter.onCounter(500, at("12:41:00"));
        meter.onCounter(502, at("12:42:00"));
        List<MeterBucket> first = meter.advance(at("12:50:00"));
        List<MeterBucket> second = meter.advance(at("13:00:00"));

        MeterBucket old = only(first);
        assertEquals(at("10:00:00"), old.start());
        assertEquals(at("11:00:00"), old.end());
        assertEquals(20 * MINUTE, old.millisIn(IDLE));
        assertEquals(40 * MINUTE, old.unknownMillis());
        assertEquals(3, old.cycles());
        MeterBucket now = only(second);
        assertEquals(at("12:00:00"), now.start());
        assertEquals(60 * MINUTE, now.unknownMillis(), "unknown until the restarted tracker reports");
        assertEquals(2, now.cycles(), "the old baseline does not carry into another hour");
    }

    @Test
    void aResumeWithTheClockBehindTheCursorWaitsForIt() {
        Meter before = meterAt("10:00:00");
        before.onState(IDLE, at("10:00:00"), at("10:00:00"));
        before.advance(at("10:40:00"));

        Meter meter = Meter.resume(before.snapshot(), BERLIN, null, at("10:10:00"));
        assertEquals(at("10:40:00"), meter.cursor());
        meter.onState(RUNNING, at("10:10:00"), at("10:15:00"));
        assertEquals(List.of(), meter.advance(at("10:30:00")));

        MeterBucket b = only(meter.advance(at("11:00:00")));

        assertEquals(40 * MINUTE, b.millisIn(IDLE));
        assertEquals(20 * MINUTE, b.millisIn(RUNNING));
    }

    @Test
    void aSnapshotCannotDropTheBucketResumeClosed() {
        Meter before = meterAt("10:00:00");
        Meter meter = Meter.resume(before.snapshot(), BERLIN, null, at("12:40:00"));

        assertThrows(IllegalStateException.class, meter::snapshot);
        assertEquals(1, meter.advance(at("12:39:00")).size(), "returned even while the clock is behind");
        assertEquals(at("12:00:00"), meter.snapshot().bucketStart());
    }

    @Test
    void aSnapshotThatDoesNotAddUpIsRefused() {
        Instant start = at("10:00:00");
        Instant end = at("11:00:00");
        Map<MachineState, Long> idle = Map.of(IDLE, 10 * MINUTE);

        new MeterSnapshot("m", start, end, start.plusSeconds(900), idle, 5 * MINUTE, 0, null, null);
        assertThrows(IllegalArgumentException.class,
                () -> new MeterSnapshot("m", start, end, start.plusSeconds(900), idle, 4 * MINUTE, 0, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new MeterSnapshot("m", start, end, end, Map.of(IDLE, 60 * MINUTE), 0, 0, null, null));
    }

    @Test
    void theFallBackNightHasTwoSeparateHoursAtTwo() {
        // 2026-10-25 in Berlin: 03:00 CEST becomes 02:00 CET at 01:00Z.
        Meter meter = new Meter("press-1", BERLIN, null, Instant.parse("2026-10-24T23:00:00Z"));
        meter.onState(RUNNING, Instant.parse("2026-10-24T23:00:00Z"), Instant.parse("2026-10-24T23:00:00Z"));

        List<MeterBucket> night = meter.advance(Instant.parse("2026-10-25T02:00:00Z"));

        assertEquals(3, night.size());
        assertEquals(List.of(LocalTime.of(1, 0), LocalTime.of(2, 0), LocalTime.of(2, 0)),
                night.stream().map(b -> b.start().atZone(BERLIN).toLocalTime()).toList());
        assertEquals(Instant.parse("2026-10-25T00:00:00Z"), night.get(1).start());
        assertEquals(Instant.parse("2026-10-25T01:00:00Z"), night.get(2).start());
        for (MeterBucket b : night) {
            assertEquals(60 * MINUTE, b.length().toMillis());
            assertEquals(60 * MINUTE, b.millisIn(RUNNING));
        }
    }

    @Test
    void theSpringForwardNightHasNoHourAtTwo() {
        // 2026-03-29 in Berlin: 02:00 CET becomes 03:00 CEST at 01:00Z.
        Meter meter = new Meter("press-1", BERLIN, null, Instant.parse("2026-03-29T00:00:00Z"));

        List<MeterBucket> night = meter.advance(Instant.parse("2026-03-29T02:00:00Z"));

        assertEquals(List.of(LocalTime.of(1, 0), LocalTime.of(3, 0)),
                night.stream().map(b -> b.start().atZone(BERLIN).toLocalTime()).toList());
        assertEquals(Instant.parse("2026-03-29T01:00:00Z"), night.get(0).end());
        night.forEach(b -> assertEquals(60 * MINUTE, b.length().toMillis()));
        assertFalse(night.stream().anyMatch(b -> b.start().atZone(BERLIN).getHour() == 2));
    }

    @Test
    void aHalfHourOffsetChangeGivesAHalfHourBucket() {
        // 2026-04-05 on Lord Howe Island: 02:00 (+11) becomes 01:30 (+10:30) at 15:00Z.
        ZoneId lordHowe = ZoneId.of("Australia/Lord_Howe");
        Meter meter = new Meter("press-1", lordHowe, null, Instant.parse("2026-04-04T14:00:00Z"));

        List<MeterBucket> night = meter.advance(Instant.parse("2026-04-04T16:30:00Z"));

        assertEquals(List.of(Instant.parse("2026-04-04T14:00:00Z"), Instant.parse("2026-04-04T15:00:00Z"),
                Instant.parse("2026-04-04T15:30:00Z")), night.stream().map(MeterBucket::start).toList());
        assertEquals(List.of(60L, 30L, 60L), night.stream().map(b -> b.length().toMinutes()).toList());
    }
}
