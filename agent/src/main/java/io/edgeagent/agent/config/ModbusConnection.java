package io.edgeagent.agent.config;

import java.time.Duration;
import java.util.Objects;

/**
 * A Modbus device ({@code machines[i].modbus}), over TCP or a serial line (RTU), never both.
 *
 * @param tcpHost host of {@code tcp: host:port}, or {@code null} for RTU
 * @param tcpPort port of {@code tcp:}, default 502; 0 for RTU
 * @param rtu     the serial line, or {@code null} for TCP
 * @param unit    unit (slave) id 0..255, default 1
 * @param poll    how often registers are read ({@code pollMs}, 50..3600000, default 1000)
 */
public record ModbusConnection(String tcpHost, int tcpPort, RtuSettings rtu, int unit, Duration poll)
        implements Connection {

    public static final int DEFAULT_TCP_PORT = 502;

    public ModbusConnection {
        if ((tcpHost == null) == (rtu == null)) {
            throw new IllegalArgumentException("a Modbus connection is either TCP or RTU");
        }
        Objects.requireNonNull(poll, "poll");
    }

    public boolean isTcp() {
        return tcpHost != null;
    }
}
