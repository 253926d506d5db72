package io.edgeagent.agent.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.edgeagent.agent.capacity.CapacityEngine;
import io.edgeagent.agent.capacity.CapacityPlan;
import io.edgeagent.agent.capacity.MaintenancePlan;
import io.edgeagent.agent.capacity.MeterSnapshot;
import io.edgeagent.agent.capacity.SharingCalendar;
import io.edgeagent.agent.capacity.store.CapacityStore;
import io.edgeagent.agent.config.Condition;
import io.edgeagent.agent.config.MachineState;
import io.edgeagent.agent.config.StateRule;
import io.edgeagent.agent.config.StateRules;
import io.edgeagent.agent.state.AlarmChange;
import io.edgeagent.agent.state.MachineStateTracker;
import io.edgeagent.agent.state.StateChange;
import io.edgeagent.drivers.Alarm;
import io.edgeagent.agent.testing.CapacityRecorder;
import io.edgeagent.drivers.ConnectionState;
import io.edgeagent.drivers.DriverHealth;
import io.edgeagent.drivers.Reading;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
    private final LinkedBlockingQueue<AlarmChange> alarms = new LinkedBlockingQueue<>();
    private final FeedSink sink = new FeedSink() {
        @Override
        public void alarmChanged(AlarmChange change) {
            alarms.add(change);
        }

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
        CapacityStore store = CapacityStore.open(dir, clock);
        Ingest ingest = start(new StateRules(List.of(
                new StateRule(MachineState.RUNNING, new Condition.Compare("mode", Condition.Op.EQ, 1L)),
                new StateRule(MachineState.IDLE, new Condition.Otherwise()))), store, clock);
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

    /**
     * An active alarm of at least the rule's severity makes the machine DOWN, and the reason names the alarm's own
     * message; its raise and clear each reach the feed once, with the list left afterwards. A repeat (as an OPC UA
     * ConditionRefresh sends) changes nothing.
     */
    @Test
    void anAlarmOfTheRulesSeverityMakesTheMachineDownWithItsMessageAsTheReason() throws Exception {
        Clock clock = Clock.systemUTC();
        CapacityStore store = CapacityStore.open(dir, clock);
        Ingest ingest = start(new StateRules(List.of(
                new StateRule(MachineState.DOWN, new Condition.ActiveAlarm(700)),
                new StateRule(MachineState.IDLE, new Condition.Otherwise()))), store, clock);
        try {
            assertEquals(MachineState.OFFLINE, next().state());
            ingest.onHealth("m1", new DriverHealth(ConnectionState.CONNECTED, clock.instant(), null));
            assertEquals(MachineState.IDLE, next().state());

            Alarm oil = new Alarm("m1", "oil", "hydraulics", "oil temperature high", null, 500, true, false,
                    clock.instant());
            ingest.onAlarm(oil);
            AlarmChange first = alarms.poll(10, TimeUnit.SECONDS);
            assertNotNull(first, "the raise of a low alarm");
            assertEquals(AlarmChange.Kind.RAISED, first.kind());
            Alarm spindle = new Alarm("m1", "spindle", "S1", "spindle overload", null, 800, true, false,
                    clock.instant());
            ingest.onAlarm(spindle);
            ingest.onAlarm(spindle);
            StateChange down = next();
            assertEquals(MachineState.DOWN, down.state());
            assertEquals("alarm: spindle overload (severity 800, S1)", down.reason());
            AlarmChange raised = alarms.poll(10, TimeUnit.SECONDS);
            assertNotNull(raised);
            assertEquals(List.of(oil, spindle), raised.active());

            ingest.onAlarm(spindle.cleared(clock.instant()));
            assertEquals(MachineState.IDLE, next().state(), "only a 500 left, below the rule's 700");
            AlarmChange cleared = alarms.poll(10, TimeUnit.SECONDS);
            assertNotNull(cleared);
            assertEquals(AlarmChange.Kind.CLEARED, cleared.kind());
            assertEquals(List.of(oil), cleared.active());
            assertEquals(null, alarms.poll(), "the repeated raise was not a change: " + alarms);
        } finally {
            ingest.close();
            store.close();
        }
    }

    /**
     * Issue 22 item 4: the EUROMAP 77 profile's goodPartsCounter and badPartsCounter readings reach the
     * hourly meter, a reset (new job) counting up from zero; the open hour saved at stop holds them.
     */
    @Test
    void goodAndBadPartsCounterReadingsAreMetered() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T07:30:00Z"), ZoneOffset.UTC);
        CapacityStore store = CapacityStore.open(dir, clock);
        Ingest ingest = start(new StateRules(List.of(new StateRule(MachineState.IDLE, new Condition.Otherwise()))),
                store, clock);
        try {
            for (long good : new long[] {100, 104, 3}) {
                ingest.onReading(Reading.good("m1", "goodPartsCounter", good, clock.instant()));
            }
            ingest.onReading(Reading.good("m1", "badPartsCounter", 1L, clock.instant()));
            ingest.onReading(Reading.good("m1", "badPartsCounter", 2L, clock.instant()));
        } finally {
            ingest.close();
        }
        try {
            MeterSnapshot open = store.meter("m1").orElseThrow();
            assertEquals(Long.valueOf(4 + 3), open.goodParts(), "the baseline, 4, and 3 after the reset");
            assertEquals(Long.valueOf(1), open.badParts());
        } finally {
            store.close();
        }
    }

    /** Ingest of one machine, m1, with these rules and no dwell, started. */
    private Ingest start(StateRules rules, CapacityStore store, Clock clock) {
        CapacityPlan plan = new CapacityPlan(ZoneOffset.UTC, new SharingCalendar(ZoneOffset.UTC, List.of(), List.of()),
                new MaintenancePlan(ZoneOffset.UTC, List.of()), Duration.ofHours(1), Duration.ofDays(7),
                List.of(new CapacityPlan.Machine("m1", null, null)));
        Ingest ingest = new Ingest(Map.of("m1", new MachineStateTracker("m1", rules, Duration.ZERO)), Map.of(),
                Duration.ofMillis(100), 1_000, sink, new CapacityEngine(plan, store, capacitySink), clock, System::nanoTime);
        ingest.start();
        return ingest;
    }

    private StateChange next() throws InterruptedException {
        StateChange change = states.poll(10, TimeUnit.SECONDS);
        assertNotNull(change, "a state change");
        return change;
    }
}
