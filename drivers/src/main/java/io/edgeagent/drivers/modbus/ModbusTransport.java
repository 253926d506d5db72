package io.edgeagent.drivers.modbus;

import java.util.Objects;

/** How the agent reaches a Modbus device: a TCP connection, or a serial line (RTU). */
public sealed interface ModbusTransport {

    /** A short name for logs and the status: {@code tcp://host:port}, {@code rtu+tcp://host:port} or the port. */
    String describe();

    /**
     * Modbus TCP, or RTU frames tunnelled over TCP to a serial gateway when {@code rtuFraming} is set.
     */
    record Tcp(String host, int port, boolean rtuFraming) implements ModbusTransport {

        public Tcp {
            Objects.requireNonNull(host, "host");
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("port must be 1..65535, was " + port);
            }
        }

        @Override
        public String describe() {
            return (rtuFraming ? "rtu+tcp://" : "tcp://") + host + ":" + port;
        }
    }

    /**
     * Modbus RTU on a serial port. Several devices (unit ids) may share one port: their transactions are
     * serialised on the line.
     *
     * @param parity one of {@code none}, {@code even}, {@code odd}
     */
    record Serial(String port, int baud, String parity, int dataBits, int stopBits) implements ModbusTransport {

        public Serial {
            Objects.requireNonNull(port, "port");
            Objects.requireNonNull(parity, "parity");
        }

        @Override
        public String describe() {
            return port;
        }
    }
}
