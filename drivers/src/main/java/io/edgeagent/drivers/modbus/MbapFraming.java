package io.edgeagent.drivers.modbus;

import java.io.IOException;

/**
 * Modbus TCP: a 7-byte header (transaction id, protocol id 0, length, unit id) before the PDU. Transaction ids count
 * up per connection object and never restart with a new socket, so that no reply can match a request it does not
 * answer (j2mod shares one counter across connections and reuses ids, issue #165).
 */
final class MbapFraming implements Framing {

    private static final int HEADER = 7;
    /** Unit id plus the largest PDU (253 bytes). */
    private static final int MAX_LENGTH = 254;

    private int lastTransactionId;

    @Override
    public byte[] exchange(Wire wire, int unitId, byte[] requestPdu, long deadline) throws IOException {
        lastTransactionId = lastTransactionId == 0xFFFF ? 1 : lastTransactionId + 1;
        int transactionId = lastTransactionId;
        int length = requestPdu.length + 1;
        byte[] frame = new byte[HEADER + requestPdu.length];
        frame[0] = (byte) (transactionId >> 8);
        frame[1] = (byte) transactionId;
        frame[4] = (byte) (length >> 8);
        frame[5] = (byte) length;
        frame[6] = (byte) unitId;
        System.arraycopy(requestPdu, 0, frame, HEADER, requestPdu.length);
        wire.write(frame);

        byte[] header = new byte[HEADER];
        wire.read(header, 0, HEADER, deadline);
        int replyTransaction = word(header, 0);
        int protocol = word(header, 2);
        int replyLength = word(header, 4);
        int replyUnit = header[6] & 0xFF;
        if (protocol != 0) {
            throw new RejectedReplyException("protocol id " + protocol + ", expected 0");
        }
        if (replyLength < 2 || replyLength > MAX_LENGTH) {
            throw new RejectedReplyException("length field " + replyLength);
        }
        byte[] pdu = new byte[replyLength - 1];
        wire.read(pdu, 0, pdu.length, deadline);
        if (replyTransaction != transactionId) {
            throw new RejectedReplyException("transaction id " + replyTransaction + ", expected " + transactionId);
        }
        if (replyUnit != unitId) {
            throw new RejectedReplyException("unit id " + replyUnit + ", expected " + unitId);
        }
        return pdu;
    }

    private static int word(byte[] bytes, int at) {
        return ((bytes[at] & 0xFF) << 8) | (bytes[at + 1] & 0xFF);
    }
}
