package io.edgeagent.agent.config;

import java.util.Objects;

/**
 * A Modbus serial line ({@code modbus.rtu:}). Every machine on one port shares the line, so they must agree
 * on all of it.
 *
 * @param port     the serial device, e.g. {@code /dev/ttyUSB0}
 * @param baud     1200..115200, default 19200 (the Modbus standard's default)
 * @param parity   none, even or odd; default even (the Modbus standard's default)
 * @param stopBits 1 or 2, default 1 (the standard asks for 2 without parity; devices vary). Data bits are
 *                 always 8: 7 is Modbus ASCII, which the agent does not speak
 */
public record RtuSettings(String port, int baud, String parity, int stopBits) {

    public RtuSettings {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(parity, "parity");
    }

    /** {@code 19200 8E1}, the way serial settings are written on device labels. */
    public String frame() {
        return baud + " 8" + Character.toUpperCase(parity.charAt(0)) + stopBits;
    }
}
