package io.edgeagent.agent.controlsocket;

/** The control socket cannot be made (a path too long for a socket, a data dir the agent may not write). */
public final class ControlUnavailableException extends RuntimeException {

    public ControlUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
