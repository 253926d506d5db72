package io.edgeagent.drivers.sim;

import io.edgeagent.drivers.opcua.SpecNamespaces;
import io.edgeagent.drivers.sim.opcua.DeviceNamespace;
import io.edgeagent.drivers.sim.opcua.NamespaceLayout;
import io.edgeagent.drivers.sim.opcua.NamespaceUris;
import io.edgeagent.drivers.sim.opcua.SimHost;
import io.edgeagent.drivers.sim.opcua.SimServer;
import io.edgeagent.drivers.sim.opcua.SimServerOptions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;

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
 * starts once and stops once; to simulate a server restart, start a new one on the same port.
 */
public final class ImmSimulator implements AutoCloseable {

    public static final String NAMESPACE_URI = NamespaceUris.SIMULATOR;
    /** The index of {@value #NAMESPACE_URI} in the default layout; {@link Builder#namespaceOrder} moves it. */
    public static final int NAMESPACE_INDEX = NamespaceLayout.FIRST_INDEX;
    /** The default namespace table from index 2 on. */
    public static final NamespaceLayout NAMESPACES = NamespaceLayout.of(SpecNamespaces.DI, SpecNamespaces.IMM2MES,
            SpecNamespaces.GENERAL_TYPES);

    private final ImmMachine machine;
    private final SimHost<Phase, ImmNode, ImmMachine.State> host;

    private ImmSimulator(Builder builder) {
        Phase initial = builder.scenario == null ? builder.manualPhase : builder.scenario.phaseAt(Duration.ZERO);
        String name = builder.machineName;
        // Seeded by name: the same machine produces the same noise and jitter on every run.
        this.machine = new ImmMachine(new ActiveJob(builder.jobName, builder.mouldId, builder.cycleTime,
                builder.cavities), new Random(name.hashCode()), initial);
        this.host = new SimHost<>(name, builder.server.build("/imm", "edge-agent IMM simulator " + name, NAMESPACES),
                ImmNode.class, machine, builder.tick, builder.scenario);
    }

    public static Builder builder(String machineName) {
        return new Builder(machineName);
    }

    /** A TCP port on the loopback interface that was free a moment ago. */
    public static int freePort() {
        return SimServer.freePort();
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
    public void setPhase(Phase phase) {
        host.setPhase(phase);
    }

    /**
     * Switches the machine off ({@code false}) or on behind its still-running OPC UA server, as when a gateway
     * serves a machine that is powered down: IsPresent follows, every other value holds and no cycle finishes
     * while off. Works in manual and scenario mode; a scenario keeps its time while the machine is off.
     */
    public void setPresent(boolean present) {
        host.update(() -> machine.setPresent(present));
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

    public Phase phase() {
        return host.state().phase();
    }

    public boolean present() {
        return host.state().present();
    }

    /** Finished cycles since start. */
    public long cycleCount() {
        return host.state().cycleCounter();
    }

    /**
     * The node's address in {@code nsu=} form, e.g.
     * {@code nsu=urn:edge-agent:simulator;s=imm-01/Process/ClampForce}.
     */
    public String nodeId(ImmNode node) {
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
        private Duration cycleTime = Duration.ofSeconds(20);
        private Duration tick = Duration.ofMillis(100);
        private int cavities = 2;
        private String jobName = "JOB-0001";
        private String mouldId = "MOULD-0001";
        private Scenario<Phase> scenario;
        private Phase manualPhase = Phase.IDLE;

        private Builder(String machineName) {
            this.machineName = DeviceNamespace.requireMachineName(machineName);
        }

        /** The loopback port to listen on; by default one that is free when {@link #build} runs. */
        public Builder port(int value) {
            server.port(value);
            return this;
        }

        /** Nominal cycle time (default 20 s); each cycle varies by up to 2 %. */
        public Builder cycleTime(Duration value) {
            this.cycleTime = positive(value, "cycleTime");
            return this;
        }

        /** How often simulated time advances and values are published (default 100 ms). */
        public Builder tick(Duration value) {
            this.tick = positive(value, "tick");
            return this;
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

        /** Let the scenario drive the phase, looping. Replaces an earlier {@link #manual}. */
        public Builder scenario(Scenario<Phase> value) {
            this.scenario = Objects.requireNonNull(value, "scenario");
            return this;
        }

        /** Start in this phase and change only on {@link ImmSimulator#setPhase} (the default, in IDLE). */
        public Builder manual(Phase initial) {
            this.manualPhase = Objects.requireNonNull(initial, "initial");
            this.scenario = null;
            return this;
        }

        /** A certificate to reuse; without one, {@link ImmSimulator#start} generates one (about a second). */
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
         * Refuse the secure channel to clients whose certificate was not given to {@link ImmSimulator#trustClient},
         * as real servers do; by default any client certificate is accepted.
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
         * Register three unused namespace URIs as well and shuffle the table with this seed, so that DI, IMM2MES,
         * GeneralTypes and {@value ImmSimulator#NAMESPACE_URI} all get other indexes than by default; the same seed gives the
         * same table. Clients that resolve namespace URIs see the same nodes; clients that hard-code an index break.
         */
        public Builder namespaceOrder(long seed) {
            server.namespaceOrder(seed);
            return this;
        }

        public ImmSimulator build() {
            return new ImmSimulator(this);
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
