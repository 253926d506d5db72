package io.edgeagent.agent.config;

import java.util.Objects;

/**
 * A Modbus value, from {@code register: holding:2} and its type. The reading is {@code raw * scale + offset}.
 *
 * @param area    coil, discrete, input or holding
 * @param address 0-based address, 0..65535 (the whole value must fit below 65536)
 * @param type    bool (coil and discrete only), int16, uint16, int32, uint32, int64, uint64, float32,
 *                float64 or string(n) with n characters; default bool for coil and discrete, uint16 for
 *                input and holding
 * @param scale   default 1
 * @param offset  default 0
 * @param unit    engineering unit for people and payloads (e.g. {@code °C}), or {@code null}
 */
public record ModbusSignalConfig(String name, String area, int address, String type, double scale, double offset,
        String unit) implements SignalConfig {

    public ModbusSignalConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(area, "area");
        Objects.requireNonNull(type, "type");
    }
}
