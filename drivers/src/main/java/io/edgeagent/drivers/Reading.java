package io.edgeagent.drivers;

import java.time.Instant;
import java.util.Objects;

/**
 * One value of one signal of one machine, as the machine reported it.
 *
 * @param machineId  the configured machine id
 * @param signal     the configured signal name
 * @param value      {@link Boolean}, {@link Long}, {@link Double} or {@link String}; {@code null} when the
 *                   source had no value (quality then says why)
 * @param sourceTime when the machine (or the protocol's source) produced the value
 * @param quality    how far the value can be trusted
 * @param detail     the protocol's own word for a non-good quality (an OPC UA status name, a Modbus
 *                   exception), or {@code null}
 */
public record Reading(String machineId, String signal, Object value, Instant sourceTime, Quality quality, String detail) {

    public Reading {
        Objects.requireNonNull(machineId, "machineId");
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(sourceTime, "sourceTime");
        Objects.requireNonNull(quality, "quality");
        if (value != null && !(value instanceof Boolean || value instanceof Long || value instanceof Double
                || value instanceof String)) {
            throw new IllegalArgumentException("unsupported value type " + value.getClass().getName()
                    + " for " + machineId + "/" + signal + ": use Boolean, Long, Double or String");
        }
    }

    public static Reading good(String machineId, String signal, Object value, Instant sourceTime) {
        return new Reading(machineId, signal, value, sourceTime, Quality.GOOD, null);
    }

    public boolean isGood() {
        return quality == Quality.GOOD;
    }
}
