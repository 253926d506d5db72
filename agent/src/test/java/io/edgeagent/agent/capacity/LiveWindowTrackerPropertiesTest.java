package io.edgeagent.agent.capacity;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.agent.config.MachineState;
import java.time.Instant;
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
 * Drives the tracker through random histories (states reported after a dwell, offered time with gaps,
 * forward clock steps) and checks every closed window against the truth: inside offered time, inside
 * one idle stretch, never across a clock step, never overlapping another.
 */
class LiveWindowTrackerPropertiesTest {

    private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");

    sealed interface Step permits Advance, Change, Jump {
    }

    record Advance(int seconds) implements Step {
    }

    /** A state that began {@code dwell} seconds before it is reported. */
    record Change(MachineState state, int dwell) implements Step {
    }

    record Jump(int seconds) implements Step {
    }

    record StateAt(MachineState state, Instant since) {
    }

    @Property(tries = 300)
    void windowsOnlyCoverObservedIdleTimeInsideOfferedTime(@ForAll("offered") List<TimeSpan> offered,
                                                          @ForAll("steps") List<Step> steps) {
        LiveWindowTracker tracker = new LiveWindowTracker("m");
        List<LiveWindow> windows = new ArrayList<>();
        List<StateAt> truth = new ArrayList<>();
        List<TimeSpan> gaps = new ArrayList<>();
        Instant now = T0;
        Instant lastSince = T0;
        windows.addAll(tracker.advance(now, offered));
        for (Step step : steps) {
            if (step instanceof Advance a) {
                now = now.plusSeconds(a.seconds());
                windows.addAll(tracker.advance(now, offered));
            } else if (step instanceof Change c) {
                Instant since = now.minusSeconds(c.dwell());
                if (since.isBefore(lastSince)) {
                    since = lastSince;
                }
                // A window already published (closed by the end of offered time) is not taken back by a change
                // reported after it, dated back by its dwell into it (docs/capacity.md, "Live idle window").
                Instant published = windows.isEmpty() ? T0 : windows.get(windows.size() - 1).end();
                if (since.isBefore(published)) {
                    since = published;
                }
                lastSince = since;
                truth.add(new StateAt(c.state(), since));
                tracker.onState(c.state(), since).ifPresent(windows::add);
                windows.addAll(tracker.advance(now, offered));
            } else if (step instanceof Jump j) {
                Instant to = now.plusSeconds(j.seconds());
                gaps.add(new TimeSpan(now, to));
                tracker.clockStepped(now, to).ifPresent(windows::add);
                now = to;
                lastSince = to;
                windows.addAll(tracker.advance(now, offered));
            }
        }
        tracker.stop(now).ifPresent(windows::add);

        for (int i = 0; i < windows.size(); i++) {
            LiveWindow w = windows.get(i);
            TimeSpan span = new TimeSpan(w.start(), w.end());
            assertFalse(span.isEmpty(), "empty window " + w);
            assertTrue(offered.stream().anyMatch(o -> o.encloses(span)), "outside offered time: " + w + " " + offered);
            assertTrue(idleThroughout(truth, span), "covers a non-idle state: " + w + " " + truth);
            assertTrue(gaps.stream().noneMatch(g -> g.overlaps(span)), "across a clock step: " + w + " " + gaps);
            assertFalse(w.start().isBefore(T0), "before the tracker started: " + w);
            if (i > 0) {
                assertFalse(windows.get(i - 1).end().isAfter(w.start()), "overlapping windows " + windows);
            }
        }
    }

    private static boolean idleThroughout(List<StateAt> truth, TimeSpan span) {
        MachineState inForce = null;
        for (int i = 0; i < truth.size(); i++) {
            StateAt s = truth.get(i);
            Instant until = i + 1 < truth.size() ? truth.get(i + 1).since() : Instant.MAX;
            TimeSpan period = new TimeSpan(s.since(), until);
            if (period.overlaps(span) && s.state() != MachineState.IDLE) {
                return false;
            }
            if (!s.since().isAfter(span.start())) {
                inForce = s.state();
            }
        }
        return inForce == MachineState.IDLE;
    }

    @Provide
    Arbitrary<List<TimeSpan>> offered() {
        Arbitrary<TimeSpan> span = Combinators.combine(Arbitraries.integers().between(0, 20_000),
                Arbitraries.integers().between(1, 6_000)).as((s, len) -> new TimeSpan(T0.plusSeconds(s), T0.plusSeconds(s + len)));
        return span.list().ofMaxSize(6).map(TimeSpans::normalize);
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> advance = Arbitraries.integers().between(1, 900).map(Advance::new);
        Arbitrary<Step> change = Combinators.combine(Arbitraries.of(MachineState.class), Arbitraries.integers().between(0, 5))
                .as(Change::new);
        Arbitrary<Step> jump = Arbitraries.integers().between(60, 86_400).map(Jump::new);
        return Arbitraries.frequencyOf(
                Tuple.of(6, advance), Tuple.of(4, change), Tuple.of(1, jump))
                .list().ofMaxSize(60);
    }
}
