package io.edgeagent.drivers.opcua;

import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.UaException;

/**
 * The client refused the server's certificate. Its message is one line for the driver's health, naming the
 * certificate by thumbprint and saying what to do; an untrusted certificate is expected in the field, so nothing
 * logs its stack trace.
 */
final class ServerCertificateRejected extends UaException {

    ServerCertificateRejected(long statusCode, String message) {
        super(statusCode, message);
    }

    /** The rejection behind a failed connect, however Milo wrapped it. */
    static Optional<ServerCertificateRejected> in(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ServerCertificateRejected rejected) {
                return Optional.of(rejected);
            }
        }
        return Optional.empty();
    }
}
