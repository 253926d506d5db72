package io.edgeagent.drivers.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgeagent.drivers.ConnectionState;
import io.edgeagent.drivers.DriverHealth;
import io.edgeagent.drivers.Reading;
import io.edgeagent.drivers.sim.ImmNode;
import io.edgeagent.drivers.sim.ImmSimulator;
import io.edgeagent.drivers.sim.Phase;
import io.edgeagent.drivers.testsupport.CapturedLog;
import io.edgeagent.drivers.testsupport.RecordingSink;
import io.edgeagent.drivers.testsupport.TestSimulators;
import io.edgeagent.drivers.testsupport.Threads;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server that loses the subscription but keeps the session tells the client nothing: only the subscription's
 * keep-alive watchdog notices that publishes stopped, and the driver builds a new subscription on the same session.
 */
class OpcUaWatchdogTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Milo's watchdog fires after 1.5 keep-alives without a publish: under a second here, 15 s in the agent. */
    private static final Duration KEEP_ALIVE = Duration.ofMillis(500);
    private static final String MACHINE = "imm-05";

    private final ImmSimulator simulator = TestSimulators.started(MACHINE, ImmSimulator.freePort(), Phase.PRODUCING);
    private final RecordingSink sink = new RecordingSink();
    private OpcUaDriver driver;

    @AfterEach
    void closeAll() {
        if (driver != null) {
            driver.close();
        }
        simulator.close();
        assertEquals(List.of(), Threads.aliveAfter("opcua-", Duration.ofSeconds(2)));
        assertEquals(List.of(), Threads.aliveAfter("sim-" + MACHINE, Duration.ofSeconds(2)));
    }

    @Test
    void aSubscriptionTheServerDroppedIsRecreatedAndValuesFlowAgain() {
        try (CapturedLog log = CapturedLog.start()) {
            driver = new OpcUaDriver(MACHINE, OpcUaEndpoint.of(simulator.endpointUrl()), MachineRoot.OBJECTS,
                    KEEP_ALIVE);
            driver.subscribe(List.of(new OpcUaSignal("cycles", simulator.nodeId(ImmNode.JOB_CYCLE_COUNTER),
                    Duration.ofMillis(100), 0)), sink);
            driver.open();
            sink.awaitHealth(0, ConnectionState.CONNECTED, WAIT);
            long before = (Long) sink.awaitReading("cycles", r -> r.isGood() && (Long) r.value() >= 1, WAIT).value();

            int connected = sink.healthCount();
            assertEquals(1, simulator.dropSubscriptions());

            DriverHealth silent = sink.awaitHealth(connected, ConnectionState.DISCONNECTED, WAIT);
            assertEquals("no publish from " + simulator.endpointUrl() + " within the keep-alive time",
                    silent.lastError());
            sink.awaitHealth(connected, ConnectionState.CONNECTED, WAIT);
            // Readings after CONNECTED come from the new subscription: the server deleted the old one.
            int recreated = sink.readingCount();
            Reading again = sink.awaitReading(recreated, "cycles", Reading::isGood, WAIT);
            sink.awaitReading(recreated, "cycles", r -> r.isGood() && (Long) r.value() > (Long) again.value(), WAIT);
            assertEquals(true, (Long) again.value() > before, "cycle counter went on: " + again.value());
            assertEquals(1, log.lines(MACHINE + ": no publish from", "recreating the subscription").size());
            assertEquals(1, log.lines(MACHINE + ": subscription recreated on").size());
        }
    }
}
