package io.edgeagent.agent.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgeagent.agent.capacity.CapacityEngine;
import io.edgeagent.agent.capacity.CapacityPlan;
import io.edgeagent.agent.capacity.MaintenancePlan;
import io.edgeagent.agent.capacity.SharingCalendar;
import io.edgeagent.agent.capacity.store.CapacityStore;
import io.edgeagent.agent.config.Condition;
import io.edgeagent.agent.config.MachineState;
import io.edgeagent.agent.config.StateRule;
import io.edgeagent.agent.config.StateRules;
import io.edgeagent.agent.state.MachineStateTracker;
import io.edgeagent.agent.state.AlarmChange;
import io.edgeagent.agent.state.StateChange;
import io.edgeagent.agent.testing.CapacityRecorder;
import io.edgeagent.agent.testing.ManualTime;
import io.edgeagent.drivers.ConnectionState;
import io.edgeagent.drivers.DriverHealth;
import io.edgeagent.drivers.Reading;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, item 7: a Pi without a real-time clock whose NTP steps the wall clock back three days, and forward again,
 * while a press cycles, stops and cycles again. States, dwell and counting windows go by the monotonic clock, so
 * every change is still published, with wall-clock times as the platform reads them. The clocks are set by hand;
 * the ingest thread is made to catch up through {@link Ingest#submit}, never by waiting.
 */
class IngestClockStepTest {

    private static final Instant T0 = Instant.parse("2026-11-24T08:00:00Z");
    private static final Duration STEP = Duration.ofDays(3);
    private static final StateRules PRESS = new StateRules(List.of(
            new StateRule(MachineState.RUNNING, new Condition.Counting("strokes", Duration.ofSeconds(10))),
            new StateRule(MachineState.IDLE, new Condition.Otherwise())), Duration.ofSeconds(2));

    private final ManualTime time = new ManualTime(T0);
    private final List<StateChange> published = new CopyOnWriteArrayList<>();
    private final List<List<Object>> telemetry = new CopyOnWriteArrayList<>();
    private long strokes;

    @TempDir
    Path dir;

    @Test
    void statesGoOnThroughAWallClockSteppedBackThreeDaysAndForwardAgain() throws Exception {
        CapacityStore store = CapacityStore.open(dir, time.clock());
        Ingest ingest = new Ingest(Map.of("press-01", new MachineStateTracker("press-01", PRESS, PRESS.dwell())),
                Map.of(), Duration.ofSeconds(1), 1_000, sink(), new CapacityEngine(plan(), store, new CapacityRecorder()),
                time.clock(), time::nanoTime);
        ingest.start();
        try {
            ingest.onHealth("press-01", new DriverHealth(ConnectionState.CONNECTED, T0, null));
            cycle(ingest, 6);                      // RUNNING; the last stroke 2 s ago
            time.stepWall(STEP.negated());         // NTP: the Pi had booted three days in the future
            Instant steppedBack = time.wall();
            idle(ingest, 12);                      // the counter stopped just before the step: IDLE within its window
            cycle(ingest, 6);                      // RUNNING again
            idle(ingest, 9);                       // stopped 11 s ago: IDLE waits for its 2 s dwell...
            Instant idleSeen = time.wall();
            time.stepWall(STEP.negated());         // ...across another step back
            idle(ingest, 3);
            cycle(ingest, 3);                      // RUNNING again
            time.stepWall(STEP.multipliedBy(2));   // forward to the real time while it runs: no gap in RUNNING
            cycle(ingest, 3);
            idle(ingest, 12);                      // and IDLE once it stops

            assertEquals(List.of(MachineState.IDLE, MachineState.RUNNING, MachineState.IDLE, MachineState.RUNNING,
                    MachineState.IDLE, MachineState.RUNNING, MachineState.IDLE),
                    published.stream().map(StateChange::state).toList());
            assertEquals(steppedBack.plusSeconds(9), published.get(2).since(), "wall time, three days back: the last"
                    + " stroke 2 s before the step, its 10 s window over at the first tick after that");
            assertEquals(idleSeen, published.get(4).since(), "the wall time it began, before the step");
        } finally {
            ingest.close();
            store.close();
        }
    }

    @Test
    void aTelemetryBatchOpenedBeforeAStepBackIsSentOnTime() throws Exception {
        CapacityStore store = CapacityStore.open(dir, time.clock());
        Ingest ingest = new Ingest(Map.of("press-01", new MachineStateTracker("press-01", PRESS, PRESS.dwell())),
                Map.of(), Duration.ofSeconds(1), 1_000, sink(), new CapacityEngine(plan(), store, new CapacityRecorder()),
                time.clock(), time::nanoTime);
        ingest.start();
        try {
            ingest.onReading(Reading.good("press-01", "temp", 210.5, time.wall()));
            ingest.submit(() -> null).get();
            time.stepWall(STEP.negated());
            second(ingest);

            assertEquals(List.of(List.of(210.5)), telemetry, "sent one second after its first reading");
        } finally {
            ingest.close();
            store.close();
        }
    }

    /** Strokes every 2 s for {@code count} strokes, the ingest thread catching up each second. */
    private void cycle(Ingest ingest, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            ingest.onReading(Reading.good("press-01", "strokes", ++strokes, time.wall()));
            ingest.submit(() -> null).get();    // taken at this moment, before time moves on
            second(ingest);
            second(ingest);
        }
    }

    private void idle(Ingest ingest, int seconds) throws Exception {
        for (int i = 0; i < seconds; i++) {
            second(ingest);
        }
    }

    /** One second passes on both clocks, and the ingest thread ticks at it. */
    private void second(Ingest ingest) throws Exception {
        time.advance(Duration.ofSeconds(1));
        // The first task runs in the loop pass that ticks at the new time; the second only after that tick.
        ingest.submit(() -> null).get();
        ingest.submit(() -> null).get();
    }

    private FeedSink sink() {
        return new FeedSink() {
            @Override
            public void stateChanged(StateChange change) {
                published.add(change);
            }

            @Override
            public void telemetry(String machineId, List<Reading> readings) {
                telemetry.add(readings.stream().map(Reading::value).toList());
            }

            @Override
            public void alarmChanged(AlarmChange change) {
            }
        };
    }

    private static CapacityPlan plan() {
        return new CapacityPlan(ZoneOffset.UTC, new SharingCalendar(ZoneOffset.UTC, List.of(), List.of()),
                new MaintenancePlan(ZoneOffset.UTC, List.of()), Duration.ofHours(1), Duration.ofDays(7),
                List.of(new CapacityPlan.Machine("press-01", null, null)));
    }

}
