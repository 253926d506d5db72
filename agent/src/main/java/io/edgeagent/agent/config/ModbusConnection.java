package io.edgeagent.agent.config;

import io.edgeagent.drivers.modbus.WordOrder;
import java.time.Duration;
import java.util.Objects;

/**
 * A Modbus device ({@code machines[i].modbus}), over TCP or a serial line (RTU), never both.
 *
 * @param tcpHost    host of {@code tcp: host:port}, or {@code null} for RTU
 * @param tcpPort    port of {@code tcp:}, default 502; 0 for RTU
 * @param rtuFraming {@code framing: rtu}: RTU frames tunnelled over TCP to a serial gateway (TCP only)
 * @param rtu        the serial line, or {@code null} for TCP
 * @param unit       unit (slave) id, default 1: 0..255 over TCP, 1..247 on a serial line (also behind a gateway)
 * @param poll       how often registers are read ({@code pollMs}, 50..3600000, default 1000)
 * @param timeout    how long one request may take ({@code timeoutMs}, 10..60000, default 1000)
 * @param retries    repeats of a failed request before the poll fails (0..10, default 1)
 * @param maxGap     unused registers one request may span to join two signals (0..100, default 10)
 * @param keepAlive  an unchanged value is reported again after this long ({@code keepAliveSeconds}, default 60)
 * @param order      word order of the signals that do not set their own: ABCD (default), CDAB, BADC, DCBA
 */
public record ModbusConnection(String tcpHost, int tcpPort, boolean rtuFraming, RtuSettings rtu, int unit,
        Duration poll, Duration timeout, int retries, int maxGap, Duration keepAlive, WordOrder order)
        implements Connection {

    public static final int DEFAULT_TCP_PORT = 502;

    public ModbusConnection {
        if ((tcpHost == null) == (rtu == null)) {
            throw new IllegalArgumentException("a Modbus connection is either TCP or RTU");
        }
        if (rtuFraming && tcpHost == null) {
            throw new IllegalArgumentException("RTU framing is for TCP gateways; a serial line is RTU anyway");
        }
        Objects.requireNonNull(poll, "poll");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(keepAlive, "keepAlive");
        Objects.requireNonNull(order, "order");
    }

    public boolean isTcp() {
        return tcpHost != null;
    }

    /** {@code 10.0.3.40:502} or the serial port, for messages. */
    public String describe() {
        return isTcp() ? tcpHost + ":" + tcpPort : rtu.port();
    }
}
