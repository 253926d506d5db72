package io.edgeagent.drivers.modbus;

/**
 * The protocol data unit of the four read functions: the part of a frame that TCP and RTU share.
 *
 * <p>Request: function, start address, quantity (5 bytes). Reply: function, byte count, data; or function | 0x80
 * and an exception code.
 */
final class Pdu {

    static final int MAX_REGISTERS = 125;
    static final int MAX_BITS = 2000;
    static final int EXCEPTION_FLAG = 0x80;

    private Pdu() {
    }

    /** The most addresses one read of this area may ask for. */
    static int maxCount(RegisterArea area) {
        return area.isBit() ? MAX_BITS : MAX_REGISTERS;
    }

    static byte[] readRequest(RegisterArea area, int address, int count) {
        if (count < 1 || count > maxCount(area) || address < 0 || address + count > 65_536) {
            throw new IllegalArgumentException("cannot read " + count + " from address " + address + " of " + area);
        }
        return new byte[] {(byte) area.readFunction(), (byte) (address >> 8), (byte) address, (byte) (count >> 8),
            (byte) count};
    }

    /** The data bytes a successful reply carries for {@code count} addresses. */
    static int dataBytes(RegisterArea area, int count) {
        return area.isBit() ? (count + 7) / 8 : count * 2;
    }

    /**
     * Checks that the reply answers a read of {@code count} addresses of {@code area} and unpacks it.
     *
     * @throws RejectedReplyException when the function code or the byte count does not match the request
     */
    static Reply parseReply(byte[] pdu, RegisterArea area, int count) throws RejectedReplyException {
        if (pdu.length < 2) {
            throw new RejectedReplyException("reply of " + pdu.length + " bytes is too short");
        }
        int function = pdu[0] & 0xFF;
        if (function == (area.readFunction() | EXCEPTION_FLAG)) {
            if (pdu.length != 2) {
                throw new RejectedReplyException("exception reply of " + pdu.length + " bytes, expected 2");
            }
            return new Reply.Refused(pdu[1] & 0xFF);
        }
        if (function != area.readFunction()) {
            throw new RejectedReplyException("function " + function + ", expected " + area.readFunction());
        }
        int expected = dataBytes(area, count);
        int byteCount = pdu[1] & 0xFF;
        if (byteCount != expected || pdu.length != 2 + expected) {
            throw new RejectedReplyException("byte count " + byteCount + " in a reply of " + pdu.length
                    + " bytes, expected " + expected);
        }
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
            values[i] = area.isBit()
                    ? (pdu[2 + i / 8] >> (i % 8)) & 1
                    : ((pdu[2 + 2 * i] & 0xFF) << 8) | (pdu[3 + 2 * i] & 0xFF);
        }
        return new Reply.Values(values);
    }
}
