package io.edgeagent.agent.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.agent.capacity.CommandAnswer.Result;
import io.edgeagent.agent.capacity.store.CapacityStore;
import io.edgeagent.agent.config.MachineState;
import io.edgeagent.agent.config.WeeklySlot;
import io.edgeagent.agent.state.StateChange;
import io.edgeagent.agent.testing.CapacityRecorder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reservation's life in the engine, with its real H2 store and an injected clock: booked, active, then
 * completed, released or missed (issue 19, item 2); the delivery report (item 3) and the hourly shares
 * (item 4) across a restart, a clock step, a DST change and hour boundaries.
 */
class ReservationLifecycleTest {

    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    /** A Monday, 08:00 in Berlin. */
    private static final Instant T0 = Instant.parse("2026-11-23T07:00:00Z");
    private static final String M = "imm-01";
    private static final int CAVITIES = 2;

    @TempDir
    Path dir;

    private final CapacityRecorder out = new CapacityRecorder();
    private final List<ReservationEvent> events = out.events;
    private final List<DeliveryReport> reports = out.reports;
    private final List<MeterBucket> buckets = out.buckets;
    private CapacityStore store;
    private CapacityEngine engine;
    private Instant now;
    /** The monotonic clock: moves with time passing, not with a step of the wall clock. */
    private long mono;
    private long counter;

    @AfterEach
    void close() {
        store.close();
    }

    private void open(Instant at) {
        now = at;
        store = CapacityStore.open(dir, Clock.fixed(now, ZoneOffset.UTC));
        engine = new CapacityEngine(plan(), store, out);
        engine.start(now, mono);
    }

    private void restart(Duration down) {
        engine.stop(now);
        store.close();
        mono += down.toNanos();
        open(now.plus(down));
    }

    /** Offered around the clock, every day: these tests are about reservations, not the calendar. */
    private static CapacityPlan plan() {
        var always = List.of(new WeeklySlot(EnumSet.allOf(DayOfWeek.class), LocalTime.MIDNIGHT, LocalTime.MAX));
        return new CapacityPlan(ZONE, new SharingCalendar(ZONE, always, List.of()), new MaintenancePlan(ZONE, List.of()),
                Duration.ofMinutes(60), Duration.ofDays(3), List.of(new CapacityPlan.Machine(M, 30.0, CAVITIES)));
    }

    private void runFor(Duration d) {
        Instant end = now.plus(d);
        while (now.isBefore(end)) {
            Instant next = now.plusSeconds(10).isAfter(end) ? end : now.plusSeconds(10);
            mono += Duration.between(now, next).toNanos();
            now = next;
            engine.tick(now, mono);
        }
    }

    /** NTP steps the wall clock by {@code by} (back when negative) while 10 s pass; the engine ticks. */
    private void stepWallClock(Duration by) {
        mono += Duration.ofSeconds(10).toNanos();
        now = now.plus(by);
        engine.tick(now, mono);
    }

    /** The machine runs for {@code d}, one cycle every 30 s; returns the cycles made. */
    private long produce(Duration d) {
        long made = 0;
        for (Duration left = d; !left.isZero(); left = left.minusSeconds(30)) {
            runFor(Duration.ofSeconds(30));
            engine.onCounter(M, ++counter, now);
            made++;
        }
        return made;
    }

    private void state(MachineState s, String reason) {
        engine.onState(new StateChange(M, s, now.minusSeconds(2), null, reason), now);
    }

    private Reservation reserve(String requestId, Instant from, Instant to) {
        CommandAnswer a = engine.reserve(new ReserveRequest(requestId, M, null, from, to, "order " + requestId), now);
        assertEquals(Result.ACCEPTED, a.result(), String.valueOf(a.reason()));
        return a.reservation();
    }

    private List<String> eventNames() {
        return events.stream().map(e -> e.event() + (e.event().equals(ReservationEvent.AT_RISK) ? "=" + e.atRisk() : ""))
                .toList();
    }

    private static long total(DeliveryReport r) {
        return r.unknownMillis() + r.millis().values().stream().mapToLong(Long::longValue).sum();
    }

    @Test
    void aReservationIsBookedActiveAndCompletedAndAMachineDownInItIsAtRiskUntilItRecovers() {
        open(T0);
        state(MachineState.IDLE, "idle rule");
        engine.onCounter(M, counter, now);
        Reservation r = reserve("r-1", T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(2)));
        assertEquals(List.of("booked"), eventNames());
        assertEquals(List.of(new CurrentReservation(r, ReservationStatus.BOOKED, false)), out.lastList());

        runFor(Duration.ofHours(1));
        assertEquals(List.of("booked", "active"), eventNames(), "active as its start passes");
        assertEquals(ReservationStatus.ACTIVE, out.lastList().get(0).status());

        runFor(Duration.ofMinutes(5));
        state(MachineState.RUNNING, "running rule");
        long made = produce(Duration.ofMinutes(20));
        state(MachineState.DOWN, "alarmCode ne 0 (alarmCode=17)");
        assertEquals(List.of("booked", "active", "at_risk=true"), eventNames(), "at once when the machine goes down");
        assertTrue(out.lastList().get(0).atRisk(), "the retained list says so too");
        runFor(Duration.ofMinutes(10));
        state(MachineState.RUNNING, "running rule");
        assertEquals("at_risk=false", eventNames().get(3), "again when it recovers");
        made += produce(Duration.ofMinutes(10));
        runFor(Duration.ofMinutes(15));

        assertEquals(List.of("booked", "active", "at_risk=true", "at_risk=false", "completed"), eventNames());
        assertEquals(List.of(), out.lastList(), "an ended reservation is no longer current");
        DeliveryReport report = reports.get(0);
        assertEquals(ReservationStatus.COMPLETED, report.status());
        assertEquals(r.start(), report.start());
        assertEquals(r.end(), report.end());
        assertEquals(Duration.ofHours(1).toMillis(), total(report), "adds up to the reserved hour");
        assertEquals(0, report.unknownMillis(), "observed throughout");
        assertEquals(made, report.cycles(), "every cycle counted while it ran");
        assertEquals(made * CAVITIES, report.parts());
        // RUNNING took over 2 s before it was reported, DOWN likewise: 5 min idle less 2 s, 10 min down.
        assertEquals(Duration.ofMinutes(5).minusSeconds(2).toMillis(), report.millisIn(MachineState.IDLE));
        assertEquals(Duration.ofMinutes(10).toMillis(), report.millisIn(MachineState.DOWN));
        assertEquals(List.of(new DeliveryReport.DownTime("alarmCode ne 0 (alarmCode=17)", Duration.ofMinutes(10).toMillis())),
                report.down());
        assertNull(report.goodParts(), "no good-parts counter on this machine");
    }

    /**
     * Issue 19 item 3 and issue 22 item 4: a EUROMAP 77 machine's JobGoodPartsCounter and JobBadPartsCounter
     * fill the report's good and bad parts, across a new job that resets the counter and a restart; a counter
     * reported before the reservation but not moving in it is 0, not null.
     */
    @Test
    void theReportCarriesTheMachinesGoodAndBadPartsAcrossACounterResetAndARestart() {
        open(T0);
        state(MachineState.RUNNING, "running rule");
        engine.onPartsCounter(M, true, 700, now);
        engine.onPartsCounter(M, false, 12, now);
        reserve("r-1", T0.plus(Duration.ofMinutes(10)), T0.plus(Duration.ofMinutes(70)));
        runFor(Duration.ofMinutes(5));
        engine.onPartsCounter(M, true, 705, now);
        runFor(Duration.ofMinutes(10));
        engine.onPartsCounter(M, true, 740, now);
        engine.onPartsCounter(M, true, 6, now); // a new job: the counter counted up from zero
        restart(Duration.ofMinutes(5));
        state(MachineState.RUNNING, "running rule");
        engine.onPartsCounter(M, true, 9, now);
        engine.onPartsCounter(M, true, 20, now);
        runFor(Duration.ofMinutes(60));

        DeliveryReport report = reports.get(0);
        // A restart in the same hour keeps the counter's baseline: the 3 parts made while it was down count.
        assertEquals(Long.valueOf(35 + 6 + 3 + 11), report.goodParts(), "the 5 made before the reservation are not in it");
        assertEquals(Long.valueOf(0), report.badParts(), "the machine counts bad parts and made none");
        long hourGood = buckets.stream().filter(b -> b.goodParts() != null).mapToLong(MeterBucket::goodParts).sum();
        assertEquals(5 + 35 + 6 + 3 + 11, hourGood, "the hours count every good part the agent saw, once");
    }

    @Test
    void aMachineDownAtTheStartIsAtRiskAtOnceAndTheEndClearsIt() {
        open(T0);
        state(MachineState.IDLE, "idle rule");
        Reservation r = reserve("r-1", T0.plus(Duration.ofMinutes(30)), T0.plus(Duration.ofMinutes(90)));
        runFor(Duration.ofMinutes(10));
        state(MachineState.DOWN, "standstillReason ne \"\"");
        runFor(Duration.ofMinutes(100));
        assertEquals(List.of("booked", "active", "at_risk=true", "at_risk=false", "missed"), eventNames());
        assertEquals("the reservation ended", events.get(3).reason());
        DeliveryReport report = reports.get(0);
        assertEquals(ReservationStatus.MISSED, report.status(), "nothing was produced");
        assertEquals(r.span().duration().toMillis(), report.millisIn(MachineState.DOWN));
    }

    @Test
    void aRestartMidReservationResumesItWithTheGapUnknownAndEveryCycleKept() {
        open(T0);
        state(MachineState.RUNNING, "running rule");
        engine.onCounter(M, counter, now);
        Reservation r = reserve("r-1", T0.plus(Duration.ofMinutes(10)), T0.plus(Duration.ofMinutes(70)));
        runFor(Duration.ofMinutes(10));
        long made = produce(Duration.ofMinutes(20));
        restart(Duration.ofMinutes(5));
        assertEquals(ReservationStatus.ACTIVE, out.lastList().get(0).status(),
                "the retained list after the restart still shows it active");
        state(MachineState.RUNNING, "running rule");
        engine.onCounter(M, counter, now);
        made += produce(Duration.ofMinutes(25));
        runFor(Duration.ofMinutes(15));

        assertEquals(1, reports.size());
        DeliveryReport report = reports.get(0);
        assertEquals(ReservationStatus.COMPLETED, report.status());
        assertEquals(r.span().duration().toMillis(), total(report));
        // Down 5 min, and the state reported 2 s after the start is taken back to its since: 5 min unknown.
        assertEquals(Duration.ofMinutes(5).toMillis(), report.unknownMillis());
        assertEquals(made, report.cycles(), "cycles before and after the restart");
        assertEquals(1, events.stream().filter(e -> e.event().equals("active")).count(), "not activated twice");
    }

    @Test
    void aReservationWhoseWholeTimePassedWhileTheAgentWasStoppedIsMissedAndAllUnknown() {
        open(T0);
        state(MachineState.IDLE, "idle rule");
        Reservation r = reserve("r-1", T0.plus(Duration.ofMinutes(30)), T0.plus(Duration.ofMinutes(90)));
        restart(Duration.ofHours(3));
        runFor(Duration.ofSeconds(10));
        assertEquals(List.of("booked", "missed"), eventNames());
        assertEquals("its time passed while the agent was not running", events.get(1).reason());
        DeliveryReport report = reports.get(0);
        assertEquals(r.span().duration().toMillis(), report.unknownMillis());
        assertEquals(0, report.cycles());
    }

    /** A tick late by hours with the agent running (its process frozen): the reservation's time was observed. */
    @Test
    void aReservationWhollyBetweenTwoTicksEndsByWhatTheMachineDidInIt() {
        open(T0);
        state(MachineState.RUNNING, "running rule");
        Reservation r = reserve("r-1", T0.plus(Duration.ofMinutes(30)), T0.plus(Duration.ofMinutes(90)));
        mono += Duration.ofHours(3).toNanos();
        now = now.plus(Duration.ofHours(3));
        engine.tick(now, mono);

        assertEquals(List.of("booked", "completed"), eventNames());
        assertEquals("its time ended", events.get(1).reason());
        DeliveryReport report = reports.get(0);
        assertEquals(ReservationStatus.COMPLETED, report.status());
        assertEquals(r.span().duration().toMillis(), report.millisIn(MachineState.RUNNING), "running throughout");
        assertEquals(0, report.unknownMillis());
    }

    @Test
    void aReservationWhollyInAForwardStepOfTheClockIsMissedAndSaysSo() {
        open(T0);
        state(MachineState.RUNNING, "running rule");
        Reservation r = reserve("r-1", T0.plus(Duration.ofMinutes(30)), T0.plus(Duration.ofMinutes(90)));
        runFor(Duration.ofMinutes(10));
        stepWallClock(Duration.ofHours(3));

        assertEquals(List.of("booked", "missed"), eventNames());
        assertTrue(events.get(1).reason().startsWith("its time passed in a forward step of the wall clock, from "),
                events.get(1).reason());
        assertEquals(r.span().duration().toMillis(), reports.get(0).unknownMillis(), "none of it was observed");
    }

    @Test
    void aReleaseWhileActiveEndsItThereWithAReportOfTheTimeUsed() {
        open(T0);
        state(MachineState.RUNNING, "running rule");
        engine.onCounter(M, counter, now);
        Reservation r = reserve("r-1", T0.plus(Duration.ofMinutes(10)), T0.plus(Duration.ofHours(2)));
        runFor(Duration.ofMinutes(10));
        long made = produce(Duration.ofMinutes(15));
        Instant releasedAt = now;
        assertEquals(Result.RELEASED, engine.release("rel-1", r.id(), now).result());
        produce(Duration.ofMinutes(5)); // after the release: not the buyer's

        assertEquals(List.of("booked", "active", "released"), eventNames());
        DeliveryReport report = reports.get(0);
        assertEquals(ReservationStatus.RELEASED, report.status());
        assertEquals(releasedAt, report.end());
        assertEquals(Duration.ofMinutes(15).toMillis(), total(report));
        assertEquals(made, report.cycles(), "nothing after the release");
        assertEquals(List.of(), out.lastList());
        runFor(Duration.ofHours(2));
        assertEquals(1, reports.size(), "a released reservation does not complete later");
    }

    @Test
    void aForwardClockStepInsideAReservationIsUnknownTimeAndABackwardOneCountsNothingTwice() {
        open(T0);
        state(MachineState.RUNNING, "running rule");
        Reservation r = reserve("r-1", T0.plus(Duration.ofMinutes(10)), T0.plus(Duration.ofMinutes(70)));
        runFor(Duration.ofMinutes(20));
        stepWallClock(Duration.ofMinutes(15));
        runFor(Duration.ofMinutes(10));
        // And 5 minutes back: the timeline waits until the wall clock passes where it stood.
        stepWallClock(Duration.ofMinutes(-5));
        runFor(Duration.ofMinutes(40));

        DeliveryReport report = reports.get(0);
        assertEquals(r.span().duration().toMillis(), total(report), "adds up whatever the clock did");
        // From the last trusted moment (the tick before the step) to the new wall time, as metering takes it.
        assertEquals(Duration.ofMinutes(15).toMillis(), report.unknownMillis(),
                "the forward step is unknown, and nothing of the backward one is counted twice");
        assertEquals(Duration.ofMinutes(60 - 15).toMillis(), report.millisIn(MachineState.RUNNING));
    }

    @Test
    void hourlyMeteringNamesTheReservationsOfEachHourWithTheirSharesAcrossHourBoundaries() {
        open(T0);
        state(MachineState.RUNNING, "running rule");
        engine.onCounter(M, counter, now);
        // 08:30 to 10:15 local, then a second buyer 10:15 to 10:45: three hours are shared.
        Reservation a = reserve("a", T0.plus(Duration.ofMinutes(30)), T0.plus(Duration.ofMinutes(135)));
        Reservation b = reserve("b", a.end(), a.end().plus(Duration.ofMinutes(30)));
        runFor(Duration.ofMinutes(30));
        produce(Duration.ofMinutes(135));
        runFor(Duration.ofMinutes(30));

        List<MeterBucket> hours = buckets.stream().filter(h -> !h.start().isBefore(T0)).limit(3).toList();
        assertEquals(List.of(Map.of(a.id(), 1800L)), shareSeconds(hours.get(0)));
        assertEquals(List.of(Map.of(a.id(), 3600L)), shareSeconds(hours.get(1)));
        assertEquals(List.of(Map.of(a.id(), 900L), Map.of(b.id(), 1800L)), shareSeconds(hours.get(2)));
        for (DeliveryReport report : reports) {
            long shared = hours.stream().flatMap(h -> h.reservations().stream())
                    .filter(s -> s.reservationId().equals(report.reservation().id()))
                    .mapToLong(ReservationShare::cycles).sum();
            assertEquals(report.cycles(), shared, "the hours' shares of " + report.reservation().id() + " add up to its report");
        }
        for (MeterBucket h : hours) {
            long shared = h.reservations().stream().mapToLong(ReservationShare::cycles).sum();
            assertTrue(shared <= h.cycles(), "a share is part of the hour: " + h);
        }
        assertEquals(2, reports.size());
        assertEquals("order a", hours.get(0).reservations().get(0).reference());
    }

    @Test
    void aReservationAcrossTheFallBackNightLastsItsRealLengthAndItsHoursShareIt() {
        // 2026-10-25 in Berlin: 03:00 CEST goes back to 02:00 CET; 01:30 to 03:30 local is three real hours.
        Instant start = Instant.parse("2026-10-24T23:30:00Z");
        Instant end = Instant.parse("2026-10-25T02:30:00Z");
        open(start.minus(Duration.ofMinutes(30)));
        state(MachineState.IDLE, "idle rule");
        Reservation r = reserve("dst", start, end);
        runFor(Duration.ofHours(4));

        DeliveryReport report = reports.get(0);
        assertEquals(Duration.ofHours(3), r.span().duration());
        assertEquals(Duration.ofHours(3).toMillis(), total(report));
        long shared = buckets.stream().flatMap(h -> h.reservations().stream()).mapToLong(ReservationShare::millis).sum();
        assertEquals(Duration.ofHours(3).toMillis(), shared, "the repeated hour is its own bucket, shared once");
        assertEquals(ReservationStatus.MISSED, report.status(), "idle throughout: nothing made");
    }

    /**
     * docs/capacity.md, Metering: "the shares of a reservation's hours add up to its report's cycles". A
     * reservation that ended in the open hour keeps its share of that hour across a restart before the hour
     * ends: the share is saved with the open hour, not held in memory until the hour closes.
     */
    @Test
    void aRestartAfterAReservationEndedButBeforeItsHourClosedKeepsItsShareOfThatHour() {
        open(T0);
        state(MachineState.RUNNING, "running rule");
        engine.onCounter(M, counter, now);
        Reservation r = reserve("r-1", T0.plus(Duration.ofMinutes(10)), T0.plus(Duration.ofMinutes(40)));
        runFor(Duration.ofMinutes(10));
        long made = produce(Duration.ofMinutes(30));
        runFor(Duration.ofMinutes(5));
        assertEquals(1, reports.size(), "completed at 08:40");
        restart(Duration.ofMinutes(5));
        state(MachineState.RUNNING, "running rule");
        runFor(Duration.ofMinutes(15));

        // The last cycle, read at 08:40:00, is read after the tick that ended the reservation.
        long inIt = made - 1;
        assertEquals(inIt, reports.get(0).cycles());
        MeterBucket hour = buckets.stream().filter(h -> h.start().equals(T0)).findFirst().orElseThrow();
        assertEquals(List.of(new ReservationShare(r.id(), r.reference(), Duration.ofMinutes(30).toMillis(), inIt,
                inIt * CAVITIES, null, null)), hour.reservations(), "its share of 08:00 survives the restart at 08:45");
    }

    /**
     * docs/capacity.md, Clocks that jump: a forward step turns the skipped time into UNKNOWN; Metering: the
     * hours closed by it carry their shares. A reservation that began and ended between the last tick before
     * a forward step and the step has its share of the hour the step closes, as its report has that time.
     */
    @Test
    void aForwardStepAcrossHoursGivesTheHourItClosesTheShareOfAReservationThatBeganInIt() {
        open(T0);
        state(MachineState.IDLE, "idle rule");
        Reservation r = reserve("r-1", T0.plus(Duration.ofMinutes(45)), T0.plus(Duration.ofMinutes(75)));
        runFor(Duration.ofMinutes(40));
        stepWallClock(Duration.ofHours(2)); // 08:40 to 10:40
        runFor(Duration.ofMinutes(25));

        DeliveryReport report = reports.get(0);
        assertEquals(r.span().duration().toMillis(), report.unknownMillis(), "not observed at all");
        MeterBucket hour = buckets.stream().filter(h -> h.start().equals(T0)).findFirst().orElseThrow();
        assertEquals(List.of(new ReservationShare(r.id(), r.reference(), Duration.ofMinutes(15).toMillis(), 0, 0L,
                null, null)),
                hour.reservations(), "08:45 to 09:00 is its share of the hour the step closed");
        assertTrue(buckets.stream().noneMatch(h -> h.start().equals(T0.plus(Duration.ofHours(1)))),
                "09:00, wholly inside the step, is not published");
    }

    private static List<Map<String, Long>> shareSeconds(MeterBucket h) {
        return h.reservations().stream().map(s -> Map.of(s.reservationId(), s.millis() / 1000)).toList();
    }
}
