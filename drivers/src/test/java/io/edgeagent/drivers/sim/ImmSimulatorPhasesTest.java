package io.edgeagent.drivers.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.edgeagent.drivers.testsupport.SimClient;
import io.edgeagent.drivers.testsupport.TestSimulators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What a client reads in each phase and with the machine switched off: one manual simulator for the class. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImmSimulatorPhasesTest {

    private ImmSimulator simulator;
    private SimClient client;

    @BeforeAll
    void start() throws Exception {
        simulator = TestSimulators.started("imm-phases", ImmSimulator.freePort(), Phase.IDLE);
        client = SimClient.connect(simulator.endpointUrl());
    }

    @AfterAll
    void stop() throws Exception {
        try {
            client.close();
        } finally {
            simulator.close();
        }
    }

    @Test
    void eachPhaseShowsItsModeStatusAndReason() throws Exception {
        // MachineMode, ProductionStatus, StandstillReasonId
        assertShows(Phase.PRODUCING, 1, 4, "");
        assertShows(Phase.IDLE, 1, 1, "");
        assertShows(Phase.SETUP, 4, 1, "");
        assertShows(Phase.STANDSTILL, 1, 4, "NO_MATERIAL");
        assertShows(Phase.MANUAL, 3, 1, "");
        assertShows(Phase.SLEEP, 5, 1, "");
        assertShows(Phase.READY, 1, 3, "");
        assertShows(Phase.STALLED, 1, 4, "");
    }

    @Test
    void aMachineSwitchedOffBehindItsServerIsNotPresent() throws Exception {
        assertEquals(true, read(ImmNode.IS_PRESENT));

        simulator.setPresent(false);
        assertFalse(simulator.present());
        assertEquals(false, read(ImmNode.IS_PRESENT));

        simulator.setPresent(true);
        assertEquals(true, read(ImmNode.IS_PRESENT));
    }

    @Test
    void aMachineFollowingAScenarioCanBeSwitchedOffToo() throws Exception {
        try (ImmSimulator scenario = TestSimulators.manual("imm-phases-2", ImmSimulator.freePort(), Phase.IDLE)
                .scenario(Scenario.demo()).build()) {
            scenario.start();
            scenario.setPresent(false);

            try (SimClient other = SimClient.connect(scenario.endpointUrl())) {
                assertEquals(false, other.read(other.resolve(scenario.nodeId(ImmNode.IS_PRESENT)).orElseThrow())
                        .getValue().getValue());
            }
        }
    }

    private void assertShows(Phase phase, int machineMode, int productionStatus, String standstillReason)
            throws Exception {
        simulator.setPhase(phase);

        assertEquals(machineMode, read(ImmNode.MACHINE_MODE), phase + " MachineMode");
        assertEquals(productionStatus, read(ImmNode.PRODUCTION_STATUS), phase + " ProductionStatus");
        assertEquals(standstillReason, read(ImmNode.STANDSTILL_REASON_ID), phase + " StandstillReasonId");
    }

    private Object read(ImmNode node) throws Exception {
        return client.read(client.resolve(simulator.nodeId(node)).orElseThrow()).getValue().getValue();
    }
}
