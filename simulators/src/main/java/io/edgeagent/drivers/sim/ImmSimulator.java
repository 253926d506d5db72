package io.edgeagent.drivers.sim;

import io.edgeagent.drivers.sim.opcua.NamespaceLayout;
import io.edgeagent.drivers.sim.opcua.NamespaceUris;
import io.edgeagent.drivers.sim.opcua.OpcUaSimBuilder;
import io.edgeagent.drivers.sim.opcua.OpcUaSimulator;
import io.edgeagent.drivers.sim.opcua.SimHost;
import io.edgeagent.drivers.sim.opcua.SimServer;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;

/**
 * An injection-moulding machine speaking OPC UA the way EUROMAP 77 / OPC 40077 machines do: one Milo server on
 * {@code opc.tcp://127.0.0.1:<port>/imm}, hosting one machine: security None and anonymous access unless
 * {@link Builder#security} asks for secured endpoints (with the simulator's certificate, {@link SimulatorIdentity})
 * and {@link Builder#user} or {@link Builder#userCertificate} for a user.
 *
 * <p>Address space: under {@code Objects/DeviceSet/<machineName>} one object per path segment and one variable per
 * {@link ImmNode}, with string node ids {@code <machineName>/<path>} in namespace {@value #NAMESPACE_URI}, e.g.
 * {@code nsu=urn:edge-agent:simulator;s=imm-01/MachineStatus/MachineMode}. Browse names are in the namespaces of
 * the specs that define them: DeviceSet in {@link NamespaceUris#DI}, the EUROMAP 77 objects and job values in
 * {@link NamespaceUris#IMM2MES}, MachineMode, IsPresent, ProductionStatus and StandstillReasonId in
 * {@link NamespaceUris#GENERAL_TYPES}, the machine and its process values in {@value #NAMESPACE_URI}. The table
 * holds {@value #NAMESPACE_URI} at index {@value #NAMESPACE_INDEX}, then DI, IMM2MES and GeneralTypes, unless
 * {@link Builder#namespaceOrder} shuffles it. What the values do per phase is on {@link Phase}.
 *
 * <p>Simulated time advances on one thread, {@code sim-<machineName>}, a tick at a time. In scenario mode the
 * phase follows a looping {@link Scenario}; in manual mode it changes only through {@link #setPhase}. A simulator
 * starts once and stops once; to simulate a server restart, start a new one on the same port. Cycles take the
 * {@link Builder#cycleTime} (default 20 s), each varying by up to 2 %.
 */
public final class ImmSimulator extends OpcUaSimulator<Phase, ImmNode, ImmMachine.State> {

    public static final String NAMESPACE_URI = NamespaceUris.SIMULATOR;
    /** The index of {@value #NAMESPACE_URI} in the default layout; {@link Builder#namespaceOrder} moves it. */
    public static final int NAMESPACE_INDEX = NamespaceLayout.FIRST_INDEX;
    /** The default namespace table from index 2 on. */
    public static final NamespaceLayout NAMESPACES = NamespaceLayout.of(NamespaceUris.DI, NamespaceUris.IMM2MES,
            NamespaceUris.GENERAL_TYPES);

    private final ImmMachine machine;

    private ImmSimulator(ImmMachine machine, SimHost<Phase, ImmNode, ImmMachine.State> host) {
        super(host);
        this.machine = machine;
    }

    public static Builder builder(String machineName) {
        return new Builder(machineName);
    }

    /** A TCP port on the loopback interface that was free a moment ago. */
    public static int freePort() {
        return SimServer.freePort();
    }

    /**
     * Switches the machine off ({@code false}) or on behind its still-running OPC UA server, as when a gateway
     * serves a machine that is powered down: IsPresent follows, every other value holds and no cycle finishes
     * while off. Works in manual and scenario mode; a scenario keeps its time while the machine is off.
     */
    public void setPresent(boolean present) {
        host.update(() -> machine.setPresent(present));
    }

    public boolean present() {
        return host.state().present();
    }

    /** Finished cycles since start. */
    public long cycleCount() {
        return host.state().cycleCounter();
    }

    /** Options for a simulator; every one but the machine name has a default. */
    public static final class Builder extends OpcUaSimBuilder<Phase, Builder> {

        private int cavities = 2;
        private String jobName = "JOB-0001";
        private String mouldId = "MOULD-0001";
        private LocalizedText model = ImmFixedNodes.MODEL;

        private Builder(String machineName) {
            super(machineName, Duration.ofSeconds(20), Phase.IDLE);
        }

        /** Parts per cycle (default 2). */
        public Builder cavities(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("cavities must be at least 1, was " + value);
            }
            this.cavities = value;
            return this;
        }

        /** The active job's JobName (default {@code JOB-0001}). */
        public Builder jobName(String value) {
            this.jobName = Objects.requireNonNull(value, "jobName");
            return this;
        }

        /** The active job's MouldId (default {@code MOULD-0001}). */
        public Builder mouldId(String value) {
            this.mouldId = Objects.requireNonNull(value, "mouldId");
            return this;
        }

        /**
         * The MachineInformation/Model the machine names, in the language {@code locale} (e.g. a machine built for
         * the Chinese market: {@code "海天 MA2500 注塑机"}, {@code zh-CN}); default {@code IMM simulator}, {@code en}.
         */
        public Builder model(String text, String locale) {
            this.model = new LocalizedText(Objects.requireNonNull(locale, "locale"), Objects.requireNonNull(text, "text"));
            return this;
        }

        public ImmSimulator build() {
            Settings<Phase> settings = settings();
            String name = settings.machineName();
            // Seeded by name: the same machine produces the same noise and jitter on every run.
            ImmMachine machine = new ImmMachine(new ActiveJob(jobName, mouldId, settings.cycleTime(), cavities),
                    new Random(name.hashCode()), settings.initialPhase());
            return new ImmSimulator(machine, host("/imm", "edge-agent IMM simulator " + name, NAMESPACES,
                    ImmNode.class, ImmFixedNodes.nodes(model), machine, new ImmCycleEvents()));
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
