package io.edgeagent.drivers.modbus;

import io.edgeagent.drivers.SignalSpec;
import java.util.Objects;
import java.util.Optional;

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
        if (address < 0 || address > RegisterAddress.MAX_ADDRESS) {
            throw new IllegalArgumentException("signal '" + name + "': address " + address + " is not in 0 to 65535");
        }
        Optional<String> misfit = misfit(new RegisterAddress(area, address), type, bit != null);
        if (misfit.isPresent()) {
            throw new IllegalArgumentException("signal '" + name + "': " + misfit.get());
        }
        if (bit != null && (bit < 0 || bit > 15)) {
            throw new IllegalArgumentException("signal '" + name + "': bit " + bit + " is not 0 to 15");
        }
        if (!Double.isFinite(scale) || !Double.isFinite(offset) || !(deadband >= 0) || Double.isInfinite(deadband)) {
            throw new IllegalArgumentException("signal '" + name + "': scale, offset and deadband must be finite and"
                    + " the deadband >= 0");
        }
    }

    /**
     * What is wrong with reading {@code type} at {@code register}, or empty when it fits: a bool is a coil, a discrete
     * input or one bit of a register, anything else a value in registers that ends by address 65535. Worded for the
     * technician who wrote it, with the config's names ({@code bit}, {@code type}), since the config's binder reports
     * it at the line of the file; the constructor refuses the same with the signal's name.
     *
     * @param bit whether the signal names one bit of a register
     */
    public static Optional<String> misfit(RegisterAddress register, ModbusType type, boolean bit) {
        String area = register.area().configName();
        boolean bool = type.kind() == ModbusType.Kind.BOOL;
        if (bit) {
            if (register.area().isBit()) {
                return Optional.of("a " + area + " is a single bit already: remove bit");
            }
            return bool ? Optional.empty()
                    : Optional.of("one bit of a register is a bool: use type bool or leave type out");
        }
        if (register.area().isBit() != bool) {
            return Optional.of(register.area().isBit()
                    ? "a " + area + " holds a single bit: use type bool or leave type out"
                    : "type bool in a register needs the bit, e.g. bit: 3 (0 is the least significant);"
                            + " or read the whole register as uint16");
        }
        if (register.address() + type.registers() - 1 > RegisterAddress.MAX_ADDRESS) {
            return Optional.of("a " + type + " at " + register + " needs " + type.registers()
                    + " registers and runs past address 65535: use a lower address");
        }
        return Optional.empty();
    }

    /** A value with no scaling, default order and no deadband. */
    public static ModbusSignal of(String name, RegisterArea area, int address, ModbusType type) {
        return new ModbusSignal(name, area, address, type, null, WordOrder.ABCD, 1, 0, 0);
    }
}
