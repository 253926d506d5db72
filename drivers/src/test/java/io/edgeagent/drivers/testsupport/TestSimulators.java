package io.edgeagent.drivers.testsupport;

import io.edgeagent.drivers.sim.ImmSimulator;
import io.edgeagent.drivers.sim.Phase;
import io.edgeagent.drivers.sim.SimulatorIdentity;
import io.edgeagent.drivers.sim.machinetool.MachineToolPhase;
import io.edgeagent.drivers.sim.machinetool.MachineToolSimulator;
import java.time.Duration;

/** Fast simulators for tests: one certificate for the whole run, short cycles, manual phases. */
public final class TestSimulators {

    /** Immutable and generated once: key generation is most of a simulator's start time. */
    public static final SimulatorIdentity IDENTITY = SimulatorIdentity.generate();

    public static final Duration CYCLE = Duration.ofMillis(300);

    private TestSimulators() {
    }

    public static ImmSimulator.Builder manual(String machineName, int port, Phase initial) {
        return ImmSimulator.builder(machineName)
                .port(port)
                .identity(IDENTITY)
                .cycleTime(CYCLE)
                .tick(Duration.ofMillis(50))
                .manual(initial);
    }

    public static ImmSimulator started(String machineName, int port, Phase initial) {
        ImmSimulator simulator = manual(machineName, port, initial).build();
        simulator.start();
        return simulator;
    }

    public static MachineToolSimulator.Builder machineTool(String machineName, int port, MachineToolPhase initial) {
        return MachineToolSimulator.builder(machineName)
                .port(port)
                .identity(IDENTITY)
                .cycleTime(CYCLE)
                .tick(Duration.ofMillis(50))
                .manual(initial);
    }
}
