package io.edgeagent.agent.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.edgeagent.agent.config.Condition;
import io.edgeagent.agent.config.StateRule;
import io.edgeagent.agent.config.StateRules;
import io.edgeagent.agent.state.MachineState;
import io.edgeagent.agent.state.MachineStateTracker;
import io.edgeagent.agent.state.StateChange;
import io.edgeagent.drivers.ConnectionState;
import io.edgeagent.drivers.DriverHealth;
import io.edgeagent.drivers.Reading;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

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

    @Test
    void turnsReadingsAndHealthIntoStatesAndTelemetryBatches() throws Exception {
        Clock clock = Clock.systemUTC();
        StateRules rules = new StateRules(List.of(
                new StateRule(MachineState.RUNNING, new Condition.Compare("mode", Condition.Op.EQ, 1L)),
                new StateRule(MachineState.IDLE, new Condition.Otherwise())));
        Ingest ingest = new Ingest(Map.of("m1", new MachineStateTracker("m1", rules, Duration.ZERO)),
                Duration.ofMillis(100), 1_000, sink, clock);
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

            ingest.onHealth("m1", new DriverHealth(ConnectionState.DISCONNECTED, clock.instant(), "connection refused"));
            StateChange offline = next();
            assertEquals(MachineState.OFFLINE, offline.state());
            assertEquals("not reachable: connection refused", offline.reason());
        } finally {
            ingest.close();
        }
    }

    private StateChange next() throws InterruptedException {
        StateChange change = states.poll(10, TimeUnit.SECONDS);
        assertNotNull(change, "a state change");
        return change;
    }
}
