package io.edgeagent.agent.tls;

/**
 * A {@code broker.tls} file cannot be used (not PEM, encrypted, key and certificate do not match); the
 * message is one line that names the setting, the file and what is wrong.
 */
public final class TlsUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TlsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
