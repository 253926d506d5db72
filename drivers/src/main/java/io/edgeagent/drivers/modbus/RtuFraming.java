package io.edgeagent.drivers.modbus;

import java.io.IOException;

/**
 * Modbus RTU: unit id, PDU, CRC-16 (low byte first). RTU has no length field, so the reply's length follows from its
 * function code and byte count; a frame with a bad CRC or another unit id is rejected.
 */
final class RtuFraming implements Framing {

    @Override
    public byte[] exchange(Wire wire, int unitId, byte[] requestPdu, long deadline) throws IOException {
        byte[] frame = new byte[requestPdu.length + 3];
        frame[0] = (byte) unitId;
        System.arraycopy(requestPdu, 0, frame, 1, requestPdu.length);
        int crc = crc(frame, 0, frame.length - 2);
        frame[frame.length - 2] = (byte) crc;
        frame[frame.length - 1] = (byte) (crc >> 8);
        wire.write(frame);

        // Unit, function, and either the exception code or the byte count.
        byte[] head = new byte[3];
        wire.read(head, 0, head.length, deadline);
        int function = head[1] & 0xFF;
        int rest;
        if ((function & Pdu.EXCEPTION_FLAG) != 0) {
            rest = 2;
        } else if (function >= 1 && function <= 4) {
            rest = (head[2] & 0xFF) + 2;
        } else {
            throw new RejectedReplyException("function " + function + " is not a read");
        }
        byte[] reply = new byte[head.length + rest];
        System.arraycopy(head, 0, reply, 0, head.length);
        wire.read(reply, head.length, rest, deadline);
        int expected = crc(reply, 0, reply.length - 2);
        int received = (reply[reply.length - 2] & 0xFF) | ((reply[reply.length - 1] & 0xFF) << 8);
        if (expected != received) {
            throw new RejectedReplyException(String.format("CRC 0x%04X, expected 0x%04X", received, expected));
        }
        int replyUnit = reply[0] & 0xFF;
        if (replyUnit != unitId) {
            throw new RejectedReplyException("unit id " + replyUnit + ", expected " + unitId);
        }
        byte[] pdu = new byte[reply.length - 3];
        System.arraycopy(reply, 1, pdu, 0, pdu.length);
        return pdu;
    }

    @Override
    public void connected() {
        // RTU frames carry nothing that ties a reply to its request: there is nothing to remember.
    }

    /** Without a transaction id, a late reply looks like the answer to the next request to that unit. */
    @Override
    public boolean skipsLateReplies() {
        return false;
    }

    /** CRC-16/MODBUS: polynomial 0xA001 (reflected 0x8005), initial value 0xFFFF. */
    static int crc(byte[] bytes, int offset, int length) {
        int crc = 0xFFFF;
        for (int i = offset; i < offset + length; i++) {
            crc ^= bytes[i] & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
            }
        }
        return crc;
    }
}
