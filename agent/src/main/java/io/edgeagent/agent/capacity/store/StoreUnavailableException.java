package io.edgeagent.agent.capacity.store;

/** The capacity store cannot be opened or written (data dir not writable, file held by another agent). */
public final class StoreUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
