package io.edgeagent.drivers.modbus;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One-shot reads for the service engineer's {@code edge-agent probe}: the raw registers or bits as the device sends
 * them, and the same decoding the driver applies, so that a register map can be checked on site.
 *
 * <p>A probe opens its own connection, even to a serial port the agent is polling; stop the agent, or probe that
 * device over another route, if the port is busy.
 */
public final class ModbusProbe {

    private ModbusProbe() {
    }

    /**
     * What a probe read.
     *
     * @param words the registers in address order (0..65535); empty for coils and discrete inputs
     * @param bits  the coils or inputs in address order; empty for registers
     */
    public record ProbeResult(ModbusTransport transport, int unitId, RegisterArea area, int address,
                              List<Integer> words, List<Boolean> bits) {

        public ProbeResult {
            Objects.requireNonNull(transport, "transport");
            Objects.requireNonNull(area, "area");
            words = List.copyOf(words);
            bits = List.copyOf(bits);
        }

        /** The registers as {@code 0x4148 0x0000}; the bits as {@code 1 0 1}. */
        public String raw() {
            return area.isBit() ? bits.stream().map(b -> b ? "1" : "0").collect(Collectors.joining(" "))
                    : hex(words);
        }
    }

    /** Why a probe failed, in one line naming the endpoint, e.g. {@code connection refused: tcp://10.0.0.7:502}. */
    public static final class ProbeException extends Exception {

        public ProbeException(String message) {
            super(message);
        }
    }

    /**
     * Reads once, without retries.
     *
     * @param count registers (1..125) or bits (1..2000)
     * @throws ProbeException           when the device cannot be reached, does not answer in time, answers with
     *                                  something that is not a reply to the request, or with an exception code
     * @throws IllegalArgumentException when the arguments cannot make a Modbus read
     */
    public static ProbeResult read(ModbusTransport transport, int unitId, RegisterArea area, int address, int count,
                                   Duration timeout) throws ProbeException {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(area, "area");
        Objects.requireNonNull(timeout, "timeout");
        if (unitId < 0 || unitId > 255) {
            throw new IllegalArgumentException("unit id must be 0..255, was " + unitId);
        }
        if (count < 1 || count > Pdu.maxCount(area)) {
            throw new IllegalArgumentException("one read of " + plural(area) + " takes 1.." + Pdu.maxCount(area)
                    + ", not " + count);
        }
        if (address < 0 || address + count > 65_536) {
            throw new IllegalArgumentException("addresses " + address + ".." + (address + count - 1)
                    + " do not fit in 0..65535");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        String device = transport.describe() + " unit " + unitId;
        String what = "reading " + ReadRequest.describe(area, address, count);
        Reply reply;
        try (Link link = Link.of(transport)) {
            reply = link.read(unitId, area, address, count, timeout);
        } catch (IOException e) {
            throw new ProbeException(Faults.describe(e, transport.describe(), device) + " (" + what + ")");
        }
        if (reply instanceof Reply.Refused refused) {
            throw new ProbeException(refused.describe() + ": " + device + " (" + what + ")");
        }
        int[] values = ((Reply.Values) reply).values();
        List<Integer> words = new ArrayList<>();
        List<Boolean> bits = new ArrayList<>();
        for (int value : values) {
            if (area.isBit()) {
                bits.add(value != 0);
            } else {
                words.add(value);
            }
        }
        return new ProbeResult(transport, unitId, area, address, words, bits);
    }

    /**
     * Decodes registers as the driver does, before scale and offset: Long for integers (a uint64 above
     * {@link Long#MAX_VALUE} as its decimal String), Double for floats (NaN and infinities included), String for
     * text.
     *
     * @param words registers in address order, from the value's first one; extra words are ignored
     * @throws IllegalArgumentException for a bool (read its register as uint16) or too few words
     */
    public static Object decode(List<Integer> words, ModbusType type, WordOrder order) {
        if (type.kind() == ModbusType.Kind.BOOL) {
            throw new IllegalArgumentException("a bool in a register is one bit of it: decode the register as uint16");
        }
        return Codec.unscaled(Codec.decode(toArray(words), 0, type, order, null));
    }


    /** {@code 0x4148 0x0000}. */
    public static String hex(List<Integer> words) {
        return words.stream().map(w -> String.format(Locale.ROOT, "0x%04X", w)).collect(Collectors.joining(" "));
    }

    private static int[] toArray(List<Integer> words) {
        int[] array = new int[words.size()];
        for (int i = 0; i < array.length; i++) {
            int word = words.get(i);
            if (word < 0 || word > 0xFFFF) {
                throw new IllegalArgumentException("a register holds 0..65535, not " + word);
            }
            array[i] = word;
        }
        return array;
    }

    private static String plural(RegisterArea area) {
        return area.name().toLowerCase(Locale.ROOT).replace('_', ' ') + "s";
    }
}
