package io.edgeagent.drivers.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.drivers.ConnectionState;
import io.edgeagent.drivers.DriverHealth;
import io.edgeagent.drivers.Quality;
import io.edgeagent.drivers.Reading;
import io.edgeagent.drivers.sim.ImmSimulator;
import io.edgeagent.drivers.sim.Phase;
import io.edgeagent.drivers.testsupport.RecordingSink;
import io.edgeagent.drivers.testsupport.TestSimulators;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Signals named by browse path, below a configured root or the machine object a profile finds. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowsePathDriverTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration FAST = Duration.ofMillis(100);
    private static final String MACHINE = "imm-05";

    private ImmSimulator simulator;
    private RecordingSink sink;
    private OpcUaDriver driver;

    @BeforeAll
    void startSimulator() {
        simulator = TestSimulators.started(MACHINE, ImmSimulator.freePort(), Phase.PRODUCING);
    }

    @AfterAll
    void stopSimulator() {
        simulator.close();
    }

    @BeforeEach
    void produce() {
        simulator.setPhase(Phase.PRODUCING);
        sink = new RecordingSink();
    }

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void theEuromapProfileFindsTheMachineUnderDeviceSetAndReadsItsStandardVariables() {
        open(MachineRoot.of(null, Profile.EUROMAP77), profileSignals(Profile.EUROMAP77));

        assertEquals(1L, sink.awaitReading("machineMode", Reading::isGood, WAIT).value(), "AUTOMATIC");
        assertEquals(4L, sink.awaitReading("productionStatus", Reading::isGood, WAIT).value(), "PRODUCTION");
        assertEquals(Boolean.TRUE, sink.awaitReading("isPresent", Reading::isGood, WAIT).value());
        long first = assertInstanceOf(Long.class, sink.awaitReading("cycleCounter", Reading::isGood, WAIT).value());
        sink.awaitReading("cycleCounter", r -> r.isGood() && (Long) r.value() > first, WAIT);
        assertEquals(0.3, (Double) sink.awaitReading("expectedCycleTime", Reading::isGood, WAIT).value(), 1e-9,
                "a Duration of 300 ms, in seconds");

        simulator.setPhase(Phase.SETUP);
        sink.awaitReading("machineMode", r -> Long.valueOf(4).equals(r.value()), WAIT);
    }

    @Test
    void aNodeTheServerLacksIsABadReadingNamingWhereItWasLookedForAndTheRestKeepsWorking() {
        open(MachineRoot.of(null, Profile.EUROMAP77),
                OpcUaSignal.of("machineMode", "/MachineStatus/MachineMode"),
                OpcUaSignal.of("doorOpen", "/MachineStatus/DoorOpen"),
                OpcUaSignal.of("toolId", "/Jobs/NoSuchJob/ToolId"));

        Reading door = sink.awaitReading("doorOpen", r -> true, WAIT);
        assertEquals(Quality.BAD, door.quality());
        assertNull(door.value());
        assertEquals("Bad_NoMatch (no 'DoorOpen' below /DeviceSet/" + MACHINE + "/MachineStatus)", door.detail());
        assertEquals("Bad_NoMatch (no 'NoSuchJob' below /DeviceSet/" + MACHINE + "/Jobs)",
                sink.awaitReading("toolId", r -> true, WAIT).detail());
        assertEquals(1L, sink.awaitReading("machineMode", Reading::isGood, WAIT).value());
        assertEquals(ConnectionState.CONNECTED, driver.health().state());
    }

    @Test
    void withoutARootPathsStartAtTheObjectsFolderAndAStarMatchesAnyChild() {
        open(MachineRoot.OBJECTS,
                OpcUaSignal.of("mode", "/DeviceSet/" + MACHINE + "/MachineStatus/MachineMode"),
                OpcUaSignal.of("anyMode", "/DeviceSet/*/MachineStatus/MachineMode"),
                OpcUaSignal.of("byId", simulator.nodeId(io.edgeagent.drivers.sim.ImmNode.MACHINE_MODE)));

        assertEquals(1L, sink.awaitReading("mode", Reading::isGood, WAIT).value());
        assertEquals(1L, sink.awaitReading("anyMode", Reading::isGood, WAIT).value());
        assertEquals(1L, sink.awaitReading("byId", Reading::isGood, WAIT).value(), "node ids ignore the root");
    }

    @Test
    void aConfiguredRootIsWherePathsStart() {
        open(MachineRoot.of("/DeviceSet/" + MACHINE, null),
                OpcUaSignal.of("clamp", "/Process/ClampForce"));

        assertInstanceOf(Double.class, sink.awaitReading("clamp", Reading::isGood, WAIT).value());
    }

    /**
     * Issue 16: a plain node whose DataType attribute is Duration (OPC 10000-3 8.13, milliseconds) reads in seconds,
     * as a profile's does, whether named by path or by node id; a Double beside it stays as the server sends it.
     */
    @Test
    void aPlainNodeOfDataTypeDurationReadsInSecondsAsTheProfilesDo() {
        open(MachineRoot.of("/DeviceSet/" + MACHINE, null),
                OpcUaSignal.of("cycle", "/Jobs/ActiveJob/ExpectedCycleTime"),
                OpcUaSignal.of("cycleById", simulator.nodeId(io.edgeagent.drivers.sim.ImmNode.EXPECTED_CYCLE_TIME)),
                OpcUaSignal.of("mould", "/Process/MouldTemperature"));

        assertEquals(0.3, (Double) sink.awaitReading("cycle", Reading::isGood, WAIT).value(), 1e-9,
                "ExpectedCycleTime, a Duration of 300 ms, in seconds");
        assertEquals(0.3, (Double) sink.awaitReading("cycleById", Reading::isGood, WAIT).value(), 1e-9);
        double mould = (Double) sink.awaitReading("mould", Reading::isGood, WAIT).value();
        assertTrue(mould > 1, "a mould temperature in °C is not divided by 1000: " + mould);
    }

    @Test
    void aServerWithoutTheProfilesMachineLeavesTheMachineDisconnectedWithTheReason() {
        open(MachineRoot.of(null, Profile.MACHINERY), profileSignals(Profile.MACHINERY));

        DriverHealth health = sink.awaitHealth(0, h -> h.lastError() != null
                && h.lastError().startsWith("no OPC 40001-1 Machinery machine"), WAIT);
        assertEquals(ConnectionState.DISCONNECTED, health.state());
        assertEquals("no OPC 40001-1 Machinery machine on the server: no object in /Machines or /DeviceSet has"
                + " /MachineryBuildingBlocks/MachineryItemState (looked at /DeviceSet/" + MACHINE + "); set the"
                + " machine's opcua.root to its machine object: " + simulator.endpointUrl(), health.lastError());
        assertTrue(sink.readings("itemState").isEmpty(), "nothing is read from a machine that was not found");
    }

    private void open(MachineRoot root, OpcUaSignal... signals) {
        driver = new OpcUaDriver(MACHINE, OpcUaEndpoint.of(simulator.endpointUrl()), root);
        driver.subscribe(Arrays.asList(signals), sink);
        driver.open();
    }

    private static OpcUaSignal[] profileSignals(Profile profile) {
        List<OpcUaSignal> signals = profile.signals().stream()
                .map(s -> new OpcUaSignal(s.name(), s.path(), FAST, OpcUaSignal.Deadband.absolute(0),
                        OpcUaSignal.DEFAULT_QUEUE_SIZE, s.conversion()))
                .toList();
        return signals.toArray(OpcUaSignal[]::new);
    }
}
