package io.edgeagent.drivers.modbus;

import io.edgeagent.drivers.SignalSpec;
import java.util.Objects;

/**
 * One value to poll from a Modbus device. The reported value is {@code raw * scale + offset}.
 *
 * @param name     the configured signal name readings are reported under
 * @param area     where the value sits
 * @param address  0-based protocol address of its first coil or register
 * @param type     what it is; {@link ModbusType.Kind#BOOL} in a register area needs {@code bit}
 * @param bit      for a bool in a register: the bit, 0 (least significant) to 15; {@code null} otherwise
 * @param order    word and byte order of a value spanning registers (also the byte order of a string)
 * @param scale    factor applied to the raw number; a non-identity scale or offset makes the value a Double
 * @param offset   added after scaling
 * @param deadband a numeric change smaller than this (after scaling) is not reported; 0 reports every change
 */
public record ModbusSignal(String name, RegisterArea area, int address, ModbusType type, Integer bit,
        WordOrder order, double scale, double offset, double deadband) implements SignalSpec {

    public ModbusSignal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(area, "area");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(order, "order");
        if (address < 0 || address + (area.isBit() ? 1 : type.registers()) > 65_536) {
            throw new IllegalArgumentException("signal '" + name + "': a " + type + " at address " + address
                    + " does not fit below 65536");
        }
        if (area.isBit() != (type.kind() == ModbusType.Kind.BOOL && bit == null)) {
            if (area.isBit()) {
                throw new IllegalArgumentException("signal '" + name + "': a " + area + " is one bit: type bool,"
                        + " no bit number");
            }
            if (type.kind() == ModbusType.Kind.BOOL) {
                throw new IllegalArgumentException("signal '" + name + "': a bool in a register needs a bit 0..15");
            }
        }
        if (bit != null && (bit < 0 || bit > 15 || type.kind() != ModbusType.Kind.BOOL)) {
            throw new IllegalArgumentException("signal '" + name + "': bit must be 0..15 and only with type bool,"
                    + " was " + bit + " with " + type);
        }
        if (!Double.isFinite(scale) || !Double.isFinite(offset) || !(deadband >= 0) || Double.isInfinite(deadband)) {
            throw new IllegalArgumentException("signal '" + name + "': scale, offset and deadband must be finite and"
                    + " the deadband >= 0");
        }
    }

    /** A value with no scaling, default order and no deadband. */
    public static ModbusSignal of(String name, RegisterArea area, int address, ModbusType type) {
        return new ModbusSignal(name, area, address, type, null, WordOrder.ABCD, 1, 0, 0);
    }
}
