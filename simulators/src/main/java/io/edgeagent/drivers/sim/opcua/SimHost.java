package io.edgeagent.drivers.sim.opcua;

import io.edgeagent.drivers.sim.Scenario;
import io.edgeagent.drivers.sim.SimBuilder;
import io.edgeagent.drivers.sim.Ticker;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link SimMachine} behind a {@link SimServer}: simulated time advances on one thread,
 * {@code sim-<machineName>}, a tick at a time, and every change is published to the machine's
 * {@link DeviceNamespace}. In scenario mode the phase follows a looping {@link Scenario}; in manual mode it changes
 * only through {@link #setPhase}. A host starts once and stops once; to simulate a server restart, start a new
 * one on the same port.
 *
 * @param <P> what the machine can be doing
 * @param <K> its variables
 * @param <S> its snapshots
 */
public final class SimHost<P, K extends Enum<K> & SimVariable, S extends SimMachine.State<P, K>>
        implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SimHost.class);

    private enum Lifecycle { NEW, RUNNING, STOPPED }

    private final String machineName;
    private final Class<K> variableType;
    private final Duration tick;
    private final Scenario<P> scenario;
    private final SimServer server;
    private final SimEvents<S> events;
    private final Object lock = new Object();

    // Guarded by lock.
    private final List<FixedNode> fixed;
    private final SimMachine<P, K, S> machine;
    private Duration scenarioTime = Duration.ZERO;
    private DeviceNamespace<K> namespace;
    private Ticker ticker;
    private Lifecycle lifecycle = Lifecycle.NEW;

    private volatile S state;

    /**
     * @param machine  in its initial phase: the scenario's first when there is one
     * @param scenario drives the phase, or null for manual mode
     */
    public SimHost(String machineName, SimServerOptions options, Class<K> variableType, List<FixedNode> fixed,
                   SimMachine<P, K, S> machine, Duration tick, Scenario<P> scenario) {
        this(machineName, options, variableType, fixed, machine, tick, scenario, SimEvents.none());
    }

    /** @param events what the machine raises as events when what it shows changes */
    public SimHost(String machineName, SimServerOptions options, Class<K> variableType, List<FixedNode> fixed,
                   SimMachine<P, K, S> machine, Duration tick, Scenario<P> scenario, SimEvents<S> events) {
        this.events = Objects.requireNonNull(events, "events");
        this.machineName = SimBuilder.requireMachineName(machineName);
        this.variableType = Objects.requireNonNull(variableType, "variableType");
        this.fixed = List.copyOf(fixed);
        this.machine = Objects.requireNonNull(machine, "machine");
        this.tick = Objects.requireNonNull(tick, "tick");
        this.scenario = scenario;
        this.server = new SimServer(machineName, options);
        this.state = machine.state();
    }

    /**
     * Binds the server and starts simulated time; returns once clients can connect.
     *
     * @throws IllegalStateException when the port is taken or the host was started before
     */
    public void start() {
        synchronized (lock) {
            if (lifecycle != Lifecycle.NEW) {
                throw new IllegalStateException("simulator " + machineName + " can be started only once");
            }
            lifecycle = Lifecycle.STOPPED;
            S initial = state;
            namespace = server.start(opcUaServer -> new DeviceNamespace<>(opcUaServer, machineName, variableType,
                    fixed, initial::value));
            ticker = Ticker.start(machineName, "sim-" + machineName, tick, this::tick);
            lifecycle = Lifecycle.RUNNING;
        }
        log.info("simulator {}: listening on {} ({}, {}, phase {})", machineName, endpointUrl(), server.describe(),
                scenario == null ? "manual" : "scenario of " + scenario.steps().size() + " steps", state.phase());
    }

    /** Stops simulated time and the server and frees the port; a no-op when not running. */
    public void stop() {
        Ticker stoppingTicker;
        synchronized (lock) {
            if (lifecycle != Lifecycle.RUNNING) {
                lifecycle = Lifecycle.STOPPED;
                return;
            }
            lifecycle = Lifecycle.STOPPED;
            stoppingTicker = ticker;
        }
        // Outside the lock: a tick waiting for it must finish before the ticker can terminate.
        stoppingTicker.stop();
        synchronized (lock) {
            server.stop();
        }
        log.info("simulator {}: stopped", machineName);
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Switches phase now (manual mode only).
     *
     * @throws IllegalStateException when a scenario drives the phase
     */
    public void setPhase(P phase) {
        Objects.requireNonNull(phase, "phase");
        if (scenario != null) {
            throw new IllegalStateException("simulator " + machineName + " follows a scenario; setPhase needs manual"
                    + " mode");
        }
        synchronized (lock) {
            changePhase(phase);
            publish();
        }
    }

    /** Applies a change to the machine, e.g. switching it off, and publishes what it changed. */
    public void update(Runnable change) {
        synchronized (lock) {
            change.run();
            publish();
        }
    }

    /** What the machine showed after the last tick or change. */
    public S state() {
        return state;
    }

    public String machineName() {
        return machineName;
    }

    public int port() {
        return server.options().port();
    }

    public String endpointUrl() {
        return server.options().endpointUrl();
    }

    /** See {@link SimServer#dropSubscriptions}. */
    public int dropSubscriptions() {
        synchronized (lock) {
            return server.dropSubscriptions();
        }
    }

    /**
     * The machine's events, to raise and clear alarms.
     *
     * @throws IllegalStateException before {@link #start}
     */
    public MachineEvents events() {
        synchronized (lock) {
            if (namespace == null) {
                throw new IllegalStateException("simulator " + machineName + " has not started");
            }
            return namespace.events();
        }
    }

    /** See {@link SimServer#trustClient}. */
    public void trustClient(X509Certificate certificate) {
        server.trustClient(certificate);
    }

    private void tick() {
        synchronized (lock) {
            if (lifecycle != Lifecycle.RUNNING) {
                return;
            }
            if (scenario != null) {
                scenarioTime = scenarioTime.plus(tick);
                changePhase(scenario.phaseAt(scenarioTime));
            }
            machine.advance(tick);
            publish();
        }
    }

    private void changePhase(P next) {
        P before = state.phase();
        if (!next.equals(before)) {
            machine.setPhase(next);
            log.info("simulator {}: {} -> {}", machineName, before, next);
        }
    }

    private void publish() {
        S before = state;
        state = machine.state();
        if (lifecycle == Lifecycle.RUNNING) {
            namespace.publish(state::value);
            events.changed(before, state, namespace.events());
        }
    }
}
