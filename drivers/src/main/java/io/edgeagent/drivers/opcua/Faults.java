package io.edgeagent.drivers.opcua;

import io.edgeagent.drivers.net.NetworkFaults;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;

/**
 * One line for an engineer from a connection fault, e.g. {@code connection refused: opc.tcp://10.0.0.7:4840}: the
 * network's faults in {@link NetworkFaults}' words, then what only OPC UA says (a rejected certificate, a missing
 * machine object, a status code). Told apart from the exception chain, so that logs and health carry no stack traces.
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
        Optional<String> network = NetworkFaults.describe(error, url);
        if (network.isPresent()) {
            return network.get();
        }
        StatusCode status = UaException.extractStatusCode(error).orElse(null);
        if (status != null) {
            long code = status.getValue() & 0xFFFF0000L;
            if (code == StatusCodes.Bad_Timeout || code == StatusCodes.Bad_RequestTimeout) {
                return NetworkFaults.timedOut(url);
            }
            return DataValues.statusName(status) + ": " + url + detail(error);
        }
        return NetworkFaults.oneLine(error.toString()) + ": " + url;
    }

    /** The innermost UaException's own text, when it says more than the status name. */
    private static String detail(Throwable error) {
        String message = null;
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof UaException ua && ua.getMessage() != null && !ua.getMessage().startsWith("UaException")) {
                message = ua.getMessage();
            }
        }
        return message == null ? "" : " (" + NetworkFaults.oneLine(message) + ")";
    }
}
