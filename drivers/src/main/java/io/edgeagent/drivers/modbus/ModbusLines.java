package io.edgeagent.drivers.modbus;

import io.edgeagent.drivers.support.DriverThreads;
import java.io.IOException;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The agent's Modbus connections, each shared by every device behind it, so that neither connections nor threads
 * grow with devices:
 *
 * <ul>
 *   <li>a serial line per port, shared by every RTU device on it: one master, one thread {@code modbus-<port name>},
 *       so transactions of different unit ids never overlap on the wire;</li>
 *   <li>a TCP connection per host and port, shared by every device there (the units behind a serial-to-Ethernet
 *       gateway, which may accept a single client), one transaction at a time; all TCP connections are polled by
 *       a few shared threads, one per connection up to {@link #DEFAULT_TCP_THREADS}.</li>
 * </ul>
 *
 * <p>A line or connection opens with its first device and closes with its last. One per agent; thread-safe. Close
 * it after the drivers that use it: that stops the shared threads.
 */
public final class ModbusLines implements AutoCloseable {

    /**
     * At most this many threads poll TCP devices. A thread is busy only while a transaction is on the wire: eight
     * carry 500 devices of their own, one read a second each at 10 ms a reply, with room for some that time out.
     */
    public static final int DEFAULT_TCP_THREADS = 8;

    private static final Duration STOP_WAIT = Duration.ofSeconds(3);

    private final Map<String, SerialLine> lines = new HashMap<>();
    private final Map<ModbusTransport.Tcp, PollLoop> connections = new HashMap<>();
    private final DriverThreads tcpThreads;
    private boolean closed;

    public ModbusLines() {
        this(DEFAULT_TCP_THREADS);
    }

    /** @param tcpThreads the most threads that poll TCP devices */
    public ModbusLines(int tcpThreads) {
        this.tcpThreads = new DriverThreads("modbus-poll", tcpThreads);
    }

    /**
     * Adds a machine to the line of its port, creating the line for the first one.
     *
     * @throws IllegalArgumentException naming both machines when another device on the port uses other line
     *                                  settings or the same unit id
     */
    synchronized SerialLine join(String machineId, ModbusTransport.Serial serial, int unitId) {
        checkOpen();
        String key = key(serial.port());
        SerialLine line = lines.get(key);
        if (line == null) {
            line = new SerialLine(serial, machineId);
            lines.put(key, line);
        }
        line.join(machineId, serial, unitId);
        return line;
    }

    /** Removes a machine; the last one to leave stops the line's thread and closes the port. */
    synchronized void leave(SerialLine line, String machineId, DevicePoller poller) {
        if (poller != null) {
            line.loop().remove(poller);
        }
        if (line.leave(machineId)) {
            lines.values().remove(line);
            // Still under the lock: a new line on this port must not open it before this one let go.
            line.loop().stop();
        }
    }

    /**
     * Polls a TCP device from now on, on the connection to its host and port, which the first device there opens.
     *
     * @return the connection's loop, to give to {@link #disconnect}
     */
    synchronized PollLoop connect(ModbusTransport.Tcp tcp, DevicePoller poller) {
        checkOpen();
        ModbusTransport.Tcp key = new ModbusTransport.Tcp(tcp.host().toLowerCase(Locale.ROOT), tcp.port(),
                tcp.rtuFraming());
        PollLoop loop = connections.get(key);
        if (loop == null) {
            loop = new PollLoop(tcp.describe(), Link.of(tcp), tcpThreads);
            connections.put(key, loop);
            tcpThreads.use(connections.size());
        }
        loop.add(poller);
        return loop;
    }

    /** Stops polling a TCP device; the last one on a connection closes it. */
    synchronized void disconnect(PollLoop loop, DevicePoller poller) {
        loop.remove(poller);
        if (loop.isEmpty() && connections.values().remove(loop)) {
            // Still under the lock: a gateway that takes a single client must see this connection go first.
            loop.stop();
            tcpThreads.use(connections.size());
        }
    }

    /** Stops every line and connection, closing its port or socket, and the threads that polled them. */
    @Override
    public synchronized void close() {
        closed = true;
        for (SerialLine line : List.copyOf(lines.values())) {
            line.loop().stop();
        }
        lines.clear();
        for (PollLoop loop : List.copyOf(connections.values())) {
            loop.stop();
        }
        connections.clear();
        tcpThreads.stop(STOP_WAIT);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("Modbus lines are closed");
        }
    }

    /** One line per device, even when it is named twice (/dev/ttyUSB0 and a /dev/serial/by-id link to it). */
    private static String key(String port) {
        try {
            return Paths.get(port).toRealPath().toString();
        } catch (IOException | RuntimeException e) {
            return port;
        }
    }
}
