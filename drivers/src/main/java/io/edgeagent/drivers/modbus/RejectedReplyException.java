package io.edgeagent.drivers.modbus;

import java.io.IOException;

/**
 * A frame arrived that does not answer the request just sent (another transaction id, unit, function or length, or a
 * bad CRC): a late reply to an abandoned request, or a stray one. It is discarded and the attempt counts as failed.
 */
final class RejectedReplyException extends IOException {

    RejectedReplyException(String reason) {
        super(reason);
    }
}
