package io.edgeagent.agent.config;

import io.edgeagent.drivers.modbus.ModbusType;
import io.edgeagent.drivers.modbus.RegisterArea;
import io.edgeagent.drivers.modbus.WordOrder;
import java.util.Objects;

/**
 * A Modbus value, from {@code register: holding:2} and its type. The reading is {@code raw * scale + offset}.
 *
 * @param area     coil, discrete, input or holding
 * @param address  0-based address, 0..65535 (the whole value must fit below 65536)
 * @param type     bool (a coil, a discrete input or one {@code bit} of a register), int16, uint16, int32,
 *                 uint32, int64, uint64, float32, float64 or string(n) with n characters; default bool for
 *                 coil, discrete and a register bit, uint16 for input and holding
 * @param bit      for a bool in an input or holding register: the bit, 0 (least significant) to 15; else null
 * @param order    word order (ABCD, CDAB, BADC, DCBA) of this value, or {@code null} for the device's
 * @param scale    default 1
 * @param offset   default 0
 * @param unit     engineering unit for people and payloads (e.g. {@code °C}), or {@code null}
 * @param deadband a change smaller than this (after scaling) is not reported; default 0, every change
 */
public record ModbusSignalConfig(String name, RegisterArea area, int address, ModbusType type, Integer bit,
        WordOrder order, double scale, double offset, String unit, double deadband) implements SignalConfig {

    public ModbusSignalConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(area, "area");
        Objects.requireNonNull(type, "type");
    }
}
