package io.edgeagent.drivers.sim.opcua;

import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * What every OPC UA simulator offers: start, stop, phase changes and its addresses, all carried out by its
 * {@link SimHost}. A simulator adds what its machine shows.
 *
 * @param <P> what the machine can be doing
 * @param <K> its variables
 * @param <S> its snapshots
 */
public abstract class OpcUaSimulator<P, K extends Enum<K> & SimVariable, S extends SimMachine.State<P, K>>
        implements AutoCloseable {

    protected final SimHost<P, K, S> host;

    protected OpcUaSimulator(SimHost<P, K, S> host) {
        this.host = Objects.requireNonNull(host, "host");
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
    public void setPhase(P phase) {
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

    public P phase() {
        return host.state().phase();
    }

    /** The variable's address in {@code nsu=} form, e.g. {@code nsu=urn:edge-agent:simulator;s=imm-01/Process/ClampForce}. */
    public String nodeId(K variable) {
        return DeviceNamespace.nodeId(host.machineName(), variable);
    }

    /**
     * Deletes the subscriptions of every client behind its back, keeping the sessions: a server that lost them.
     *
     * @return how many were deleted
     */
    public int dropSubscriptions() {
        return host.dropSubscriptions();
    }

    /**
     * Raises an alarm condition (an OffNormalAlarmType named {@code name}) on the machine object, or changes the one of
     * that name; active and unacknowledged.
     */
    public void raiseAlarm(String name, String message, int severity) {
        host.events().raise(name, message, severity);
    }

    /** Clears the alarm condition {@code name}; nothing when it is not active. */
    public void clearAlarm(String name) {
        host.events().clear(name);
    }

    /**
     * Trusts a client certificate from now on, as a server's administrator does; matters only after
     * {@link OpcUaSimBuilder#requireTrustedClients}.
     */
    public void trustClient(X509Certificate certificate) {
        host.trustClient(certificate);
    }
}
