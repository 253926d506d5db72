package io.edgeagent.drivers.modbus;

import java.io.IOException;

/**
 * Modbus TCP: a 7-byte header (transaction id, protocol id 0, length, unit id) before the PDU. Transaction ids count
 * up per connection object and never restart with a new socket, so that no reply can match a request it does not
 * answer (j2mod shares one counter across connections and reuses ids, issue #165).
 *
 * <p>A reply to a request sent earlier on the same socket is late: its request timed out, and the devices behind a
 * gateway answer late while others on the connection answer in time. It is skipped, and the wait for this request's
 * reply goes on. Any other transaction id is a reply that does not answer the request, and is rejected.
 */
final class MbapFraming implements Framing {

    private static final int HEADER = 7;
    /** Unit id plus the largest PDU (253 bytes). */
    private static final int MAX_LENGTH = 254;
    private static final int IDS = 0xFFFF;

    private int lastTransactionId;
    private int firstOnConnection = 1;

    @Override
    public void connected() {
        firstOnConnection = next(lastTransactionId);
    }

    @Override
    public boolean skipsLateReplies() {
        return true;
    }

    @Override
    public byte[] exchange(Wire wire, int unitId, byte[] requestPdu, long deadline) throws IOException {
        lastTransactionId = next(lastTransactionId);
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
        while (true) {
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
                if (sentBefore(replyTransaction, transactionId)) {
                    continue;
                }
                throw new RejectedReplyException("transaction id " + replyTransaction + ", expected "
                        + transactionId);
            }
            if (replyUnit != unitId) {
                throw new RejectedReplyException("unit id " + replyUnit + ", expected " + unitId);
            }
            return pdu;
        }
    }

    /** Whether {@code id} went out on this socket before {@code current}: ids run 1..65535, then 1 again. */
    private boolean sentBefore(int id, int current) {
        if (id < 1 || id > IDS) {
            return false;
        }
        return Math.floorMod(id - firstOnConnection, IDS) < Math.floorMod(current - firstOnConnection, IDS);
    }

    private static int next(int id) {
        return id == IDS ? 1 : id + 1;
    }

    private static int word(byte[] bytes, int at) {
        return ((bytes[at] & 0xFF) << 8) | (bytes[at + 1] & 0xFF);
    }
}
