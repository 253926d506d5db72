package io.edgeagent.drivers.modbus;

import java.io.IOException;

/** No complete reply arrived within the transaction's timeout. */
final class ReplyTimeoutException extends IOException {

    ReplyTimeoutException(String message) {
        super(message);
    }
}
