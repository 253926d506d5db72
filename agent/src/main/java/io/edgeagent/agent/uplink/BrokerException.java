package io.edgeagent.agent.uplink;

/** The broker refused, could not be reached, or dropped a publish; the message is one line for a log. */
public final class BrokerException extends Exception {

    private static final long serialVersionUID = 1L;

    public BrokerException(String message, Throwable cause) {
        super(message, cause);
    }
}
