package io.edgeagent.drivers.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.edgeagent.drivers.ConnectionState;
import io.edgeagent.drivers.Reading;
import io.edgeagent.drivers.sim.ImmSimulator;
import io.edgeagent.drivers.sim.Phase;
import io.edgeagent.drivers.sim.machinetool.MachineToolPhase;
import io.edgeagent.drivers.sim.machinetool.MachineToolSimulator;
import io.edgeagent.drivers.testsupport.RecordingSink;
import io.edgeagent.drivers.testsupport.TestSimulators;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Profiles against simulators shaped like the companion specifications, with their spec namespace URIs. */
class ProfileDriverTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Duration FAST = Duration.ofMillis(100);

    private final RecordingSink sink = new RecordingSink();
    private OpcUaDriver driver;
    private AutoCloseable simulator;

    @AfterEach
    void close() throws Exception {
        if (driver != null) {
            driver.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void euromapNodesAreFoundAgainAfterARestartThatRenumberedTheNamespaces() {
        int port = ImmSimulator.freePort();
        ImmSimulator first = TestSimulators.manual("imm-77", port, Phase.PRODUCING).namespaceOrder(1).build();
        simulator = first;
        first.start();
        open("imm-77", first.endpointUrl(), Profile.EUROMAP77);
        assertEquals(1L, sink.awaitReading("machineMode", Reading::isGood, WAIT).value());
        assertEquals("JOB-0001", sink.awaitReading("jobName", Reading::isGood, WAIT).value());
        long parts = assertInstanceOf(Long.class, sink.awaitReading("partsCounter", Reading::isGood, WAIT).value());
        sink.awaitReading("partsCounter", r -> r.isGood() && (Long) r.value() > parts, WAIT);
        int before = sink.healthCount();

        first.close();
        sink.awaitHealth(before, ConnectionState.DISCONNECTED, WAIT);
        ImmSimulator second = TestSimulators.manual("imm-77", port, Phase.SETUP).namespaceOrder(2).build();
        simulator = second;
        second.start();
        assertNotEquals(ImmSimulator.NAMESPACES.shuffled(1).indexOf(SpecNamespaces.IMM2MES),
                ImmSimulator.NAMESPACES.shuffled(2).indexOf(SpecNamespaces.IMM2MES),
                "the restarted server numbers its namespaces differently");

        sink.awaitReading("machineMode", r -> Long.valueOf(4).equals(r.value()), WAIT);
        sink.awaitReading("isPresent", r -> Boolean.TRUE.equals(r.value()), WAIT);
        second.setPresent(false);
        sink.awaitReading("isPresent", r -> Boolean.FALSE.equals(r.value()), WAIT);
    }

    @Test
    void theMachineToolProfileFindsTheChannelWhateverItsNameAndReadsProgramStateAsText() {
        MachineToolSimulator tool = TestSimulators.machineTool("lathe-7", ImmSimulator.freePort(),
                MachineToolPhase.PRODUCING).namespaceOrder(3).build();
        simulator = tool;
        tool.start();
        open("lathe-7", tool.endpointUrl(), Profile.MACHINETOOL);

        assertEquals(1L, sink.awaitReading("operationMode", Reading::isGood, WAIT).value(), "Automatic");
        assertEquals(0L, sink.awaitReading("channelState", Reading::isGood, WAIT).value(), "Active");
        assertEquals("Running", sink.awaitReading("programState", Reading::isGood, WAIT).value());
        assertEquals("Executing", sink.awaitReading("itemState", Reading::isGood, WAIT).value());
        long parts = assertInstanceOf(Long.class, sink.awaitReading("partsProduced", Reading::isGood, WAIT).value());
        sink.awaitReading("partsProduced", r -> r.isGood() && (Long) r.value() > parts, WAIT);

        tool.setPhase(MachineToolPhase.FAULT);
        sink.awaitReading("programState", r -> "Aborted".equals(r.value()), WAIT);
        sink.awaitReading("channelState", r -> Long.valueOf(1).equals(r.value()), WAIT);
    }

    @Test
    void theMachineryProfileReadsTheItemStateAndOperationModeStateMachines() {
        MachineToolSimulator tool = TestSimulators.machineTool("mill-3", ImmSimulator.freePort(),
                MachineToolPhase.MAINTENANCE).build();
        simulator = tool;
        tool.start();
        open("mill-3", tool.endpointUrl(), Profile.MACHINERY);

        assertEquals("OutOfService", sink.awaitReading("itemState", Reading::isGood, WAIT).value());
        assertEquals("Maintenance", sink.awaitReading("operationMode", Reading::isGood, WAIT).value());
        tool.setPhase(MachineToolPhase.NOT_AVAILABLE);
        sink.awaitReading("itemState", r -> "NotAvailable".equals(r.value()), WAIT);
    }

    private void open(String machine, String endpoint, Profile profile) {
        driver = new OpcUaDriver(machine, OpcUaEndpoint.of(endpoint), MachineRoot.of(null, profile));
        List<OpcUaSignal> signals = profile.signals().stream()
                .map(s -> new OpcUaSignal(s.name(), s.path().toString(), FAST, 0))
                .toList();
        driver.subscribe(signals, sink);
        driver.open();
    }
}
