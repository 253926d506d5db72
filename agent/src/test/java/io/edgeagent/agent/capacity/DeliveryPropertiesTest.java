package io.edgeagent.agent.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeagent.agent.config.MachineState;
import io.edgeagent.agent.feed.json.Payloads;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random lives of a reservation's account (issue 19, item 5): time passes, jumps forward, steps back; states
 * arrive late and early; cycles are counted; the agent restarts with the clock ahead or behind; the
 * reservation completes or is released at any moment. Whatever happens, the report's times cover the
 * accounted span exactly once: they add up to it, in milliseconds and in the published whole seconds, and
 * no millisecond is in two segments.
 */
class DeliveryPropertiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Whole milliseconds, or a start with microseconds as a reserve request may carry. */
    private static final List<Instant> STARTS = List.of(Instant.parse("2026-03-29T00:30:00Z"),
            Instant.parse("2026-10-25T00:15:00.250Z"), Instant.parse("2026-06-15T10:00:00.123456Z"));

    @Property(tries = 400)
    void theReportCoversTheAccountedSpanExactlyOnce(@ForAll("lives") Life life) throws IOException {
        Run run = life.run();
        DeliveryReport report = run.report;

        long total = report.unknownMillis() + report.millis().values().stream().mapToLong(Long::longValue).sum();
        assertEquals(Duration.between(report.start(), report.end()).toMillis(), total, "adds up: " + report);
        assertEquals(run.cycles, report.cycles(), "every cycle once");
        assertFalse(report.end().isAfter(life.reservation().end()), "never past the planned end");
        assertFalse(report.end().isBefore(report.start()));

        List<Delivery.Segment> segments = run.segmentsAtEnd;
        assertEquals(report.start(), segments.get(0).start(), "from the planned start");
        for (int i = 1; i < segments.size(); i++) {
            assertEquals(segments.get(i - 1).end(), segments.get(i).start(), "contiguous, none overlapping: " + segments);
        }
        for (Delivery.Segment s : segments) {
            assertFalse(s.end().isBefore(s.start()), () -> "not negative: " + s);
        }

        JsonNode rendered = JSON.readTree(new Payloads("gw", 1, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC))
                .deliveryReport(1, report));
        long seconds = 0;
        for (JsonNode s : rendered.get("seconds")) {
            assertTrue(s.asLong() >= 0, rendered::toString);
            seconds += s.asLong();
        }
        assertEquals(rendered.get("reservedSeconds").asLong(), seconds, "whole seconds add up: " + rendered);
        assertEquals(Math.round(Duration.between(report.start(), report.end()).toMillis() / 1000.0),
                rendered.get("reservedSeconds").asLong(), rendered::toString);
    }

    @Provide
    Arbitrary<Life> lives() {
        Arbitrary<Reservation> reservations = Combinators.combine(Arbitraries.of(STARTS),
                Arbitraries.longs().between(1, Duration.ofHours(5).toMillis()))
                .as((start, ms) -> new Reservation("res-1", "m", new TimeSpan(start, start.plusMillis(ms)), "r-1", null));
        Arbitrary<MachineState> first = Arbitraries.of(MachineState.class).injectNull(0.2);
        Arbitrary<Long> lateStart = Arbitraries.longs().between(0, Duration.ofMinutes(30).toMillis()).injectNull(0.6)
                .map(ms -> ms == null ? 0L : ms);
        Arbitrary<Long> releasedAfter = Arbitraries.longs().between(0, Duration.ofHours(6).toMillis()).injectNull(0.5);
        return Combinators.combine(reservations, first, lateStart, releasedAfter, steps().list().ofMaxSize(50))
                .as(Life::new);
    }

    private static Arbitrary<Duration> amounts() {
        Arbitrary<Duration> small = Arbitraries.longs().between(0, Duration.ofMinutes(5).toMillis()).map(Duration::ofMillis);
        Arbitrary<Duration> big = Arbitraries.longs().between(0, Duration.ofHours(2).toMillis()).map(Duration::ofMillis);
        Arbitrary<Duration> millis = Arbitraries.frequencyOf(Tuple.of(8, small), Tuple.of(2, big));
        return Combinators.combine(millis, Arbitraries.integers().between(0, 999_999).injectNull(0.7))
                .as((d, ns) -> ns == null ? d : d.plusNanos(ns));
    }

    private static Arbitrary<Step> steps() {
        Arbitrary<Step> advance = amounts().map(Advance::new);
        Arbitrary<Step> back = amounts().map(Back::new);
        Arbitrary<Step> gap = amounts().map(Gap::new);
        Arbitrary<Step> state = Combinators.combine(Arbitraries.of(MachineState.class),
                Arbitraries.longs().between(-60_000, Duration.ofHours(1).toMillis())).as(State::new);
        Arbitrary<Step> count = Arbitraries.integers().between(0, 5).map(Count::new);
        Arbitrary<Step> restart = Combinators.combine(amounts(), Arbitraries.of(true, false))
                .as((d, ahead) -> new Restart(ahead ? d : d.negated()));
        return Arbitraries.frequencyOf(Tuple.of(8, advance), Tuple.of(2, back), Tuple.of(1, gap), Tuple.of(4, state),
                Tuple.of(4, count), Tuple.of(1, restart));
    }

    /**
     * @param lateStart     how long after the planned start the agent began observing (0: it was running)
     * @param releasedAfter released this long after the planned start, or {@code null}: it runs to its end
     */
    record Life(Reservation reservation, MachineState first, long lateStart, Long releasedAfter, List<Step> steps) {

        Run run() {
            Run run = new Run(this);
            for (Step step : steps) {
                if (releasedAfter != null && !run.clock.isBefore(reservation.start().plusMillis(releasedAfter))) {
                    break;
                }
                step.apply(run);
            }
            Instant end = releasedAfter == null ? reservation.end() : run.clock;
            run.delivery.advance(run.clock);
            run.report = run.delivery.finish(releasedAfter == null ? ReservationStatus.COMPLETED
                    : ReservationStatus.RELEASED, end, 2);
            run.segmentsAtEnd = run.delivery.segments();
            return run;
        }
    }

    static final class Run {
        Delivery delivery;
        Instant clock;
        long cycles;
        DeliveryReport report;
        List<Delivery.Segment> segmentsAtEnd = new ArrayList<>();

        Run(Life life) {
            clock = life.reservation().start().plusMillis(life.lateStart());
            delivery = Delivery.begin(life.reservation(), clock, life.first(), "first");
        }
    }

    sealed interface Step permits Advance, Back, Gap, State, Count, Restart {
        void apply(Run run);
    }

    record Advance(Duration by) implements Step {
        public void apply(Run run) {
            run.clock = run.clock.plus(by);
            run.delivery.advance(run.clock);
        }
    }

    /** The clock is stepped back: the engine's timeline would freeze, but the account must hold even if not. */
    record Back(Duration by) implements Step {
        public void apply(Run run) {
            run.clock = run.clock.minus(by);
            run.delivery.advance(run.clock);
        }
    }

    record Gap(Duration by) implements Step {
        public void apply(Run run) {
            run.clock = run.clock.plus(by);
            run.delivery.unknownUntil(run.clock);
        }
    }

    record State(MachineState state, long sinceMillisAgo) implements Step {
        public void apply(Run run) {
            run.delivery.advance(run.clock);
            run.delivery.onState(state, run.clock.minusMillis(sinceMillisAgo), "rule", run.clock);
        }
    }

    /** Counted only while the reservation runs: the engine stops handing cycles to it at its end. */
    record Count(int made) implements Step {
        public void apply(Run run) {
            if (run.clock.isBefore(run.delivery.reservation().end())) {
                run.delivery.onCycles(made);
                run.cycles += made;
            }
        }
    }

    /** The agent restarts from the last snapshot, its clock ahead of or behind where it stopped. */
    record Restart(Duration shift) implements Step {
        public void apply(Run run) {
            Delivery.Snapshot s = run.delivery.snapshot();
            run.clock = run.clock.plus(shift);
            run.delivery = Delivery.resume(run.delivery.reservation(), s, run.clock);
        }
    }
}
