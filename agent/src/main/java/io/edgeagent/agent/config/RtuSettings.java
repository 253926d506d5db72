package io.edgeagent.agent.config;

import java.util.Objects;

/**
 * A Modbus serial line ({@code modbus.rtu:}); 8 data bits, 1 stop bit.
 *
 * @param port   the serial device, e.g. {@code /dev/ttyUSB0}
 * @param baud   1200..115200, default 19200 (the Modbus standard's default)
 * @param parity none, even or odd; default even (the Modbus standard's default)
 */
public record RtuSettings(String port, int baud, String parity) {

    public RtuSettings {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(parity, "parity");
    }
}
