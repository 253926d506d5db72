package io.edgeagent.drivers.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.drivers.Alarm;
import io.edgeagent.drivers.ConnectionState;
import io.edgeagent.drivers.Reading;
import io.edgeagent.drivers.sim.ImmSimulator;
import io.edgeagent.drivers.sim.Phase;
import io.edgeagent.drivers.testsupport.RecordingSink;
import io.edgeagent.drivers.testsupport.Threads;
import io.edgeagent.drivers.testsupport.TestSimulators;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Events against the IMM simulator, whose machine object is an event notifier: EUROMAP 77 cycles from
 * CycleParametersEventType (OPC 40083) and Alarms &amp; Conditions (OPC 10000-9) through a reconnect.
 */
class OpcUaEventsTest {

    private static final String MACHINE = "imm-22";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration KEEP_ALIVE = Duration.ofMillis(500);
    /** Milo's reconnect back-off after a failed attempt, a connect, and a subscription rebuilt, as in the fault test. */
    private static final Duration RECOVERY = Duration.ofSeconds(8).plus(REQUEST_TIMEOUT.multipliedBy(4))
            .plus(KEEP_ALIVE.multipliedBy(4));

    private final ImmSimulator simulator = TestSimulators.started(MACHINE, ImmSimulator.freePort(), Phase.PRODUCING);
    private final RecordingSink sink = new RecordingSink();
    private SilentProxy proxy;
    private OpcUaDriver driver;

    @AfterEach
    void closeAll() throws Exception {
        if (driver != null) {
            driver.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        simulator.close();
        assertEquals(List.of(), Threads.aliveAfter("opcua-", Duration.ofSeconds(2)));
    }

    /**
     * OPC 40083 CycleParametersEventType, subscribed with an EventFilter (OPC 10000-4 7.22.3): every cycle's counters,
     * quality and cycle time come as one event, so its readings share the event's Time, and the bad parts and cycle
     * quality, which no polled variable of the profile gives, are there.
     */
    @Test
    void eachCycleComesAsOneEventWithItsCountersQualityAndTime() {
        open(simulator.endpointUrl());

        sink.awaitReading("cycleQuality", Reading::isGood, WAIT);
        int after = sink.readingCount();
        // An event's readings come in its fields' order, jobName last: once it is here, all of them are.
        Reading quality = sink.awaitReading(after, "cycleQuality", Reading::isGood, WAIT);
        Instant time = quality.sourceTime();
        sink.awaitReading(after, "jobName", r -> r.sourceTime().equals(time), WAIT);
        Reading bad = atTime("badPartsCounter", time);
        Reading good = atTime("goodPartsCounter", time);
        Reading parts = atTime("partsCounter", time);
        assertEquals((Long) parts.value(), (Long) good.value() + (Long) bad.value(), "parts = good + bad");
        assertTrue(Set.of(0L, 1L).contains(quality.value()), "CycleQualityEnumeration GOOD_CYCLE or BAD_CYCLE");
        Reading cycleTime = atTime("lastCycleTime", time);
        assertEquals(TestSimulators.CYCLE.toMillis() / 1000.0, (Double) cycleTime.value(), 0.05,
                "CycleTime is a Duration in ms, reported in seconds");
        // Events, not samples: every counter reading stamped like an event's cycle quality is one cycle further.
        Set<Instant> events = sink.readings("cycleQuality").stream().map(Reading::sourceTime)
                .collect(Collectors.toSet());
        List<Long> counts = sink.readings("cycleCounter").stream().filter(r -> events.contains(r.sourceTime()))
                .map(r -> (Long) r.value()).toList();
        assertTrue(counts.size() >= 2, "cycle events: " + counts);
        for (int i = 1; i < counts.size(); i++) {
            assertTrue(counts.get(i) > counts.get(i - 1), "one event per cycle: " + counts);
        }
    }

    /** OPC 10000-9 5.5.2: an alarm condition's raise and clear, each reported once, with message and severity. */
    @Test
    void anAlarmConditionIsReportedWhenRaisedAndWhenCleared() {
        open(simulator.endpointUrl());
        sink.awaitHealth(0, ConnectionState.CONNECTED, WAIT);
        sink.awaitReading("machineMode", Reading::isGood, WAIT);

        simulator.raiseAlarm("SpindleOverload", "spindle overload", 800);
        Alarm raised = sink.awaitAlarm(0, Alarm::active, WAIT);
        assertEquals("spindle overload", raised.message());
        assertEquals(800, raised.severity());
        assertEquals(MACHINE, raised.source());
        assertFalse(raised.acked());
        assertTrue(raised.id().endsWith("s=" + MACHINE + "/Alarms/SpindleOverload"), raised.id());

        int before = sink.alarmCount();
        simulator.clearAlarm("SpindleOverload");
        Alarm cleared = sink.awaitAlarm(before, a -> !a.active(), WAIT);
        assertEquals(raised.id(), cleared.id());
        assertEquals(before + 1, sink.alarmCount(), "one message per change: " + sink.alarms());
    }

    /**
     * OPC 10000-9 5.5.7: after every new subscription the driver calls ConditionRefresh, so conditions that changed
     * while the connection was down are right afterwards: one cleared during the outage is reported cleared at the
     * RefreshEndEvent, one raised during it is reported, and one active throughout is not reported again.
     */
    @Test
    void activeAlarmsAreRightAgainAfterAReconnectThroughConditionRefresh() throws Exception {
        proxy = new SilentProxy("127.0.0.1", simulator.port());
        open("opc.tcp://127.0.0.1:" + proxy.port() + "/imm");
        sink.awaitHealth(0, ConnectionState.CONNECTED, WAIT);
        sink.awaitReading("machineMode", Reading::isGood, WAIT);
        simulator.raiseAlarm("HeaterZone3", "heater zone 3 fault", 700);
        simulator.raiseAlarm("OilTemperature", "oil temperature high", 500);
        sink.awaitAlarm(0, a -> a.active() && a.message().equals("oil temperature high"), WAIT);

        int connected = sink.healthCount();
        int attempts = proxy.attempts();
        proxy.refuse(true);
        proxy.reset();
        sink.awaitHealth(connected, ConnectionState.DISCONNECTED, WAIT);
        int lost = sink.alarmCount();
        simulator.clearAlarm("HeaterZone3");
        simulator.raiseAlarm("SafetyGate", "safety gate open", 900);
        assertTrue(proxy.awaitAttempts(attempts + 1, RECOVERY), "the driver tried to reconnect during the outage");
        assertEquals(lost, sink.alarmCount(), "nothing arrives while the path is down");
        proxy.refuse(false);

        sink.awaitHealth(connected + 1, ConnectionState.CONNECTED, RECOVERY);
        Alarm cleared = sink.awaitAlarm(lost, a -> !a.active(), RECOVERY);
        assertTrue(cleared.id().endsWith("/Alarms/HeaterZone3"), cleared.id());
        Alarm raised = sink.awaitAlarm(lost, Alarm::active, WAIT);
        assertEquals("safety gate open", raised.message());
        assertEquals(900, raised.severity());
        // The refresh has ended once the clear came, which it sends at its end: no repeat of the oil alarm.
        Set<String> changed = sink.alarms().stream().skip(lost).map(Alarm::message).collect(Collectors.toSet());
        assertEquals(Set.of("heater zone 3 fault", "safety gate open"), changed);
        assertNull(sink.alarms().stream().skip(lost).filter(a -> a.message().startsWith("oil")).findFirst()
                .orElse(null));
    }

    private Reading atTime(String signal, Instant time) {
        return sink.readings(signal).stream().filter(r -> r.sourceTime().equals(time)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + signal + " of the event at " + time));
    }

    private void open(String endpoint) {
        driver = new OpcUaDriver(MACHINE, OpcUaEndpoint.of(endpoint).withRequestTimeout(REQUEST_TIMEOUT),
                MachineRoot.of(null, Profile.EUROMAP77), KEEP_ALIVE);
        driver.subscribe(Profile.EUROMAP77.signals().stream()
                .map(s -> new OpcUaSignal(s.name(), s.path().toString(), Duration.ofMillis(100), 0)).toList(), sink);
        driver.open();
    }
}
