package io.edgeagent.drivers.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.drivers.ConnectionState;
import io.edgeagent.drivers.Quality;
import io.edgeagent.drivers.Reading;
import io.edgeagent.drivers.sim.ImmNode;
import io.edgeagent.drivers.sim.ImmSimulator;
import io.edgeagent.drivers.sim.Phase;
import io.edgeagent.drivers.testsupport.Await;
import io.edgeagent.drivers.testsupport.RecordingSink;
import io.edgeagent.drivers.testsupport.TestSimulators;
import io.edgeagent.drivers.testsupport.Threads;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The driver against a running simulator in manual mode, one for the whole class. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpcUaDriverTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration FAST = Duration.ofMillis(100);
    private static final String MACHINE = "imm-01";

    private ImmSimulator simulator;
    private Instant simulatorStarted;
    private RecordingSink sink;
    private OpcUaDriver driver;

    @BeforeAll
    void startSimulator() {
        simulatorStarted = Instant.now();
        simulator = TestSimulators.started(MACHINE, ImmSimulator.freePort(), Phase.PRODUCING);
    }

    @AfterAll
    void stopSimulator() {
        simulator.close();
        assertEquals(List.of(), Threads.aliveAfter("sim-" + MACHINE, Duration.ofSeconds(2)));
    }

    @BeforeEach
    void produce() {
        simulator.setPhase(Phase.PRODUCING);
        sink = new RecordingSink();
        driver = null;
    }

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void deliversTypedGoodReadingsWithSourceTimestamps() {
        open(signal("mode", ImmNode.MACHINE_MODE),
                signal("present", ImmNode.IS_PRESENT),
                signal("cycles", ImmNode.JOB_CYCLE_COUNTER),
                signal("mould", ImmNode.MOULD_TEMPERATURE));

        Reading mode = sink.awaitReading("mode", r -> true, WAIT);
        assertEquals(1L, mode.value(), "MachineMode AUTOMATIC while producing");
        assertEquals(Quality.GOOD, mode.quality());
        assertNull(mode.detail());
        assertEquals(Boolean.TRUE, sink.awaitReading("present", r -> true, WAIT).value());
        Reading mould = sink.awaitReading("mould", r -> true, WAIT);
        assertInstanceOf(Double.class, mould.value());
        assertTrue(Math.abs((Double) mould.value() - 45.0) < 5, "mould temperature near its setpoint: " + mould);

        Reading firstCount = sink.awaitReading("cycles", r -> true, WAIT);
        long first = assertInstanceOf(Long.class, firstCount.value());
        Reading later = sink.awaitReading("cycles", r -> (Long) r.value() > first, WAIT);
        assertTrue(later.sourceTime().isAfter(firstCount.sourceTime()), "the counter's source time moves on");
        for (Reading reading : List.of(mode, mould, later)) {
            assertTrue(!reading.sourceTime().isBefore(simulatorStarted) && !reading.sourceTime().isAfter(Instant.now()),
                    "source timestamp from the simulator: " + reading);
        }
    }

    @Test
    void reportsTheEuromapValuesOfEachPhaseInNamespaceIndexTwo() {
        open(new OpcUaSignal("mode", "ns=2;s=imm-01/MachineStatus/MachineMode", FAST, 0),
                new OpcUaSignal("status", "ns=2;s=imm-01/MachineMESStatus/ProductionControl/ProductionStatus", FAST, 0),
                new OpcUaSignal("reason", "ns=2;s=imm-01/MachineMESStatus/StandstillReasonId", FAST, 0));

        expectPhase(Phase.PRODUCING, 1, 4, "");
        simulator.setPhase(Phase.SETUP);
        expectPhase(Phase.SETUP, 4, 1, "");
        simulator.setPhase(Phase.STANDSTILL);
        expectPhase(Phase.STANDSTILL, 1, 4, Phase.STANDSTILL_REASON_ID);
        simulator.setPhase(Phase.IDLE);
        expectPhase(Phase.IDLE, 1, 1, "");
    }

    @Test
    void unknownNodesGiveBadReadingsWhileOtherSignalsDeliver() {
        open(signal("mode", ImmNode.MACHINE_MODE),
                new OpcUaSignal("missing", "ns=2;s=imm-01/NoSuchNode", FAST, 0),
                new OpcUaSignal("foreign", "nsu=urn:nobody:knows;s=imm-01/MachineStatus/MachineMode", FAST, 0));

        Reading missing = sink.awaitReading("missing", r -> true, WAIT);
        assertEquals(Quality.BAD, missing.quality());
        assertEquals("Bad_NodeIdUnknown", missing.detail());
        assertNull(missing.value());
        Reading foreign = sink.awaitReading("foreign", r -> true, WAIT);
        assertEquals(Quality.BAD, foreign.quality());
        assertTrue(foreign.detail().contains("urn:nobody:knows"), foreign.detail());
        assertEquals(Quality.GOOD, sink.awaitReading("mode", r -> true, WAIT).quality());
        assertEquals(ConnectionState.CONNECTED, driver.health().state());
    }

    @Test
    void deadbandSuppressesChangesSmallerThanIt() {
        String mould = simulator.nodeId(ImmNode.MOULD_TEMPERATURE);
        open(new OpcUaSignal("mould-every", mould, FAST, 0),
                new OpcUaSignal("mould-coarse", mould, FAST, 100),
                signal("cycles", ImmNode.JOB_CYCLE_COUNTER));

        long first = (Long) sink.awaitReading("cycles", r -> true, WAIT).value();
        sink.awaitReading("cycles", r -> (Long) r.value() >= first + 3, WAIT);
        assertTrue(sink.readings("mould-every").size() >= 3, "noise passes without a deadband");
        assertEquals(1, sink.readings("mould-coarse").size(), "only the first value passes a 100 °C deadband");
    }

    @Test
    void invalidNodeSyntaxIsRejectedAtSubscribeNamingTheSignal() {
        OpcUaDriver unopened = new OpcUaDriver("imm-x", OpcUaEndpoint.of(simulator.endpointUrl()));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> unopened.subscribe(
                List.of(OpcUaSignal.of("mode", "ns=2;x=MachineMode")), sink));

        assertTrue(error.getMessage().contains("'mode'"), error.getMessage());
        assertTrue(error.getMessage().contains("ns=2;x=MachineMode"), error.getMessage());
    }

    @Test
    void closeIsPromptAndStopsTheDriverThread() {
        open(signal("mode", ImmNode.MACHINE_MODE));
        sink.awaitHealth(0, ConnectionState.CONNECTED, WAIT);

        long start = System.nanoTime();
        driver.close();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "close took " + took);
        assertEquals(ConnectionState.CLOSED, driver.health().state());
        List<ConnectionState> states = sink.health().stream().map(h -> h.state()).toList();
        assertEquals(List.of(ConnectionState.CONNECTING, ConnectionState.CONNECTED, ConnectionState.CLOSED), states);
        assertEquals(List.of(), Threads.aliveAfter("opcua-", Duration.ofSeconds(2)));
    }

    /** Only changes are published, so wait until the latest value of each signal shows the phase. */
    private void expectPhase(Phase phase, long mode, long status, String reason) {
        Map.<String, Object>of("mode", mode, "status", status, "reason", reason).forEach((signal, expected) ->
                Await.until(WAIT, () -> expected.equals(latestValue(signal)),
                        () -> signal + " in " + phase + ": expected " + expected + ", got " + sink.readings(signal)));
    }

    private Object latestValue(String signal) {
        List<Reading> readings = sink.readings(signal);
        return readings.isEmpty() ? null : readings.get(readings.size() - 1).value();
    }

    private void open(OpcUaSignal... signals) {
        driver = new OpcUaDriver(MACHINE, OpcUaEndpoint.of(simulator.endpointUrl()));
        driver.subscribe(List.of(signals), sink);
        driver.open();
    }

    private OpcUaSignal signal(String name, ImmNode node) {
        return new OpcUaSignal(name, simulator.nodeId(node), FAST, 0);
    }
}
