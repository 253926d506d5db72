package io.edgeagent.drivers.sim.machinetool;

import static io.edgeagent.drivers.sim.Scenario.step;

import io.edgeagent.drivers.sim.opcua.NamespaceUris;
import io.edgeagent.drivers.sim.Scenario;
import io.edgeagent.drivers.sim.opcua.NamespaceLayout;
import io.edgeagent.drivers.sim.opcua.OpcUaSimBuilder;
import io.edgeagent.drivers.sim.opcua.OpcUaSimulator;
import io.edgeagent.drivers.sim.opcua.SimHost;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * A machine tool (a CNC milling or turning centre) speaking OPC UA the way OPC 40501-1 machines do: one Milo
 * server on {@code opc.tcp://127.0.0.1:<port>/machinetool}, hosting one machine, with the same security, user and
 * trust options as {@link io.edgeagent.drivers.sim.ImmSimulator}.
 *
 * <p>Address space: under {@code Objects/DeviceSet/<machineName>} one object per path segment and one variable per
 * {@link MachineToolNode}, with string node ids {@code <machineName>/<path>} in namespace
 * {@value io.edgeagent.drivers.sim.opcua.NamespaceUris#SIMULATOR}. Browse names are in the namespaces of the specs
 * that define them: {@link NamespaceUris#MACHINE_TOOL} for Monitoring, Production and what is below them,
 * {@link NamespaceUris#MACHINERY} for MachineryBuildingBlocks and its state machines, OPC UA's for
 * {@code CurrentState}; the channel and the spindle are named by the vendor, in the simulator's namespace. The
 * table holds the simulator's namespace at index 2, then DI, Machinery and MachineTool, unless
 * {@link Builder#namespaceOrder} shuffles it. What the values do per phase is on {@link MachineToolPhase}.
 *
 * <p>Simulated time advances on one thread, {@code sim-<machineName>}, a tick at a time. In scenario mode the
 * phase follows a looping {@link Scenario}; in manual mode it changes only through {@link #setPhase}. A simulator
 * starts once and stops once; to simulate a server restart, start a new one on the same port. A part takes the
 * {@link Builder#cycleTime} (default 30 s).
 */
public final class MachineToolSimulator
        extends OpcUaSimulator<MachineToolPhase, MachineToolNode, MachineTool.State> {

    /** The default namespace table from index 2 on. */
    public static final NamespaceLayout NAMESPACES = NamespaceLayout.of(NamespaceUris.DI, NamespaceUris.MACHINERY,
            NamespaceUris.MACHINE_TOOL);

    private MachineToolSimulator(SimHost<MachineToolPhase, MachineToolNode, MachineTool.State> host) {
        super(host);
    }

    public static Builder builder(String machineName) {
        return new Builder(machineName);
    }

    /**
     * A 90-second loop for the demo: production most of the time, then a pause, a setup for the next job and a
     * short fault.
     */
    public static Scenario<MachineToolPhase> demoScenario() {
        return Scenario.of(
                step(MachineToolPhase.PRODUCING, Duration.ofSeconds(60)),
                step(MachineToolPhase.IDLE, Duration.ofSeconds(10)),
                step(MachineToolPhase.SETUP, Duration.ofSeconds(12)),
                step(MachineToolPhase.FAULT, Duration.ofSeconds(8)));
    }

    /** PartsProducedInLifetime. */
    public long partsProduced() {
        return host.state().partsProduced();
    }

    /** Options for a simulator; every one but the machine name has a default. */
    public static final class Builder extends OpcUaSimBuilder<MachineToolPhase, Builder> {

        private double spindleSpeed = 6000;
        private String program = "BRACKET_A.MPF";

        private Builder(String machineName) {
            super(machineName, Duration.ofSeconds(30), MachineToolPhase.IDLE);
        }

        /** Spindle speed while producing, rpm (default 6000); it varies by up to 1 %. */
        public Builder spindleSpeed(double rpm) {
            if (!(rpm > 0) || Double.isInfinite(rpm)) {
                throw new IllegalArgumentException("spindle speed must be a positive number of rpm, was " + rpm);
            }
            this.spindleSpeed = rpm;
            return this;
        }

        /** The active program's name (default {@code BRACKET_A.MPF}). */
        public Builder program(String value) {
            this.program = Objects.requireNonNull(value, "program");
            return this;
        }

        public MachineToolSimulator build() {
            Settings<MachineToolPhase> settings = settings();
            String name = settings.machineName();
            // Seeded by name: the same machine shows the same noise on every run.
            MachineTool machine = new MachineTool(settings.cycleTime(), spindleSpeed, program,
                    new Random(name.hashCode()), settings.initialPhase());
            return new MachineToolSimulator(host("/machinetool", "edge-agent machine tool simulator " + name,
                    NAMESPACES, MachineToolNode.class, MachineToolFixedNodes.NODES, machine));
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
