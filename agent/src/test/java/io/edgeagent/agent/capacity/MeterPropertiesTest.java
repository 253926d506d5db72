package io.edgeagent.agent.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.agent.config.MachineState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random lives of a meter: the clock runs, jumps forward, steps back; states arrive late and early; the
 * counter counts, resets and is lost; the agent restarts with the clock ahead or behind. Whatever happens,
 * what the meter publishes must add up.
 */
class MeterPropertiesTest {

    private static final List<String> ZONES = List.of("UTC", "Europe/Berlin", "America/New_York",
            "Australia/Lord_Howe", "Asia/Kolkata", "America/St_Johns");
    /** Near the 2026 DST changes of the zones above, and an ordinary day. */
    private static final List<Instant> ANCHORS = List.of(Instant.parse("2026-03-29T00:00:00Z"),
            Instant.parse("2026-10-24T22:00:00Z"), Instant.parse("2026-03-08T05:00:00Z"),
            Instant.parse("2026-11-01T04:00:00Z"), Instant.parse("2026-04-04T13:00:00Z"),
            Instant.parse("2026-10-03T14:00:00Z"), Instant.parse("2026-06-15T10:00:00Z"));

    @Property(tries = 400)
    void publishedBucketsAddUpNeverOverlapAndKeepEveryCycle(@ForAll("lives") Life life) {
        Run run = life.run();

        Instant previousEnd = Instant.MIN;
        for (MeterBucket b : run.published) {
            long sum = b.unknownMillis() + b.millis().values().stream().mapToLong(Long::longValue).sum();
            assertEquals(b.length().toMillis(), sum, () -> "adds up: " + b);
            assertTrue(b.start().isBefore(b.end()), () -> "not empty: " + b);
            assertFalse(b.start().isBefore(previousEnd), () -> "after the previous bucket: " + b);
            assertTrue(b.length().compareTo(Duration.ofHours(1)) <= 0, () -> "at most an hour: " + b);
            ZonedDateTime localEnd = b.end().atZone(life.zone());
            assertTrue(localEnd.getMinute() == 0 && localEnd.getSecond() == 0 || b.length().equals(Duration.ofHours(1)),
                    () -> "ends on a local hour: " + b);
            assertTrue(b.cycles() >= 0, () -> "cycles: " + b);
            assertEquals(life.cavities() == null ? null : b.cycles() * life.cavities(), b.parts());
            assertTrue(run.reported.containsAll(b.millis().keySet()), () -> "no state invented: " + b);
            previousEnd = b.end();
        }
        long counted = run.published.stream().mapToLong(MeterBucket::cycles).sum() + run.meter.snapshot().cycles();
        assertEquals(run.expectedCycles, counted, "every counted cycle is in exactly one bucket");
    }

    @Property(tries = 200)
    void withoutGapsTheHoursFollowOneAnother(@ForAll("gaplessLives") Life life) {
        Run run = life.run();

        for (int i = 1; i < run.published.size(); i++) {
            assertEquals(run.published.get(i - 1).end(), run.published.get(i).start(), "contiguous");
        }
        if (!run.published.isEmpty()) {
            assertFalse(run.published.get(0).start().isAfter(life.start()), "starts with the start's hour");
        }
        assertTrue(run.meter.snapshot().bucketStart().isBefore(run.meter.snapshot().bucketEnd()));
    }

    @Provide
    Arbitrary<Life> lives() {
        return lives(true);
    }

    @Provide
    Arbitrary<Life> gaplessLives() {
        return lives(false);
    }

    private static Arbitrary<Life> lives(boolean gaps) {
        Arbitrary<ZoneId> zones = Arbitraries.of(ZONES).map(ZoneId::of);
        Arbitrary<Instant> starts = Combinators.combine(Arbitraries.of(ANCHORS),
                Arbitraries.longs().between(0, Duration.ofHours(6).toMillis()), Arbitraries.integers().between(0, 999_999))
                .as((anchor, ms, ns) -> anchor.plusMillis(ms).plusNanos(ns));
        Arbitrary<Integer> cavities = Arbitraries.integers().between(1, 8).injectNull(0.3);
        return Combinators.combine(zones, starts, cavities, steps(gaps).list().ofMaxSize(60)).as(Life::new);
    }

    private static Arbitrary<Duration> amounts() {
        Arbitrary<Duration> small = Arbitraries.longs().between(0, Duration.ofMinutes(5).toMillis()).map(Duration::ofMillis);
        Arbitrary<Duration> medium = Arbitraries.longs().between(0, Duration.ofHours(2).toMillis()).map(Duration::ofMillis);
        Arbitrary<Duration> big = Arbitraries.longs().between(0, Duration.ofDays(3).toMillis()).map(Duration::ofMillis);
        Arbitrary<Duration> millis = Arbitraries.frequencyOf(Tuple.of(6, small), Tuple.of(3, medium), Tuple.of(1, big));
        return Combinators.combine(millis, Arbitraries.integers().between(0, 999_999).injectNull(0.7))
                .as((d, ns) -> ns == null ? d : d.plusNanos(ns));
    }

    private static Arbitrary<Step> steps(boolean gaps) {
        Arbitrary<Step> advance = amounts().map(Advance::new);
        Arbitrary<Step> back = amounts().map(Back::new);
        Arbitrary<Step> state = Combinators.combine(Arbitraries.of(MachineState.class),
                Arbitraries.longs().between(-60_000, Duration.ofHours(2).toMillis())).as(State::new);
        Arbitrary<Step> count = Arbitraries.integers().between(0, 5).map(Count::new);
        Arbitrary<Step> reset = Arbitraries.longs().between(0, 1_000).map(Reset::new);
        Arbitrary<Step> lost = Arbitraries.just(new Lost());
        if (!gaps) {
            return Arbitraries.frequencyOf(Tuple.of(8, advance), Tuple.of(2, back), Tuple.of(4, state),
                    Tuple.of(5, count), Tuple.of(1, reset), Tuple.of(1, lost));
        }
        Arbitrary<Step> gap = amounts().map(Gap::new);
        Arbitrary<Step> restart = Combinators.combine(amounts(), Arbitraries.of(true, false))
                .as((d, ahead) -> new Restart(ahead ? d : d.negated()));
        return Arbitraries.frequencyOf(Tuple.of(8, advance), Tuple.of(2, back), Tuple.of(1, gap), Tuple.of(4, state),
                Tuple.of(5, count), Tuple.of(1, reset), Tuple.of(1, lost), Tuple.of(1, restart));
    }

    record Life(ZoneId zone, Instant start, Integer cavities, List<Step> steps) {

        Run run() {
            Run run = new Run(this);
            steps.forEach(step -> step.apply(run));
            run.published.addAll(run.meter.advance(run.clock));
            return run;
        }
    }

    /** The agent around the meter, and the machine: its counter and what a correct meter must have counted. */
    static final class Run {
        final Life life;
        final List<MeterBucket> published = new ArrayList<>();
        final Set<MachineState> reported = EnumSet.noneOf(MachineState.class);
        Meter meter;
        Instant clock;
        long counter;
        boolean baseline;
        long expectedCycles;

        Run(Life life) {
            this.life = life;
            this.clock = life.start();
            this.meter = new Meter("m", life.zone(), life.cavities(), clock);
        }

        void read() {
            meter.onCounter(counter, clock);
            baseline = true;
        }
    }

    sealed interface Step permits Advance, Back, Gap, State, Count, Reset, Lost, Restart {
        void apply(Run run);
    }

    record Advance(Duration by) implements Step {
        public void apply(Run run) {
            run.clock = run.clock.plus(by);
            run.published.addAll(run.meter.advance(run.clock));
        }
    }

    /** The clock is stepped back, and the agent goes on with the time it reads. */
    record Back(Duration by) implements Step {
        public void apply(Run run) {
            run.clock = run.clock.minus(by);
            run.published.addAll(run.meter.advance(run.clock));
        }
    }

    /** The clock jumped forward and the agent noticed. */
    record Gap(Duration by) implements Step {
        public void apply(Run run) {
            run.clock = run.clock.plus(by);
            run.published.addAll(run.meter.unknownUntil(run.clock));
        }
    }

    /** A state reported with a since some time before now (or, negative, a little after). */
    record State(MachineState state, long sinceMillisAgo) implements Step {
        public void apply(Run run) {
            run.meter.onState(state, run.clock.minusMillis(sinceMillisAgo), run.clock);
            run.reported.add(state);
        }
    }

    record Count(int made) implements Step {
        public void apply(Run run) {
            run.counter += made;
            if (run.baseline) {
                run.expectedCycles += made;
            }
            run.read();
        }
    }

    /** The machine resets its counter and counts up to below where it was. */
    record Reset(long to) implements Step {
        public void apply(Run run) {
            if (run.counter == 0) {
                return;
            }
            run.counter = Math.floorMod(to, run.counter);
            if (run.baseline) {
                run.expectedCycles += run.counter;
            }
            run.read();
        }
    }

    record Lost() implements Step {
        public void apply(Run run) {
            run.meter.counterLost();
            run.baseline = false;
        }
    }

    /** The agent takes what is closed and a snapshot, stops, and starts again with the clock moved on or back. */
    record Restart(Duration clockMovedBy) implements Step {
        public void apply(Run run) {
            run.published.addAll(run.meter.advance(run.clock));
            MeterSnapshot snapshot = run.meter.snapshot();
            run.clock = run.clock.plus(clockMovedBy);
            run.meter = Meter.resume(snapshot, run.life.zone(), run.life.cavities(), run.clock);
            // Documented: the baseline survives only a restart that ends in the snapshot's own hour.
            run.baseline &= run.clock.isBefore(snapshot.bucketEnd());
        }
    }
}
