package io.edgeagent.drivers.modbus;

import java.io.IOException;

/** A connection fault whose message is already the one line an engineer should read, naming the port and a fix. */
final class LinkException extends IOException {

    LinkException(String message) {
        super(message);
    }

    LinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
