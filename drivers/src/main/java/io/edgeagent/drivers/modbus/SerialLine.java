package io.edgeagent.drivers.modbus;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One serial port and the devices on it: one master connection and one thread, so that their transactions never
 * overlap on the wire. Membership is guarded by the owning {@link ModbusLines}.
 */
final class SerialLine {

    private final ModbusTransport.Serial settings;
    private final String firstMachine;
    private final PollLoop loop;
    private final Map<String, Integer> unitsByMachine = new LinkedHashMap<>();

    SerialLine(ModbusTransport.Serial settings, String firstMachine) {
        this.settings = settings;
        this.firstMachine = firstMachine;
        this.loop = new PollLoop("modbus-" + basename(settings.port()), Link.of(settings));
    }

    PollLoop loop() {
        return loop;
    }

    /**
     * @throws IllegalArgumentException naming both machines when the line settings differ or the unit id is taken
     */
    void join(String machineId, ModbusTransport.Serial wanted, int unitId) {
        if (!sameLine(settings, wanted)) {
            throw new IllegalArgumentException("serial port " + wanted.port() + ": machine " + machineId + " wants "
                    + describe(wanted) + " but machine " + firstMachine + " uses " + describe(settings)
                    + " on the same line; all devices on one line must use the same settings");
        }
        unitsByMachine.forEach((other, unit) -> {
            if (other.equals(machineId)) {
                throw new IllegalArgumentException("serial port " + wanted.port() + ": machine " + machineId
                        + " is already on this line");
            }
            if (unit == unitId) {
                throw new IllegalArgumentException("serial port " + wanted.port() + ": machine " + machineId
                        + " uses unit " + unitId + ", which machine " + other + " already uses on this line");
            }
        });
        unitsByMachine.put(machineId, unitId);
    }

    /** @return true when no machine is left on the line */
    boolean leave(String machineId) {
        unitsByMachine.remove(machineId);
        return unitsByMachine.isEmpty();
    }

    static String basename(String port) {
        int slash = Math.max(port.lastIndexOf('/'), port.lastIndexOf('\\'));
        return port.substring(slash + 1);
    }

    private static boolean sameLine(ModbusTransport.Serial a, ModbusTransport.Serial b) {
        return a.baud() == b.baud() && a.parity().equalsIgnoreCase(b.parity()) && a.dataBits() == b.dataBits()
                && a.stopBits() == b.stopBits();
    }

    private static String describe(ModbusTransport.Serial serial) {
        return serial.baud() + " baud, parity " + serial.parity().toLowerCase(Locale.ROOT) + ", " + serial.dataBits()
                + " data bits, " + serial.stopBits() + " stop bit" + (serial.stopBits() == 1 ? "" : "s");
    }
}
