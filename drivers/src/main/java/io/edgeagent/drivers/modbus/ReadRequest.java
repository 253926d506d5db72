package io.edgeagent.drivers.modbus;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * One planned read: {@code count} registers (or bits) of one area from {@code address}, and the signals it serves.
 */
record ReadRequest(RegisterArea area, int address, int count, List<ModbusSignal> signals) {

    ReadRequest {
        signals = List.copyOf(signals);
        if (count < 1 || count > Pdu.maxCount(area)) {
            throw new IllegalArgumentException("a read of " + area + " takes 1.." + Pdu.maxCount(area) + ", not "
                    + count);
        }
    }

    /** The smallest read that covers all these signals of one area. */
    static ReadRequest covering(RegisterArea area, List<ModbusSignal> signals) {
        int start = signals.stream().mapToInt(ModbusSignal::address).min().orElseThrow();
        int end = signals.stream().mapToInt(ReadRequest::end).max().orElseThrow();
        List<ModbusSignal> sorted = signals.stream().sorted(Comparator.comparingInt(ModbusSignal::address)).toList();
        return new ReadRequest(area, start, end - start, sorted);
    }

    /** How many registers (or bits) the signal takes. */
    static int span(ModbusSignal signal) {
        return signal.area().isBit() ? 1 : signal.type().registers();
    }

    /** The first address after the signal. */
    static int end(ModbusSignal signal) {
        return signal.address() + span(signal);
    }

    /** For logs: {@code holding registers 0..9}. */
    String describe() {
        return describe(area, address, count);
    }

    static String describe(RegisterArea area, int address, int count) {
        String what = area.name().toLowerCase(Locale.ROOT).replace('_', ' ') + (count == 1 ? "" : "s");
        return what + " " + (count == 1 ? String.valueOf(address) : address + ".." + (address + count - 1));
    }
}
