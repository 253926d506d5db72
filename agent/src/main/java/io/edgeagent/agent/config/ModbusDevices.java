package io.edgeagent.agent.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Modbus devices and serial lines of the machines read so far. Two machines cannot be the same device
 * (one unit id at one address), and every machine on one serial port shares its line, so they must agree
 * on its speed and framing.
 */
final class ModbusDevices {

    private final UniqueClaims<String> devices = new UniqueClaims<>();
    private final Map<String, Line> lines = new LinkedHashMap<>();

    /** Records {@code connection}, written at {@code at}; false (after reporting why) when it clashes. */
    boolean claim(ModbusConnection connection, YamlMap at) {
        String device = connection.describe() + " unit " + connection.unit();
        YamlValue where = at.get("unit").or(() -> at.get(connection.isTcp() ? "tcp" : "rtu")).orElseThrow();
        boolean unique = devices.claim(device, where).map(first -> {
            where.problem(at.path() + " is " + device + ", which " + UniqueClaims.describe(first)
                    + " already reads: every machine is its own device; check the unit id");
            return false;
        }).orElse(true);
        if (connection.isTcp()) {
            return unique;
        }
        RtuSettings rtu = connection.rtu();
        Line first = lines.putIfAbsent(rtu.port(), new Line(rtu, at.get("rtu").orElseThrow()));
        if (first != null && !first.settings().equals(rtu)) {
            at.get("rtu").orElseThrow().problem(at.child("rtu") + " runs " + rtu.port() + " at " + rtu.frame()
                    + ", but " + UniqueClaims.describe(first.where()) + " runs it at " + first.settings().frame()
                    + ": the machines on one serial line share it, so give them the same baud, parity and stopBits");
            return false;
        }
        return unique;
    }

    private record Line(RtuSettings settings, YamlValue where) {
    }
}
