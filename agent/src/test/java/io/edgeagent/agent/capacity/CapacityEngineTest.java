package io.edgeagent.agent.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.agent.capacity.CommandAnswer.Result;
import io.edgeagent.agent.capacity.store.CapacityStore;
import io.edgeagent.agent.config.MachineState;
import io.edgeagent.agent.config.MaintenanceSlot;
import io.edgeagent.agent.config.WeeklySlot;
import io.edgeagent.agent.state.StateChange;
import io.edgeagent.agent.testing.CapacityRecorder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine with its real H2 store: windows, reservations, metering and what survives a restart. */
class CapacityEngineTest {

    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    /** A Monday, 08:00 in Berlin. */
    private static final Instant T0 = Instant.parse("2026-11-23T07:00:00Z");
    private static final String M = "imm-01";

    @TempDir
    Path dir;

    private final CapacityRecorder out = new CapacityRecorder();
    private CapacityStore store;
    private CapacityEngine engine;
    private Instant now;

    @BeforeEach
    void start() {
        now = T0;
        open();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void open() {
        store = CapacityStore.open(dir, Clock.fixed(now, ZoneOffset.UTC));
        engine = new CapacityEngine(plan(), store, out);
        engine.start(now, nanos(now));
    }

    /** Weekdays 06:00-22:00, maintenance on Wednesday morning. */
    private static CapacityPlan plan() {
        var weekly = List.of(new WeeklySlot(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(6, 0), LocalTime.of(22, 0)));
        var maintenance = List.of(new MaintenanceSlot(M, LocalDateTime.parse("2026-11-25T08:00"), LocalDateTime.parse("2026-11-25T12:00")));
        return new CapacityPlan(ZONE, new SharingCalendar(ZONE, weekly, List.of()), new MaintenancePlan(ZONE, maintenance),
                Duration.ofMinutes(60), Duration.ofDays(3), List.of(new CapacityPlan.Machine(M, 30.0, 4)));
    }

    /** The monotonic clock of a machine whose wall clock never steps. */
    private static long nanos(Instant t) {
        return Duration.between(T0, t).toNanos();
    }

    private void runFor(Duration d) {
        Instant end = now.plus(d);
        while (now.isBefore(end)) {
            now = now.plusSeconds(10).isAfter(end) ? end : now.plusSeconds(10);
            engine.tick(now, nanos(now));
        }
    }

    private void state(MachineState s) {
        engine.onState(new StateChange(M, s, now.minusSeconds(2), null, "test"), now);
    }

    @Test
    void nothingIsPublishedBeforeTheMachinesFirstState() {
        // At a start the first ticks and forecasts come before any state: issue 21 saw a "capacity null" picture per
        // machine, retained over the last run's.
        engine.tick(now, nanos(now));
        runFor(Duration.ofMinutes(10));
        assertEquals(List.of(), out.pictures);

        state(MachineState.IDLE);
        assertEquals(1, out.pictures.size());
        assertEquals(MachineState.IDLE, out.lastPicture().state());
    }

    @Test
    void anIdleStretchInsideOfferedTimeIsOneWindowWithItsRealDuration() {
        state(MachineState.IDLE);
        assertEquals(T0, out.lastPicture().open().start(), "nothing before the agent started counts");
        runFor(Duration.ofMinutes(5));
        state(MachineState.RUNNING);
        runFor(Duration.ofMinutes(5));
        Instant idleSince = now.minusSeconds(2);
        state(MachineState.IDLE);
        engine.tick(now, nanos(now));
        assertNotNull(out.lastPicture().open(), "window open while idle in offered time");
        runFor(Duration.ofMinutes(45));
        state(MachineState.RUNNING);
        assertEquals(2, out.windows.size());
        LiveWindow w = out.windows.get(1);
        assertEquals(idleSince, w.start(), "starts when the machine became idle");
        assertEquals(Duration.ofMinutes(45), w.duration());
        assertEquals("RUNNING", w.closedBy());
        assertNull(out.lastPicture().open());
    }

    @Test
    void theEndOfOfferedTimeClosesTheWindowAndNoneOpensOutsideIt() {
        now = Instant.parse("2026-11-23T20:30:00Z"); // 21:30 in Berlin, offered until 22:00
        store.close();
        open();
        state(MachineState.IDLE);
        runFor(Duration.ofHours(2));
        assertEquals(1, out.windows.size());
        assertEquals(Instant.parse("2026-11-23T21:00:00Z"), out.windows.get(0).end());
        assertEquals("OFFERED_TIME_ENDED", out.windows.get(0).closedBy());
        assertNull(out.lastPicture().open(), "no window after 22:00");
    }

    @Test
    void forecastWindowsAvoidMaintenanceAndCarryAnEstimate() {
        state(MachineState.IDLE);
        List<ForecastWindow> windows = out.lastPicture().windows();
        assertFalse(windows.isEmpty());
        TimeSpan maintenance = new TimeSpan(Instant.parse("2026-11-25T07:00:00Z"), Instant.parse("2026-11-25T11:00:00Z"));
        for (ForecastWindow w : windows) {
            assertFalse(w.span().overlaps(maintenance), "window over maintenance: " + w);
        }
        ForecastWindow first = windows.get(0);
        assertEquals(now, first.start(), "the idle machine is offered from now");
        assertEquals(Instant.parse("2026-11-23T21:00:00Z"), first.end());
        assertEquals("imm-01-20261123T0500Z", first.id(), "the id of the calendar span, from 06:00 local");
        long seconds = first.span().duration().toSeconds();
        assertEquals(seconds / 30, first.estimatedCycles());
        assertEquals(seconds / 30 * 4, first.estimatedParts());
    }

    @Test
    void aDownMachineIsOfferedNothingAndCannotBeReserved() {
        state(MachineState.DOWN);
        assertTrue(out.lastPicture().windows().isEmpty());
        CommandAnswer a = engine.reserve(new ReserveRequest("r-1", M, null, now.plusSeconds(3600), now.plusSeconds(7200), null), now);
        assertEquals(Result.CONFLICT, a.result());
        assertTrue(a.reason().contains("DOWN"), a.reason());
    }

    @Test
    void reservationsAreCheckedPersistedIdempotentAndReleasable() {
        state(MachineState.IDLE);
        Instant from = now.plus(Duration.ofHours(1));
        Instant to = from.plus(Duration.ofHours(2));
        CommandAnswer first = engine.reserve(new ReserveRequest("r-1", M, null, from, to, "order 4711"), now);
        assertEquals(Result.ACCEPTED, first.result(), String.valueOf(first.reason()));
        assertEquals(first, engine.reserve(new ReserveRequest("r-1", M, null, from, to, "order 4711"), now),
                "a retried request gets the same answer, not a conflict with itself");

        CommandAnswer overlap = engine.reserve(new ReserveRequest("r-2", M, null, to.minusSeconds(60), to.plusSeconds(3600), null), now);
        assertEquals(Result.CONFLICT, overlap.result());
        assertTrue(overlap.reason().startsWith("overlaps reservation " + first.reservation().id()), overlap.reason());

        CommandAnswer night = engine.reserve(new ReserveRequest("r-3", M, null, Instant.parse("2026-11-23T21:30:00Z"),
                Instant.parse("2026-11-23T23:00:00Z"), null), now);
        assertEquals(Result.CONFLICT, night.result());
        assertTrue(night.reason().startsWith("outside offered time"), night.reason());

        CommandAnswer maintenance = engine.reserve(new ReserveRequest("r-4", M, null, Instant.parse("2026-11-25T06:00:00Z"),
                Instant.parse("2026-11-25T08:00:00Z"), null), now);
        assertEquals(Result.CONFLICT, maintenance.result());
        assertTrue(maintenance.reason().startsWith("overlaps planned maintenance"), maintenance.reason());

        assertEquals(Result.REJECTED, engine.reserve(new ReserveRequest("r-5", "imm-99", null, from, to, null), now).result());

        for (ForecastWindow w : out.lastPicture().windows()) {
            assertFalse(w.span().overlaps(first.reservation().span()), "reserved time is no longer offered: " + w);
        }
        assertEquals(List.of(first.reservation()), out.lastPicture().reservations());

        // A restart keeps the reservation and the answers.
        engine.stop(now);
        store.close();
        open();
        state(MachineState.IDLE);
        assertEquals(List.of(first.reservation()), out.lastPicture().reservations());
        assertEquals(first, engine.reserve(new ReserveRequest("r-1", M, null, from, to, "order 4711"), now));

        CommandAnswer released = engine.release("rel-1", first.reservation().id(), now);
        assertEquals(Result.RELEASED, released.result());
        assertEquals(released, engine.release("rel-1", first.reservation().id(), now), "idempotent by request id");
        assertEquals(Result.NOT_FOUND, engine.release("rel-2", first.reservation().id(), now).result());
        assertTrue(out.lastPicture().reservations().isEmpty());
    }

    @Test
    void aReservationStartingNowClosesTheLiveWindow() {
        state(MachineState.IDLE);
        runFor(Duration.ofMinutes(10));
        CommandAnswer a = engine.reserve(new ReserveRequest("r-now", M, null, now, now.plus(Duration.ofHours(1)), null), now);
        assertEquals(Result.ACCEPTED, a.result(), String.valueOf(a.reason()));
        runFor(Duration.ofSeconds(10));
        assertEquals(1, out.windows.size());
        assertEquals(a.reservation().start(), out.windows.get(0).end());
        assertNull(out.lastPicture().open(), "no window while reserved");
    }

    @Test
    void aWindowReopenedByAReleaseNeverCoversPublishedIdleTime() {
        state(MachineState.IDLE);
        runFor(Duration.ofMinutes(10));
        CommandAnswer a = engine.reserve(new ReserveRequest("r-now", M, null, now, now.plus(Duration.ofHours(1)), null), now);
        runFor(Duration.ofMinutes(5));
        assertEquals(Result.RELEASED, engine.release("rel-now", a.reservation().id(), now).result());
        runFor(Duration.ofMinutes(5));
        state(MachineState.RUNNING);
        assertEquals(2, out.windows.size());
        assertEquals(out.windows.get(0).end(), a.reservation().start());
        assertTrue(!out.windows.get(1).start().isBefore(out.windows.get(0).end()),
                "the second window starts after the first ended: " + out.windows);
        assertEquals(Duration.ofMinutes(5).minusSeconds(2), out.windows.get(1).duration(),
                "only the idle time from the release until RUNNING began (reported 2 s late)");
    }

    @Test
    void aRequestIdIsNeverReusedAcrossCommands() {
        state(MachineState.IDLE);
        CommandAnswer reserved = engine.reserve(new ReserveRequest("r-1", M, null, now.plusSeconds(3600), now.plusSeconds(7200), null), now);
        assertEquals(Result.ACCEPTED, reserved.result());
        CommandAnswer release = engine.release("r-1", reserved.reservation().id(), now);
        assertEquals(Result.REJECTED, release.result());
        assertEquals("release", release.command());
        assertEquals(List.of(reserved.reservation()), out.lastPicture().reservations(), "nothing was released");
    }

    @Test
    void meteringHoursAddUpAndARestartIsUnknownTimeNotInvented() {
        state(MachineState.IDLE);
        runFor(Duration.ofMinutes(20));
        state(MachineState.RUNNING);
        for (int i = 1; i <= 10; i++) {
            engine.onCounter(M, 100 + i, now);
            runFor(Duration.ofSeconds(30));
        }
        runFor(Duration.ofMinutes(30));
        engine.stop(now);
        store.close();
        // Down for 20 minutes, back in the next hour.
        now = now.plus(Duration.ofMinutes(20));
        open();
        state(MachineState.IDLE);
        runFor(Duration.ofHours(1));

        assertFalse(out.buckets.isEmpty());
        MeterBucket first = out.buckets.get(0);
        assertEquals(T0, first.start(), "the 08:00 local hour");
        assertEquals(Duration.ofHours(1).toMillis(), first.millis().values().stream().mapToLong(Long::longValue).sum()
                + first.unknownMillis(), "adds up to the hour");
        assertTrue(first.millisIn(MachineState.RUNNING) > 0 && first.millisIn(MachineState.IDLE) > 0);
        assertEquals(9, first.cycles(), "the first counter value is a baseline");
        assertEquals(36L, first.parts());
        // Stopped at 08:55, back at 09:15 local: five minutes unknown in one hour, fifteen in the next.
        assertEquals(Duration.ofMinutes(5).toMillis(), first.unknownMillis(), "the time the agent was stopped");
        MeterBucket second = out.buckets.get(1);
        assertEquals(first.end(), second.start());
        assertEquals(Duration.ofMinutes(15).toMillis(), second.unknownMillis());
    }

    @Test
    void aForwardClockStepIsUnknownTimeAndClosesTheWindow() {
        state(MachineState.IDLE);
        runFor(Duration.ofMinutes(10));
        Instant before = now;
        // NTP steps the wall clock three hours ahead while the monotonic clock moved 10 s.
        now = now.plus(Duration.ofHours(3));
        engine.tick(now, nanos(before) + Duration.ofSeconds(10).toNanos());
        assertEquals(1, out.windows.size());
        assertEquals(before, out.windows.get(0).end());
        assertEquals("CLOCK_STEP", out.windows.get(0).closedBy());
        for (MeterBucket b : out.buckets) {
            assertEquals(0, b.millisIn(MachineState.IDLE) > 0 && b.start().isAfter(before) ? 1 : 0,
                    "no idle time invented in the step: " + b);
        }
    }

    @Test
    void aCalendarOpenAroundTheClockIsOfferedDayByDayWithIdsOfTheirDays() {
        var always = List.of(new WeeklySlot(EnumSet.allOf(DayOfWeek.class), LocalTime.MIDNIGHT, LocalTime.MAX));
        CapacityPlan plan = new CapacityPlan(ZONE, new SharingCalendar(ZONE, always, List.of()),
                new MaintenancePlan(ZONE, List.of()), Duration.ofMinutes(60), Duration.ofDays(3),
                List.of(new CapacityPlan.Machine(M, null, null)));
        CapacityRecorder recorder = new CapacityRecorder();
        CapacityEngine e = new CapacityEngine(plan, store, recorder);
        e.start(now, nanos(now));
        e.onState(new StateChange(M, MachineState.IDLE, now, null, "test"), now);
        List<ForecastWindow> windows = recorder.lastPicture().windows();
        assertEquals(4, windows.size(), "today's rest, two whole days, and the horizon's last morning: " + windows);
        assertEquals("imm-01-20261122T2300Z", windows.get(0).id(), "today's window is named after today's local midnight");
        assertEquals(now, windows.get(0).start());
        assertEquals(Instant.parse("2026-11-23T23:00:00Z"), windows.get(0).end());
        assertEquals("imm-01-20261123T2300Z", windows.get(1).id());
        assertEquals(24.0, windows.get(1).machineHours());
    }
}
