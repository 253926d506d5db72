package io.edgeagent.drivers.sim.cnc;

import static io.edgeagent.drivers.sim.Scenario.step;

import io.edgeagent.drivers.sim.Scenario;
import io.edgeagent.drivers.sim.SimBuilder;
import io.edgeagent.drivers.sim.Ticker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A CNC machine whose control speaks Modbus TCP: one server on {@code <bind address>:<port>} (loopback by
 * default) answering reads for one unit id, with the register map of {@link CncRegisters} and the values per
 * phase of {@link CncPhase}.
 *
 * <p>Simulated time advances on one thread, {@code cnc-sim-<machineName>}, a tick at a time; the server's
 * threads are named {@code cnc-sim-<machineName>-listener} and {@code cnc-sim-<machineName>-conn-<n>}. In
 * scenario mode the phase follows a looping {@link Scenario}; in manual mode it changes only through
 * {@link #setPhase}. Every change is published to the registers as one snapshot, so a master never reads half
 * of an update.
 *
 * <p>{@link #stop} closes the port and every connection, as switching the control off would; {@link #start}
 * again serves on the same port. The machine keeps its part counter and scenario position across a restart,
 * as a control keeps them in non-volatile memory, and its time stands still while stopped. A part takes the
 * {@link Builder#cycleTime} (default 5 s).
 */
public final class CncSimulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CncSimulator.class);

    private enum Lifecycle { STOPPED, RUNNING, CLOSED }

    private final String machineName;
    private final InetAddress bindAddress;
    private final int port;
    private final int unitId;
    private final WordOrder order;
    private final Duration tick;
    private final Scenario<CncPhase> scenario;
    private final CncProcessImage image;
    /** Serialises start, stop and close; held while they wait for threads, which never take it. */
    private final Object lifecycleLock = new Object();
    /** Serialises changes to the machine: ticks and {@link #setPhase}. */
    private final Object lock = new Object();

    // Guarded by lifecycleLock.
    private Lifecycle lifecycle = Lifecycle.STOPPED;
    private CncModbusServer server;
    private Ticker ticker;

    // Guarded by lock.
    private final CncMachine machine;
    private Duration scenarioTime = Duration.ZERO;

    private volatile CncMachine.State state;

    private CncSimulator(Builder builder, SimBuilder.Settings<CncPhase> settings) {
        this.machineName = settings.machineName();
        this.bindAddress = builder.bindAddress;
        this.port = builder.port == 0 ? freePort() : builder.port;
        this.unitId = builder.unitId;
        this.order = builder.order;
        this.tick = settings.tick();
        this.scenario = settings.scenario();
        // Seeded by name: the same machine shows the same noise on every run.
        this.machine = new CncMachine(settings.cycleTime(), builder.spindleSetpoint, builder.program,
                new Random(machineName.hashCode()), settings.initialPhase());
        this.state = machine.state();
        this.image = new CncProcessImage(CncRegisters.encode(state, order));
    }

    public static Builder builder(String machineName) {
        return new Builder(machineName);
    }

    /**
     * A 90-second loop through every phase, for the demo: a run interrupted by a feed hold, a pause, an alarm,
     * then a setup for the next job.
     */
    public static Scenario<CncPhase> demoScenario() {
        return Scenario.of(
                step(CncPhase.CUTTING, Duration.ofSeconds(30)),
                step(CncPhase.FEED_HOLD, Duration.ofSeconds(5)),
                step(CncPhase.CUTTING, Duration.ofSeconds(15)),
                step(CncPhase.IDLE, Duration.ofSeconds(10)),
                step(CncPhase.ALARM, Duration.ofSeconds(10)),
                step(CncPhase.SETUP, Duration.ofSeconds(20)));
    }

    /**
     * Binds the port and starts simulated time; returns once masters can connect. May follow a {@link #stop}.
     *
     * @throws IllegalStateException when the port is taken, or the simulator runs or was closed
     */
    public void start() {
        synchronized (lifecycleLock) {
            if (lifecycle != Lifecycle.STOPPED) {
                throw new IllegalStateException("simulator " + machineName + " is "
                        + lifecycle.name().toLowerCase(Locale.ROOT) + "; start needs a stopped one");
            }
            CncModbusServer opening = new CncModbusServer(threadName(), bindAddress, port, unitId, image);
            try {
                opening.open();
            } catch (IOException e) {
                throw new IllegalStateException("simulator " + machineName + " cannot listen on "
                        + bindAddress.getHostAddress() + ":" + port + ": " + e.getMessage(), e);
            }
            server = opening;
            ticker = Ticker.start(machineName, threadName(), tick, this::tick);
            lifecycle = Lifecycle.RUNNING;
        }
        log.info("simulator {}: Modbus TCP on {}:{} unit {} ({}, phase {})", machineName,
                bindAddress.getHostAddress(), port, unitId,
                scenario == null ? "manual" : "scenario of " + scenario.steps().size() + " steps", state.phase());
    }

    /** Stops simulated time, closes the port and drops every connection; a no-op when not running. */
    public void stop() {
        synchronized (lifecycleLock) {
            if (lifecycle == Lifecycle.RUNNING) {
                shutDown();
                lifecycle = Lifecycle.STOPPED;
            }
        }
    }

    /** Stops for good: {@link #start} is refused afterwards. */
    @Override
    public void close() {
        synchronized (lifecycleLock) {
            if (lifecycle == Lifecycle.RUNNING) {
                shutDown();
            }
            lifecycle = Lifecycle.CLOSED;
        }
    }

    /**
     * Switches phase now (manual mode only); masters read the new values from the next request on.
     *
     * @throws IllegalStateException when a scenario drives the phase
     */
    public void setPhase(CncPhase phase) {
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

    public CncPhase phase() {
        return state.phase();
    }

    /** Finished cycles; the register shows it modulo 2^32. */
    public long partCount() {
        return state.partCount();
    }

    public String machineName() {
        return machineName;
    }

    public int port() {
        return port;
    }

    public int unitId() {
        return unitId;
    }

    /**
     * Where a master connects, {@code host:port}: the bind address, or {@code 127.0.0.1} when bound to every
     * interface.
     */
    public String address() {
        String host = bindAddress.isAnyLocalAddress() ? "127.0.0.1" : bindAddress.getHostAddress();
        return host + ":" + port;
    }

    private void tick() {
        synchronized (lock) {
            machine.advance(tick);
            if (scenario != null) {
                scenarioTime = scenarioTime.plus(tick);
                changePhase(scenario.phaseAt(scenarioTime));
            }
            publish();
        }
    }

    private void changePhase(CncPhase next) {
        CncPhase before = state.phase();
        if (next != before) {
            machine.setPhase(next);
            log.info("simulator {}: {} -> {}", machineName, before, next);
        }
    }

    private void publish() {
        state = machine.state();
        image.publish(CncRegisters.encode(state, order));
    }

    /** Time first, so the registers hold still once the port closes. Needs lifecycleLock. */
    private void shutDown() {
        ticker.stop();
        server.stop();
        ticker = null;
        server = null;
        log.info("simulator {}: stopped, port {} closed", machineName, port);
    }

    private String threadName() {
        return "cnc-sim-" + machineName;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /** Options for a simulator; every one but the machine name has a default. */
    public static final class Builder extends SimBuilder<CncPhase, Builder> {

        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private int port;
        private int unitId = 1;
        private WordOrder order = WordOrder.ABCD;
        private double spindleSetpoint = 8000;
        private String program = "O1234";

        private Builder(String machineName) {
            super(machineName, Duration.ofSeconds(5), CncPhase.IDLE);
        }

        /** The TCP port; by default one that is free on the loopback interface when {@link #build} runs. */
        public Builder port(int value) {
            if (value < 1 || value > 65535) {
                throw new IllegalArgumentException("port must be 1..65535, was " + value);
            }
            this.port = value;
            return this;
        }

        /** The interface to listen on (default loopback); the demo may give the wildcard address. */
        public Builder bindAddress(InetAddress value) {
            this.bindAddress = Objects.requireNonNull(value, "bindAddress");
            return this;
        }

        /** The unit id the control answers to (default 1). */
        public Builder unitId(int value) {
            if (value < 0 || value > 255) {
                throw new IllegalArgumentException("unit id must be 0..255, was " + value);
            }
            this.unitId = value;
            return this;
        }

        /** Word order of the 32-bit registers (default ABCD); the program name is not affected. */
        public Builder order(WordOrder value) {
            this.order = Objects.requireNonNull(value, "order");
            return this;
        }

        /** Spindle speed while cutting, rpm (default 8000); the reading varies by up to 1 % around it. */
        public Builder spindleSetpoint(double rpm) {
            if (!(rpm > 0) || Double.isInfinite(rpm)) {
                throw new IllegalArgumentException("spindle setpoint must be positive and finite, was " + rpm);
            }
            this.spindleSetpoint = rpm;
            return this;
        }

        /** The active program's name (default {@code O1234}): up to 16 printable ASCII characters. */
        public Builder program(String value) {
            CncRegisters.programBytes(Objects.requireNonNull(value, "program"));
            this.program = value;
            return this;
        }

        public CncSimulator build() {
            return new CncSimulator(this, settings());
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
