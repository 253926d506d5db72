package io.edgeagent.drivers.sim.opcua;

import io.edgeagent.drivers.sim.SimBuilder;
import io.edgeagent.drivers.sim.SimulatorIdentity;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * What every OPC UA simulator's builder offers besides {@link SimBuilder}'s: the server's port, certificate,
 * security, users and namespace order.
 *
 * @param <P> what the machine can be doing
 * @param <B> the builder itself, so that every option returns it
 */
public abstract class OpcUaSimBuilder<P, B extends OpcUaSimBuilder<P, B>> extends SimBuilder<P, B> {

    private final SimServerOptions.Builder server = SimServerOptions.builder();

    protected OpcUaSimBuilder(String machineName, Duration defaultCycleTime, P defaultPhase) {
        super(machineName, defaultCycleTime, defaultPhase);
    }

    /** The loopback port to listen on; by default one that is free when the simulator is built. */
    public B port(int value) {
        server.port(value);
        return self();
    }

    /** A certificate to reuse; without one, starting the simulator generates one (about a second). */
    public B identity(SimulatorIdentity value) {
        server.identity(value);
        return self();
    }

    /**
     * Offer an endpoint with this security policy and mode, e.g. {@code security("Basic256Sha256",
     * "SignAndEncrypt")}; call once per endpoint, one mode per policy. Without a call the simulator offers only
     * None/None. Clients presenting any certificate are accepted, unless {@link #requireTrustedClients}.
     */
    public B security(String policy, String mode) {
        server.security(policy, mode);
        return self();
    }

    /**
     * Refuse the secure channel to clients whose certificate was not given to the simulator's
     * {@link OpcUaSimulator#trustClient}, as real servers do; by default any client certificate is accepted.
     */
    public B requireTrustedClients() {
        server.requireTrustedClients();
        return self();
    }

    /** Accept this user name and password (instead of anonymous access). */
    public B user(String name, String secret) {
        server.user(name, secret);
        return self();
    }

    /** Accept a user that proves to hold this X.509 certificate's key (instead of anonymous access). */
    public B userCertificate(X509Certificate certificate) {
        server.userCertificate(certificate);
        return self();
    }

    /**
     * Register three unused namespace URIs as well and shuffle the table with this seed, so that every namespace of
     * the default layout, the simulator's own included, gets another index; the same seed gives the same table.
     * Clients that resolve namespace URIs see the same nodes; clients that hard-code an index break.
     */
    public B namespaceOrder(long seed) {
        server.namespaceOrder(seed);
        return self();
    }

    /**
     * The host that runs {@code machine} behind a server with these options.
     *
     * @param path            the endpoint's path, e.g. {@code /imm}
     * @param applicationName the server's application name
     * @param fixed           the mandatory members that never change, besides the machine's variables
     */
    protected <K extends Enum<K> & SimVariable, S extends SimMachine.State<P, K>> SimHost<P, K, S> host(
            String path, String applicationName, NamespaceLayout namespaces, Class<K> variables,
            List<FixedNode> fixed, SimMachine<P, K, S> machine) {
        return host(path, applicationName, namespaces, variables, fixed, machine, SimEvents.none());
    }

    /** The same, for a machine that raises events of its own. */
    protected <K extends Enum<K> & SimVariable, S extends SimMachine.State<P, K>> SimHost<P, K, S> host(
            String path, String applicationName, NamespaceLayout namespaces, Class<K> variables,
            List<FixedNode> fixed, SimMachine<P, K, S> machine, SimEvents<S> events) {
        Settings<P> settings = settings();
        return new SimHost<>(settings.machineName(), server.build(path, applicationName, namespaces), variables,
                fixed, machine, settings.tick(), settings.scenario(), events);
    }
}
