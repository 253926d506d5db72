package io.edgeagent.drivers.modbus;

import java.io.IOException;

/** How a PDU travels on a {@link Wire}: in a Modbus TCP (MBAP) frame or an RTU frame. */
interface Framing {

    /**
     * Sends one request and returns the PDU of the reply, after checking that the frame answers this request: the
     * transaction id (TCP), the unit id and the frame's length or CRC.
     *
     * @param deadline a {@link System#nanoTime()} value
     * @throws RejectedReplyException when a frame arrived that does not answer this request
     */
    byte[] exchange(Wire wire, int unitId, byte[] requestPdu, long deadline) throws IOException;

    /** The wire was (re)connected: replies to requests sent before cannot arrive on it. */
    void connected();

    /**
     * Whether a reply that comes after its request timed out is told apart from the answer to a later request (by
     * MBAP's transaction id) and skipped, so that a timeout need not cost the connection.
     */
    boolean skipsLateReplies();
}
