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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random lives of the capacity engine with reservations, on its real H2 store: time passes tick by tick or in one
 * tick across hours, the wall clock steps forward or back, the machine changes state and counts cycles and good
 * parts, the agent is stopped and started again (before or after a reservation's end, in the same hour or hours
 * later), reservations are released. Whatever happens, docs/capacity.md (Metering) holds: the shares of a
 * reservation's hours add up to its delivery report, its cycles, parts and good parts exactly, and its time in
 * milliseconds exactly but for hours that are not published; an hour's shares never exceed the hour.
 */
class ReservationSharePropertiesTest {

    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    /** 08:10 local on a Monday. */
    private static final Instant T0 = Instant.parse("2026-11-23T07:10:00Z");
    private static final String M = "imm-01";
    private static final int CAVITIES = 2;

    @Property(tries = 30)
    void theSharesOfAReservationsHoursAddUpToItsReport(@ForAll("bookings") List<Booking> bookings,
            @ForAll("steps") List<Step> steps) throws IOException {
        Path dir = Files.createTempDirectory("shares");
        try (Life life = new Life(dir)) {
            life.state(MachineState.IDLE);
            life.engine.onPartsCounter(M, true, life.good, life.now);
            for (Booking b : bookings) {
                life.reserve(b);
            }
            for (Step step : steps) {
                step.apply(life);
            }
            // On past every reservation's end and the close of its last hour.
            life.pass(Duration.ofHours(9), Duration.ofMinutes(5));
            check(life.out);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void check(CapacityRecorder out) {
        for (MeterBucket hour : out.buckets) {
            long shared = hour.reservations().stream().mapToLong(ReservationShare::cycles).sum();
            assertTrue(shared <= hour.cycles(), () -> "an hour's shares are part of it: " + hour);
        }
        for (DeliveryReport report : out.reports) {
            String id = report.reservation().id();
            List<ReservationShare> shares = new ArrayList<>();
            long published = 0;
            for (MeterBucket hour : out.buckets) {
                hour.reservations().stream().filter(s -> s.reservationId().equals(id)).forEach(shares::add);
                published += overlap(report.start(), report.end(), hour.start(), hour.end());
            }
            String what = id + " " + report + " shares " + shares;
            assertEquals(published, shares.stream().mapToLong(ReservationShare::millis).sum(),
                    "its time in the published hours: " + what);
            assertEquals(report.cycles(), shares.stream().mapToLong(ReservationShare::cycles).sum(), "cycles: " + what);
            assertEquals(report.parts(), shares.stream().mapToLong(s -> Objects.requireNonNull(s.parts())).sum(),
                    "parts: " + what);
            assertEquals(report.goodParts(), shares.stream().mapToLong(s -> Objects.requireNonNull(s.goodParts())).sum(),
                    "good parts, from the hours' counter: " + what);
            assertNull(report.badParts(), "no bad parts counter");
            assertTrue(shares.stream().allMatch(s -> s.badParts() == null), "null as the hour's: " + what);
        }
    }

    private static long overlap(Instant s1, Instant e1, Instant s2, Instant e2) {
        Instant s = s1.isAfter(s2) ? s1 : s2;
        Instant e = e1.isBefore(e2) ? e1 : e2;
        return e.isAfter(s) ? Duration.between(s, e).toMillis() : 0;
    }

    @Provide
    Arbitrary<List<Booking>> bookings() {
        return Combinators.combine(Arbitraries.integers().between(1, 240), Arbitraries.integers().between(1, 60))
                .as(Booking::new).list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Duration> small = Arbitraries.longs().between(1, 600).map(Duration::ofSeconds);
        Arbitrary<Duration> hours = Arbitraries.longs().between(1, 180).map(Duration::ofMinutes);
        Arbitrary<Step> ticks = small.map(Ticks::new);
        Arbitrary<Step> oneTick = hours.map(OneTick::new);
        Arbitrary<Step> forward = hours.map(StepForward::new);
        Arbitrary<Step> back = small.map(StepBack::new);
        Arbitrary<Step> state = Arbitraries.of(MachineState.RUNNING, MachineState.IDLE, MachineState.SETUP,
                MachineState.DOWN).map(SetState::new);
        Arbitrary<Step> count = Arbitraries.integers().between(1, 5).map(Count::new);
        Arbitrary<Step> restart = Arbitraries.frequencyOf(Tuple.of(3, small), Tuple.of(1, hours)).map(Restart::new);
        Arbitrary<Step> release = Arbitraries.just(new Release());
        return Arbitraries.frequencyOf(Tuple.of(6, ticks), Tuple.of(2, oneTick), Tuple.of(1, forward),
                Tuple.of(1, back), Tuple.of(3, state), Tuple.of(5, count), Tuple.of(4, restart), Tuple.of(1, release))
                .list().ofMaxSize(30);
    }

    /** A reservation asked for at the start: from {@code startMinute} after it, for {@code minutes}. */
    record Booking(int startMinute, int minutes) {
    }

    /** The engine on its store in {@code dir}, with a wall and a monotonic clock the steps move. */
    static final class Life implements AutoCloseable {
        final Path dir;
        final CapacityRecorder out = new CapacityRecorder();
        CapacityStore store;
        CapacityEngine engine;
        Instant now = T0;
        long mono;
        long counter;
        long good = 500;
        int requests;

        Life(Path dir) {
            this.dir = dir;
            open();
        }

        private void open() {
            store = CapacityStore.open(dir, Clock.fixed(now, ZoneOffset.UTC));
            engine = new CapacityEngine(plan(), store, out);
            engine.start(now, mono);
        }

        void reserve(Booking b) {
            Instant start = T0.plus(Duration.ofMinutes(b.startMinute()));
            CommandAnswer a = engine.reserve(new ReserveRequest("r-" + ++requests, M, null, start,
                    start.plus(Duration.ofMinutes(b.minutes())), "order " + requests), now);
            assertTrue(a.result() == Result.ACCEPTED || a.result() == Result.CONFLICT, a::toString);
        }

        void state(MachineState s) {
            engine.onState(new StateChange(M, s, now.minusSeconds(2), null, s + " rule"), now);
        }

        /** Time passes by {@code d}, ticked every {@code every}. */
        void pass(Duration d, Duration every) {
            Instant end = now.plus(d);
            while (now.isBefore(end)) {
                Instant next = now.plus(every).isAfter(end) ? end : now.plus(every);
                mono += Duration.between(now, next).toNanos();
                now = next;
                engine.tick(now, mono);
            }
        }

        void restart(Duration down) {
            engine.stop(now);
            store.close();
            now = now.plus(down);
            mono += down.toNanos();
            open();
        }

        @Override
        public void close() {
            store.close();
        }
    }

    private static CapacityPlan plan() {
        var always = List.of(new WeeklySlot(EnumSet.allOf(DayOfWeek.class), LocalTime.MIDNIGHT, LocalTime.MAX));
        return new CapacityPlan(ZONE, new SharingCalendar(ZONE, always, List.of()), new MaintenancePlan(ZONE, List.of()),
                Duration.ofMinutes(60), Duration.ofDays(3), List.of(new CapacityPlan.Machine(M, 30.0, CAVITIES)));
    }

    sealed interface Step permits Ticks, OneTick, StepForward, StepBack, SetState, Count, Restart, Release {
        void apply(Life life);
    }

    record Ticks(Duration by) implements Step {
        public void apply(Life life) {
            life.pass(by, Duration.ofSeconds(10));
        }
    }

    /** The engine's thread is held up: one tick, by both clocks, can close several hours. */
    record OneTick(Duration by) implements Step {
        public void apply(Life life) {
            life.now = life.now.plus(by);
            life.mono += by.toNanos();
            life.engine.tick(life.now, life.mono);
        }
    }

    /** NTP steps the wall clock ahead while a second passes. */
    record StepForward(Duration by) implements Step {
        public void apply(Life life) {
            life.now = life.now.plus(by);
            life.mono += Duration.ofSeconds(1).toNanos();
            life.engine.tick(life.now, life.mono);
        }
    }

    record StepBack(Duration by) implements Step {
        public void apply(Life life) {
            life.now = life.now.minus(by);
            life.mono += Duration.ofSeconds(1).toNanos();
            life.engine.tick(life.now, life.mono);
        }
    }

    record SetState(MachineState state) implements Step {
        public void apply(Life life) {
            life.state(state);
        }
    }

    /** Cycles made, and as many good parts per cycle as cavities. */
    record Count(int cycles) implements Step {
        public void apply(Life life) {
            life.counter += cycles;
            life.good += (long) cycles * CAVITIES;
            life.engine.onCounter(M, life.counter, life.now);
            life.engine.onPartsCounter(M, true, life.good, life.now);
        }
    }

    record Restart(Duration down) implements Step {
        public void apply(Life life) {
            life.restart(down);
        }
    }

    /** The platform releases the first reservation still current. */
    record Release() implements Step {
        public void apply(Life life) {
            life.engine.pictures().stream().flatMap(p -> p.reservations().stream()).findFirst()
                    .ifPresent(r -> life.engine.release("rel-" + ++life.requests, r.id(), life.now));
        }
    }
}
