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
}
