package io.edgeagent.drivers.opcua;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;

/**
 * One line for an engineer from a connection fault, e.g. {@code connection refused: opc.tcp://10.0.0.7:4840}.
 * Expected faults are told apart from the exception chain so that logs and health carry no stack traces.
 */
final class Faults {

    private Faults() {
    }

    static String describe(Throwable error, String url) {
        Optional<ServerCertificateRejected> rejected = ServerCertificateRejected.in(error);
        if (rejected.isPresent()) {
            return rejected.get().getMessage();
        }
        if (error instanceof MachineNotFound notFound) {
            return notFound.getMessage() + ": " + url;
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return "unknown host: " + url;
            }
            if (t instanceof NoRouteToHostException) {
                return "no route to host: " + url;
            }
            if (t instanceof ConnectException) {
                String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
                if (message.contains("refused")) {
                    return "connection refused: " + url;
                }
                if (message.contains("timed out")) {
                    return "connect timed out: " + url;
                }
                return "cannot connect: " + url + " (" + oneLine(t.getMessage()) + ")";
            }
            if (t instanceof TimeoutException || t instanceof SocketTimeoutException) {
                return "timed out: " + url;
            }
        }
        StatusCode status = UaException.extractStatusCode(error).orElse(null);
        if (status != null) {
            long code = status.getValue() & 0xFFFF0000L;
            if (code == StatusCodes.Bad_Timeout || code == StatusCodes.Bad_RequestTimeout) {
                return "timed out: " + url;
            }
            return DataValues.statusName(status) + ": " + url + detail(error);
        }
        return oneLine(error.toString()) + ": " + url;
    }

    /** The innermost UaException's own text, when it says more than the status name. */
    private static String detail(Throwable error) {
        String message = null;
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof UaException ua && ua.getMessage() != null && !ua.getMessage().startsWith("UaException")) {
                message = ua.getMessage();
            }
        }
        return message == null ? "" : " (" + oneLine(message) + ")";
    }

    private static String oneLine(String text) {
        return String.valueOf(text).replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
