package io.edgeagent.drivers.modbus;

import io.edgeagent.drivers.ConnectionState;
import io.edgeagent.drivers.Driver;
import io.edgeagent.drivers.DriverHealth;
import io.edgeagent.drivers.Reading;
import io.edgeagent.drivers.ReadingSink;
import io.edgeagent.drivers.SignalSpec;
import io.edgeagent.drivers.support.DriverLifecycle;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one Modbus device (one unit id) by polling, over TCP, RTU over a TCP gateway, or RTU on a serial line.
 *
 * <p>Each poll reads all signals in as few requests as the protocol allows ({@code maxGap}, 125 registers, 2000
 * bits), checks every reply against its request, and reports a value when it changed by at least the signal's
 * deadband, when its quality changed, or when {@code keepAlive} passed since it was last reported. A reading's
 * source time is when its reply arrived, by the driver's clock.
 *
 * <p>Faults: a read that fails every attempt (timeout, refused connection, a reply that does not match its
 * request, a busy device or gateway) makes the device DISCONNECTED with a one-line reason and every signal BAD;
 * it is then retried after a back-off of 1 to 30 s with jitter. An exception response such as ILLEGAL_DATA_ADDRESS
 * makes only the signals it concerns BAD, with the exception named; the others keep being read.
 *
 * <p>Connections and threads come from {@link ModbusLines}: the devices on one serial port share the port's thread,
 * {@code modbus-<port name>}; the devices behind one TCP host and port share one connection, and every TCP
 * connection is polled by a few shared threads, which carry the name {@code modbus-<machineId>} while they poll this
 * device. {@link #open} starts polling and never waits for the network; {@link #close} stops within a few seconds.
 */
public final class ModbusDriver implements Driver<ModbusSignal> {

    private static final Logger log = LoggerFactory.getLogger(ModbusDriver.class);

    private final String machineId;
    private final ModbusEndpoint endpoint;
    private final ModbusLines lines;
    private final Clock clock;
    private final SerialLine line;
    private final DriverLifecycle lifecycle;

    // Set once, by subscribe and open, under the lifecycle's lock; read by close and the counters.
    private volatile DevicePoller poller;
    private PollLoop connection;

    public ModbusDriver(String machineId, ModbusEndpoint endpoint, ModbusLines lines) {
        this(machineId, endpoint, lines, Clock.systemUTC());
    }

    /**
     * A serial device takes its place on its port's line now, so that a conflict with another device fails here;
     * {@link #close} gives it back and must be called even when the driver was never opened.
     *
     * @param lines the agent's serial lines and TCP connections, and the threads that poll them
     * @param clock stamps readings and health, and measures keep-alive
     * @throws IllegalArgumentException when the endpoint cannot work (a unit id no RTU device answers, serial
     *                                  settings Modbus RTU does not use), or its serial port is used by another
     *                                  device with other settings or the same unit id (naming both machines)
     */
    public ModbusDriver(String machineId, ModbusEndpoint endpoint, ModbusLines lines, Clock clock) {
        this.lifecycle = new DriverLifecycle(machineId, clock);
        this.machineId = machineId;
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.clock = clock;
        this.lines = Objects.requireNonNull(lines, "lines");
        checkEndpoint(machineId, endpoint);
        this.line = endpoint.transport() instanceof ModbusTransport.Serial serial
                ? lines.join(machineId, serial, endpoint.unitId()) : null;
    }

    @Override
    public String machineId() {
        return machineId;
    }

    public ModbusEndpoint endpoint() {
        return endpoint;
    }

    /**
     * Checks every signal now, so that a bad configuration fails before any traffic. Call once, before {@link #open}.
     *
     * @throws IllegalArgumentException naming the machine and the signal: no signals, a name used twice, a value
     *                                  longer than one read can return, scale, offset or deadband on a bool or a
     *                                  string, or a scale of 0
     */
    @Override
    public void subscribe(Collection<ModbusSignal> signals, ReadingSink readingSink) {
        Objects.requireNonNull(signals, "signals");
        List<ModbusSignal> checked = new ArrayList<>();
        for (ModbusSignal signal : SignalSpec.distinctNames(machineId, signals)) {
            checked.add(check(signal));
        }
        if (checked.isEmpty()) {
            throw new IllegalArgumentException("machine " + machineId + ": no Modbus signals to poll");
        }
        lifecycle.subscribe(readingSink, () -> poller = new DevicePoller(machineId, endpoint, checked, clock,
                new Events(), Math::random));
    }

    @Override
    public void open() {
        // Under the lifecycle's lock, so that a concurrent close() finds the poller on its loop and takes it off again.
        lifecycle.open(() -> {
            PollLoop target;
            if (line == null) {
                connection = lines.connect((ModbusTransport.Tcp) endpoint.transport(), poller);
                target = connection;
            } else {
                target = line.loop();
                target.add(poller);
            }
            List<ReadRequest> plan = poller.plan();
            int signals = plan.stream().mapToInt(r -> r.signals().size()).sum();
            log.info("{}: polling {} unit {} every {} ms on {}: {} signal{} in {} read{}", machineId,
                    endpoint.transport().describe(), endpoint.unitId(), endpoint.poll().toMillis(),
                    target.threadName(), signals, signals == 1 ? "" : "s", plan.size(), plan.size() == 1 ? "" : "s");
        });
    }

    @Override
    public DriverHealth health() {
        return lifecycle.health();
    }

    /**
     * Stops polling: the device leaves its TCP connection or serial line, and the last device to leave closes it.
     * Returns within about three seconds.
     */
    @Override
    public void close() {
        lifecycle.close(this::stop);
    }

    private void stop() {
        DevicePoller stopping = poller;
        if (stopping != null) {
            stopping.stop();
        }
        if (connection != null) {
            lines.disconnect(connection, stopping);
        }
        if (line != null) {
            lines.leave(line, machineId, stopping);
        }
    }

    /** Replies discarded because they did not answer their request. */
    long rejectedReplies() {
        DevicePoller current = poller;
        return current == null ? 0 : current.rejectedReplies();
    }

    private ModbusSignal check(ModbusSignal signal) {
        String where = "machine " + machineId + ", signal '" + signal.name() + "': ";
        if (signal.name().isBlank()) {
            throw new IllegalArgumentException("machine " + machineId + ": a signal has a blank name");
        }
        int span = ReadRequest.span(signal);
        if (span > Pdu.maxCount(signal.area())) {
            throw new IllegalArgumentException(where + "a " + signal.type() + " takes " + span
                    + " registers, more than one Modbus read returns (" + Pdu.maxCount(signal.area()) + ")");
        }
        ModbusType.Kind kind = signal.type().kind();
        boolean number = kind != ModbusType.Kind.BOOL && kind != ModbusType.Kind.STRING;
        if (!number && (signal.scale() != 1 || signal.offset() != 0 || signal.deadband() != 0)) {
            throw new IllegalArgumentException(where + "scale, offset and deadband apply to numbers, not to a "
                    + signal.type());
        }
        if (signal.scale() == 0) {
            throw new IllegalArgumentException(where + "a scale of 0 would report " + signal.offset()
                    + " whatever the device says");
        }
        return signal;
    }

    private static void checkEndpoint(String machineId, ModbusEndpoint endpoint) {
        String where = "machine " + machineId + ", " + endpoint.transport().describe() + ": ";
        boolean rtu = endpoint.transport() instanceof ModbusTransport.Serial
                || (endpoint.transport() instanceof ModbusTransport.Tcp tcp && tcp.rtuFraming());
        if (rtu && (endpoint.unitId() < 1 || endpoint.unitId() > 247)) {
            throw new IllegalArgumentException(where + "unit id " + endpoint.unitId() + " cannot be read over RTU:"
                    + " use 1..247 (0 is broadcast, which no device answers)");
        }
        if (endpoint.transport() instanceof ModbusTransport.Tcp tcp && tcp.host().isBlank()) {
            throw new IllegalArgumentException(where + "the host is blank");
        }
        if (endpoint.transport() instanceof ModbusTransport.Serial serial) {
            if (serial.port().isBlank()) {
                throw new IllegalArgumentException("machine " + machineId + ": the serial port is blank");
            }
            if (serial.baud() <= 0) {
                throw new IllegalArgumentException(where + "baud must be positive, was " + serial.baud());
            }
            try {
                SerialWire.parity(serial.parity());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
            if (serial.dataBits() != 8) {
                throw new IllegalArgumentException(where + "Modbus RTU uses 8 data bits, not " + serial.dataBits());
            }
            if (serial.stopBits() != 1 && serial.stopBits() != 2) {
                throw new IllegalArgumentException(where + "stop bits must be 1 or 2, was " + serial.stopBits());
            }
        }
    }

    /** The poller's events, on the polling thread. */
    private final class Events implements DevicePoller.Listener {

        @Override
        public void reading(Reading reading) {
            lifecycle.deliver(reading);
        }

        @Override
        public void state(ConnectionState state, String fault) {
            lifecycle.report(state, fault);
        }
    }
}
