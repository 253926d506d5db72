package io.edgeagent.drivers.sim;

import static io.edgeagent.drivers.sim.Scenario.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.drivers.testsupport.Await;
import io.edgeagent.drivers.testsupport.TestSimulators;
import io.edgeagent.drivers.testsupport.Threads;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImmSimulatorTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aScenarioDrivesThePhaseByItself() {
        ImmSimulator simulator = TestSimulators.manual("imm-s1", ImmSimulator.freePort(), Phase.IDLE)
                .scenario(Scenario.of(step(Phase.PRODUCING, Duration.ofMillis(700)),
                        step(Phase.SETUP, Duration.ofMillis(300))))
                .build();
        try (simulator) {
            simulator.start();
            assertEquals(Phase.PRODUCING, simulator.phase());
            Await.until(WAIT, () -> simulator.phase() == Phase.SETUP, () -> "still " + simulator.phase());
            assertTrue(simulator.cycleCount() >= 1, "cycles while producing: " + simulator.cycleCount());
            Await.until(WAIT, () -> simulator.phase() == Phase.PRODUCING, () -> "still " + simulator.phase());
            assertThrows(IllegalStateException.class, () -> simulator.setPhase(Phase.IDLE));
        }
        assertEquals(List.of(), Threads.aliveAfter("sim-imm-s1", Duration.ofSeconds(2)));
    }

    @Test
    void inManualModeOnlyTheCycleCounterMovesByItself() {
        try (ImmSimulator simulator = TestSimulators.started("imm-s2", ImmSimulator.freePort(), Phase.PRODUCING)) {
            Await.until(WAIT, () -> simulator.cycleCount() >= 2, () -> "cycles: " + simulator.cycleCount());
            assertEquals(Phase.PRODUCING, simulator.phase());

            simulator.setPhase(Phase.STANDSTILL);
            assertEquals(Phase.STANDSTILL, simulator.phase());
        }
    }

    @Test
    void aTakenPortIsAClearError() {
        try (ImmSimulator first = TestSimulators.started("imm-s3", ImmSimulator.freePort(), Phase.IDLE)) {
            ImmSimulator second = TestSimulators.manual("imm-s4", first.port(), Phase.IDLE).build();

            IllegalStateException error = assertThrows(IllegalStateException.class, second::start);
            assertTrue(error.getMessage().contains(first.endpointUrl()), error.getMessage());
        }
    }

    @Test
    void namesNodesTheWayClientsAddressThem() {
        ImmSimulator simulator = ImmSimulator.builder("imm-07").identity(TestSimulators.IDENTITY).build();

        assertEquals("nsu=urn:edge-agent:simulator;s=imm-07/MachineMESStatus/ProductionControl/ProductionStatus",
                simulator.nodeId(ImmNode.PRODUCTION_STATUS));
        assertEquals("opc.tcp://127.0.0.1:" + simulator.port() + "/imm", simulator.endpointUrl());
        assertThrows(IllegalArgumentException.class, () -> ImmSimulator.builder("line 1/press"));
    }

    @Test
    void securedEndpointsAreCheckedWhenConfigured() {
        ImmSimulator.Builder builder = ImmSimulator.builder("imm-08").security("Basic256Sha256", "SignAndEncrypt");

        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> builder.security("Basic256Sha256", "Sign"));
        assertTrue(twice.getMessage().contains("offered already"), twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> builder.security("Aes256_Sha256_RsaPss", "None"));
        assertThrows(IllegalArgumentException.class, () -> builder.security("None", "Sign"));
        assertThrows(IllegalArgumentException.class, () -> builder.security("Basic512", "Sign"));
    }
}
