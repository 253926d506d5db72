package io.edgeagent.agent.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

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
import io.edgeagent.agent.state.StateChange;
import io.edgeagent.agent.testing.CapacityRecorder;
import io.edgeagent.drivers.ConnectionState;
import io.edgeagent.drivers.DriverHealth;
import io.edgeagent.drivers.Reading;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestTest {

    private final LinkedBlockingQueue<StateChange> states = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<List<Reading>> telemetry = new LinkedBlockingQueue<>();
    private final FeedSink sink = new FeedSink() {
        @Override
        public void stateChanged(StateChange change) {
            states.add(change);
        }

        @Override
        public void telemetry(String machineId, List<Reading> readings) {
            telemetry.add(readings);
        }
    };

    private final CapacityRecorder capacitySink = new CapacityRecorder();

    @TempDir
    Path dir;

    @Test
    void turnsReadingsAndHealthIntoStatesAndTelemetryBatches() throws Exception {
        Clock clock = Clock.systemUTC();
        StateRules rules = new StateRules(List.of(
                new StateRule(MachineState.RUNNING, new Condition.Compare("mode", Condition.Op.EQ, 1L)),
                new StateRule(MachineState.IDLE, new Condition.Otherwise())));
        CapacityPlan plan = new CapacityPlan(ZoneOffset.UTC, new SharingCalendar(ZoneOffset.UTC, List.of(), List.of()),
                new MaintenancePlan(ZoneOffset.UTC, List.of()), Duration.ofHours(1), Duration.ofDays(7),
                List.of(new CapacityPlan.Machine("m1", null, null)));
        CapacityStore store = CapacityStore.open(dir, clock);
        Ingest ingest = new Ingest(Map.of("m1", new MachineStateTracker("m1", rules, Duration.ZERO)), Map.of(),
                Duration.ofMillis(100), 1_000, sink, new CapacityEngine(plan, store, capacitySink), clock, System::nanoTime);
        ingest.start();
        try {
            assertEquals(MachineState.OFFLINE, next().state(), "nothing heard from the driver yet");
            ingest.onHealth("m1", new DriverHealth(ConnectionState.CONNECTED, clock.instant(), null));
            ingest.onReading(Reading.good("m1", "mode", 1L, clock.instant()));
            ingest.onReading(Reading.good("m1", "temp", 210.5, clock.instant()));
            StateChange change = next();
            if (change.state() == MachineState.IDLE) {
                // Without a dwell, the moment between CONNECTED and the first value is visible as IDLE.
                change = next();
            }
            assertEquals(MachineState.RUNNING, change.state());
            List<Reading> batch = telemetry.poll(10, TimeUnit.SECONDS);
            assertNotNull(batch, "telemetry batch");
            assertEquals(List.of("mode", "temp"), batch.stream().map(Reading::signal).toList());
            assertEquals(2, ingest.submit(ingest::machines).get(10, TimeUnit.SECONDS).get(0).readings(),
                    "both readings counted, the health change not");

            ingest.onHealth("m1", new DriverHealth(ConnectionState.DISCONNECTED, clock.instant(), "connection refused"));
            StateChange offline = next();
            assertEquals(MachineState.OFFLINE, offline.state());
            assertEquals("not reachable: connection refused", offline.reason());
        } finally {
            ingest.close();
            store.close();
        }
    }

    private StateChange next() throws InterruptedException {
        StateChange change = states.poll(10, TimeUnit.SECONDS);
        assertNotNull(change, "a state change");
        return change;
    }
}
