package io.edgeagent.agent.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.agent.config.MachineState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The forecast's promises for any offered time, any learned history and any "now": windows stay inside the
 * offered time and out of the hours expected busy, and a window keeps its id while time passes.
 */
class ForecastPropertiesTest {

    /**
     * Fortnights holding changes of offset: Berlin and New York on the hour, Lord Howe by half an hour, Chatham
     * at 02:45 local time.
     */
    private static final List<Instant> BASES = List.of(Instant.parse("2026-03-24T00:00:00Z"),
            Instant.parse("2026-10-20T00:00:00Z"), Instant.parse("2026-03-03T00:00:00Z"),
            Instant.parse("2026-09-22T00:00:00Z"));
    private static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("Europe/Berlin"),
            ZoneId.of("America/New_York"), ZoneId.of("Asia/Kolkata"), ZoneId.of("Australia/Lord_Howe"),
            ZoneId.of("Pacific/Chatham"));
    private static final long HORIZON_SECONDS = Duration.ofDays(14).toSeconds();
    private static final String MACHINE = "imm-07";

    @Property
    void windowsStayInOfferedTimeAndOutOfExpectedOwnUse(@ForAll("scenarios") Scenario s) {
        UsageProfile profile = s.profile();
        List<TimeSpan> offered = s.offered();
        List<ForecastWindow> windows = s.planner().plan(MACHINE, offered, profile, s.notBefore(), s.cycleSeconds(), s.cavities());

        List<TimeSpan> offeredUnion = TimeSpans.normalize(offered);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < windows.size(); i++) {
            ForecastWindow w = windows.get(i);
            assertTrue(offeredUnion.stream().anyMatch(o -> o.encloses(w.span())), "inside one offered span: " + w);
            assertFalse(w.start().isBefore(s.notBefore()), "nothing before notBefore: " + w);
            assertTrue(w.span().duration().compareTo(s.minWindow()) >= 0, "at least the minimum: " + w);
            assertTrue(w.confidence() >= 0.0 && w.confidence() <= 1.0, "confidence in 0..1: " + w);
            assertEquals(w.span().duration().toMillis() / 3_600_000.0, w.machineHours(), 0.0006, "machine hours: " + w);
            assertTrue(ids.add(w.id()), "unique id: " + w.id());
            assertTrue(w.id().startsWith(MACHINE + "-"), w.id());
            if (i > 0) {
                assertTrue(windows.get(i - 1).end().isBefore(w.start()), "sorted and disjoint: " + windows.get(i - 1) + " " + w);
            }
            for (Instant t = w.start(); t.isBefore(w.end()); t = t.plus(Duration.ofMinutes(10))) {
                assertFalse(expectedBusy(profile, s.threshold(), t), "no window in an hour expected busy: " + t + " in " + w);
            }
            assertFalse(expectedBusy(profile, s.threshold(), w.end().minusNanos(1)), "last instant of " + w);
        }
    }

    @Property
    void everyFreeOfferedInstantIsInAWindowUnlessItsRunIsTooShort(@ForAll("scenarios") Scenario s) {
        UsageProfile profile = s.profile();
        List<ForecastWindow> windows = s.planner().plan(MACHINE, s.offered(), profile, s.notBefore(), null, null);
        // The shortest minimum allowed shows the free runs before the configured minimum drops any.
        ForecastPlanner everything = new ForecastPlanner(Duration.ofMinutes(1), s.threshold());
        List<TimeSpan> all = everything.plan(MACHINE, s.offered(), profile, s.notBefore(), null, null).stream()
                .map(ForecastWindow::span).toList();
        assertEquals(all.stream().filter(w -> w.duration().compareTo(s.minWindow()) >= 0).toList(),
                windows.stream().map(ForecastWindow::span).toList(), "exactly the free runs long enough");
        for (TimeSpan o : TimeSpans.normalize(s.offered())) {
            for (Instant t = o.start(); t.isBefore(o.end()); t = t.plus(Duration.ofMinutes(7))) {
                Instant at = t;
                boolean free = !at.isBefore(s.notBefore()) && !expectedBusy(profile, s.threshold(), at);
                if (free) {
                    assertTrue(all.stream().anyMatch(w -> w.contains(at))
                            || TimeSpans.normalize(s.offered()).stream().anyMatch(x -> x.contains(at) && shortRun(x, at, s, profile)),
                            "free offered instant " + at + " is offered");
                }
            }
        }
    }

    @Property
    void idsSurviveTimePassing(@ForAll("scenarios") Scenario s, @ForAll("later") long laterSeconds) {
        UsageProfile profile = s.profile();
        Instant t2 = s.notBefore().plusSeconds(laterSeconds);
        List<ForecastWindow> first = s.planner().plan(MACHINE, s.offered(), profile, s.notBefore(), s.cycleSeconds(), s.cavities());
        List<ForecastWindow> second = s.planner().plan(MACHINE, s.offered(), profile, t2, s.cycleSeconds(), s.cavities());

        for (ForecastWindow w : second) {
            Optional<ForecastWindow> earlier = first.stream().filter(f -> f.span().contains(w.start())).findFirst();
            assertTrue(earlier.isPresent(), "a later window was already offered earlier: " + w);
            assertEquals(earlier.get().id(), w.id(), "same window, same id");
            assertEquals(earlier.get().end(), w.end(), "time passing only moves a window's start");
            if (w.start().isAfter(t2)) {
                assertEquals(earlier.get(), w, "a window not yet started is unchanged");
            }
        }
    }

    @Property
    void aRestoredProfilePlansTheSame(@ForAll("scenarios") Scenario s) {
        UsageProfile profile = s.profile();
        UsageProfile restored = UsageProfile.restore(profile.zone(), profile.snapshot());
        assertEquals(s.planner().plan(MACHINE, s.offered(), profile, s.notBefore(), s.cycleSeconds(), s.cavities()),
                s.planner().plan(MACHINE, s.offered(), restored, s.notBefore(), s.cycleSeconds(), s.cavities()));
    }

    @Property
    void partsFollowCyclesAndCavities(@ForAll("scenarios") Scenario s) {
        for (ForecastWindow w : s.planner().plan(MACHINE, s.offered(), s.profile(), s.notBefore(), s.cycleSeconds(), s.cavities())) {
            if (s.cycleSeconds() == null) {
                assertEquals(null, w.estimatedCycles());
                assertEquals(null, w.estimatedParts());
                continue;
            }
            double seconds = w.span().duration().toMillis() / 1000.0;
            long cycles = w.estimatedCycles();
            assertTrue(cycles * s.cycleSeconds() <= seconds + 1e-6 && (cycles + 1) * s.cycleSeconds() > seconds - 1e-6,
                    "whole cycles that fit: " + w);
            assertEquals(s.cavities() == null ? null : cycles * s.cavities(), w.estimatedParts());
        }
    }

    private static boolean expectedBusy(UsageProfile profile, double threshold, Instant t) {
        int slot = UsageProfile.slotOf(t, profile.zone());
        return profile.observations(slot) > 0 && profile.busyShare(slot) >= threshold;
    }

    /**
     * Sampling at minutes misses free runs shorter than a minute between busy hours or span ends; such an
     * instant is accepted when the free run around it, walked second by second, is under a minute long.
     */
    private static boolean shortRun(TimeSpan offered, Instant t, Scenario s, UsageProfile profile) {
        Instant from = t;
        while (from.isAfter(offered.start()) && from.isAfter(s.notBefore()) && !expectedBusy(profile, s.threshold(), from.minusSeconds(1))) {
            from = from.minusSeconds(1);
        }
        Instant to = t;
        while (to.isBefore(offered.end()) && !expectedBusy(profile, s.threshold(), to)) {
            to = to.plusSeconds(1);
        }
        return Duration.between(from, to).compareTo(Duration.ofMinutes(1)) < 0;
    }

    @Provide
    Arbitrary<Long> later() {
        return Arbitraries.longs().between(1, Duration.ofDays(7).toSeconds());
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<TimeSpan> span = Combinators.combine(Arbitraries.longs().between(0, HORIZON_SECONDS),
                Arbitraries.longs().between(1, Duration.ofDays(2).toSeconds())).as((start, length) -> new TimeSpan(
                        Instant.ofEpochSecond(start), Instant.ofEpochSecond(start + length)));
        Arbitrary<Usage> usage = Combinators.combine(Arbitraries.integers().between(1, 5 * 168),
                Arbitraries.integers().between(0, 60), Arbitraries.integers().between(0, 60),
                Arbitraries.integers().between(0, 60)).as(Usage::new);
        Arbitrary<Double> cycleSeconds = Arbitraries.doubles().between(0.1, 600.0).ofScale(2).injectNull(0.3);
        Arbitrary<Integer> cavities = Arbitraries.integers().between(1, 64).injectNull(0.3);
        return Combinators.combine(Arbitraries.of(BASES), Arbitraries.of(ZONES), span.list().ofMaxSize(8),
                usage.list().ofMaxSize(400), Arbitraries.longs().between(-Duration.ofDays(1).toSeconds(), HORIZON_SECONDS),
                Arbitraries.integers().between(1, 300), Arbitraries.doubles().between(0.0, 1.0).ofScale(2),
                Combinators.combine(cycleSeconds, cavities).as(Estimate::new))
                .as(Scenario::new);
    }

    /** One hour of history, {@code hoursBack} hours before the base: minutes busy, idle, offline; rest unknown. */
    record Usage(int hoursBack, int busy, int idle, int offline) {
    }

    record Estimate(Double cycleSeconds, Integer cavities) {
    }

    /** Offered spans are relative to the base (seconds since the epoch stand for seconds after the base). */
    record Scenario(Instant base, ZoneId zone, List<TimeSpan> relativeOffered, List<Usage> history, long notBeforeSeconds,
            int minWindowMinutes, double threshold, Estimate estimate) {

        UsageProfile profile() {
            UsageProfile profile = UsageProfile.empty(zone);
            MachineState[] busyStates = {MachineState.RUNNING, MachineState.SETUP, MachineState.DOWN, MachineState.MAINTENANCE};
            for (Usage u : history) {
                Map<MachineState, Long> millis = new EnumMap<>(MachineState.class);
                long busy = Math.min(u.busy(), 60);
                long idle = Math.min(u.idle(), 60 - busy);
                long offline = Math.min(u.offline(), 60 - busy - idle);
                millis.put(busyStates[u.hoursBack() % busyStates.length], Duration.ofMinutes(busy).toMillis());
                millis.put(MachineState.IDLE, Duration.ofMinutes(idle).toMillis());
                millis.put(MachineState.OFFLINE, Duration.ofMinutes(offline).toMillis());
                Instant start = base.minus(Duration.ofHours(u.hoursBack()));
                profile.learn(new MeterBucket(MACHINE, start, start.plus(Duration.ofHours(1)), millis,
                        Duration.ofMinutes(60 - busy - idle - offline).toMillis(), 0, null));
            }
            return profile;
        }

        /**
         * Offered time as the engine hands it over: merged where it overlaps or touches, so the free runs
         * checked here are whole (touching spans the caller keeps apart on purpose are an example test).
         */
        List<TimeSpan> offered() {
            List<TimeSpan> out = new ArrayList<>();
            for (TimeSpan r : relativeOffered) {
                out.add(new TimeSpan(base.plusSeconds(r.start().getEpochSecond()), base.plusSeconds(r.end().getEpochSecond())));
            }
            return TimeSpans.normalize(out);
        }

        Instant notBefore() {
            return base.plusSeconds(notBeforeSeconds);
        }

        Duration minWindow() {
            return Duration.ofMinutes(minWindowMinutes);
        }

        ForecastPlanner planner() {
            return new ForecastPlanner(minWindow(), threshold);
        }

        Double cycleSeconds() {
            return estimate.cycleSeconds();
        }

        Integer cavities() {
            return estimate.cavities();
        }
    }
}
