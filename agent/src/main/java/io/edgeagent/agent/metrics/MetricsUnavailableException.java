package io.edgeagent.agent.metrics;

/**
 * The endpoint cannot listen where {@code metrics.listen} says (the port is taken, the address is not this device's,
 * the host name does not resolve): the start stops, as for a control socket that cannot be made.
 */
public final class MetricsUnavailableException extends RuntimeException {

    public MetricsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
