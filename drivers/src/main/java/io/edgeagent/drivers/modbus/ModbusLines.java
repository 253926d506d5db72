package io.edgeagent.drivers.modbus;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's serial lines: one per port, shared by every Modbus RTU device on that port (one master, one thread
 * {@code modbus-<port name>}, so transactions of different unit ids never overlap on the wire). A line opens with
 * its first device and closes with its last. TCP devices do not use it: each has its own connection.
 *
 * <p>One per agent; thread-safe. Close it after the drivers that use it.
 */
public final class ModbusLines implements AutoCloseable {

    private final Map<String, SerialLine> lines = new HashMap<>();
    private boolean closed;

    public ModbusLines() {
        // Lines are created as devices join.
    }

    /**
     * Adds a machine to the line of its port, creating the line for the first one.
     *
     * @throws IllegalArgumentException naming both machines when another device on the port uses other line
     *                                  settings or the same unit id
     */
    synchronized SerialLine join(String machineId, ModbusTransport.Serial serial, int unitId) {
        if (closed) {
            throw new IllegalStateException("Modbus lines are closed");
        }
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

    /** Stops every line and closes its port. */
    @Override
    public synchronized void close() {
        closed = true;
        for (SerialLine line : List.copyOf(lines.values())) {
            line.loop().stop();
        }
        lines.clear();
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
