package io.edgeagent.drivers.modbus;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * One line for an engineer from a link fault, e.g. {@code connection refused: tcp://10.0.0.7:502}. Expected faults
 * are told apart by type, so that logs and health carry no stack traces.
 */
final class Faults {

    private Faults() {
    }

    /**
     * @param endpoint the transport, e.g. {@code tcp://10.0.0.7:502}
     * @param device   the endpoint and unit, e.g. {@code tcp://10.0.0.7:502 unit 1}, for faults of a transaction
     */
    static String describe(Throwable error, String endpoint, String device) {
        if (error instanceof LinkException) {
            return oneLine(error.getMessage());
        }
        if (error instanceof ReplyTimeoutException) {
            return oneLine(error.getMessage()) + ": " + device;
        }
        if (error instanceof RejectedReplyException) {
            return "rejected a reply that does not match the request (" + oneLine(error.getMessage()) + "): " + device;
        }
        if (error instanceof UnknownHostException) {
            return "unknown host: " + endpoint;
        }
        if (error instanceof NoRouteToHostException) {
            return "no route to host: " + endpoint;
        }
        if (error instanceof ConnectException) {
            String message = String.valueOf(error.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("refused")) {
                return "connection refused: " + endpoint;
            }
            if (message.contains("timed out")) {
                return "connect timed out: " + endpoint;
            }
            return "cannot connect (" + oneLine(error.getMessage()) + "): " + endpoint;
        }
        if (error instanceof SocketTimeoutException) {
            return "connect timed out: " + endpoint;
        }
        if (error instanceof EOFException) {
            return "connection closed by the device: " + endpoint;
        }
        if (error instanceof SocketException) {
            return "connection lost (" + oneLine(error.getMessage()) + "): " + endpoint;
        }
        return oneLine(error.toString()) + ": " + endpoint;
    }

    static String oneLine(String text) {
        return String.valueOf(text).replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
