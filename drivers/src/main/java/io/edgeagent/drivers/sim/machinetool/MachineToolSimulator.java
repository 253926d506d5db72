package io.edgeagent.drivers.sim.machinetool;

import static io.edgeagent.drivers.sim.Scenario.step;

import io.edgeagent.drivers.opcua.SpecNamespaces;
import io.edgeagent.drivers.sim.Scenario;
import io.edgeagent.drivers.sim.SimulatorIdentity;
import io.edgeagent.drivers.sim.opcua.DeviceNamespace;
import io.edgeagent.drivers.sim.opcua.NamespaceLayout;
import io.edgeagent.drivers.sim.opcua.SimHost;
import io.edgeagent.drivers.sim.opcua.SimServerOptions;
import java.security.cert.X509Certificate;
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
 * starts once and stops once; to simulate a server restart, start a new one on the same port.
 */
public final class MachineToolSimulator implements AutoCloseable {

    /** The default namespace table from index 2 on. */
    public static final NamespaceLayout NAMESPACES = NamespaceLayout.of(SpecNamespaces.DI, SpecNamespaces.MACHINERY,
            SpecNamespaces.MACHINE_TOOL);

    private final SimHost<MachineToolPhase, MachineToolNode, MachineTool.State> host;

    private MachineToolSimulator(Builder builder) {
        MachineToolPhase initial = builder.scenario == null ? builder.manualPhase
                : builder.scenario.phaseAt(Duration.ZERO);
        String name = builder.machineName;
        // Seeded by name: the same machine shows the same noise on every run.
        MachineTool machine = new MachineTool(builder.cycleTime, builder.spindleSpeed, builder.program,
                new Random(name.hashCode()), initial);
        this.host = new SimHost<>(name,
                builder.server.build("/machinetool", "edge-agent machine tool simulator " + name, NAMESPACES),
                MachineToolNode.class, machine, builder.tick, builder.scenario);
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

    /**
     * Binds the server and starts simulated time; returns once clients can connect.
     *
     * @throws IllegalStateException when the port is taken or the simulator was started before
     */
    public void start() {
        host.start();
    }

    /** Stops simulated time and the server and frees the port; a no-op when not running. */
    public void stop() {
        host.stop();
    }

    @Override
    public void close() {
        host.close();
    }

    /**
     * Switches phase now (manual mode only).
     *
     * @throws IllegalStateException when a scenario drives the phase
     */
    public void setPhase(MachineToolPhase phase) {
        host.setPhase(phase);
    }

    public String endpointUrl() {
        return host.endpointUrl();
    }

    public String machineName() {
        return host.machineName();
    }

    public int port() {
        return host.port();
    }

    public MachineToolPhase phase() {
        return host.state().phase();
    }

    /** PartsProducedInLifetime. */
    public long partsProduced() {
        return host.state().partsProduced();
    }

    /**
     * The node's address in {@code nsu=} form, e.g.
     * {@code nsu=urn:edge-agent:simulator;s=mill-01/Monitoring/MachineTool/OperationMode}.
     */
    public String nodeId(MachineToolNode node) {
        return DeviceNamespace.nodeId(host.machineName(), node);
    }

    /**
     * Trusts a client certificate from now on, as a server's administrator does; matters only after
     * {@link Builder#requireTrustedClients}.
     */
    public void trustClient(X509Certificate certificate) {
        host.trustClient(certificate);
    }

    /** Options for a simulator; every one but the machine name has a default. */
    public static final class Builder {

        private final String machineName;
        private final SimServerOptions.Builder server = SimServerOptions.builder();
        private Duration cycleTime = Duration.ofSeconds(30);
        private Duration tick = Duration.ofMillis(100);
        private double spindleSpeed = 6000;
        private String program = "BRACKET_A.MPF";
        private Scenario<MachineToolPhase> scenario;
        private MachineToolPhase manualPhase = MachineToolPhase.IDLE;

        private Builder(String machineName) {
            this.machineName = DeviceNamespace.requireMachineName(machineName);
        }

        /** The loopback port to listen on; by default one that is free when {@link #build} runs. */
        public Builder port(int value) {
            server.port(value);
            return this;
        }

        /** Time per part (default 30 s). */
        public Builder cycleTime(Duration value) {
            this.cycleTime = positive(value, "cycleTime");
            return this;
        }

        /** How often simulated time advances and values are published (default 100 ms). */
        public Builder tick(Duration value) {
            this.tick = positive(value, "tick");
            return this;
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

        /** Let the scenario drive the phase, looping. Replaces an earlier {@link #manual}. */
        public Builder scenario(Scenario<MachineToolPhase> value) {
            this.scenario = Objects.requireNonNull(value, "scenario");
            return this;
        }

        /** Start in this phase and change only on {@link MachineToolSimulator#setPhase} (the default, in IDLE). */
        public Builder manual(MachineToolPhase initial) {
            this.manualPhase = Objects.requireNonNull(initial, "initial");
            this.scenario = null;
            return this;
        }

        /** A certificate to reuse; without one, {@link MachineToolSimulator#start} generates one (about a second). */
        public Builder identity(SimulatorIdentity value) {
            server.identity(value);
            return this;
        }

        /**
         * Offer an endpoint with this security policy and mode, e.g. {@code security("Basic256Sha256",
         * "SignAndEncrypt")}; call once per endpoint, one mode per policy. Without a call the simulator offers
         * only None/None. Clients presenting any certificate are accepted, unless {@link #requireTrustedClients}.
         */
        public Builder security(String policy, String mode) {
            server.security(policy, mode);
            return this;
        }

        /**
         * Refuse the secure channel to clients whose certificate was not given to
         * {@link MachineToolSimulator#trustClient}, as real servers do; by default any client certificate is
         * accepted.
         */
        public Builder requireTrustedClients() {
            server.requireTrustedClients();
            return this;
        }

        /** Accept this user name and password (instead of anonymous access). */
        public Builder user(String name, String secret) {
            server.user(name, secret);
            return this;
        }

        /** Accept a user that proves to hold this X.509 certificate's key (instead of anonymous access). */
        public Builder userCertificate(X509Certificate certificate) {
            server.userCertificate(certificate);
            return this;
        }

        /**
         * Register three unused namespace URIs as well and shuffle the table with this seed, so that DI, Machinery,
         * MachineTool and the simulator's namespace all get other indexes than by default; the same seed gives the
         * same table.
         */
        public Builder namespaceOrder(long seed) {
            server.namespaceOrder(seed);
            return this;
        }

        public MachineToolSimulator build() {
            return new MachineToolSimulator(this);
        }

        private static Duration positive(Duration value, String what) {
            Objects.requireNonNull(value, what);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, was " + value);
            }
            return value;
        }
    }
}
