package io.edgeagent.agent.buffer;

/** The buffer cannot be used at all (data dir not writable, another agent holds the file). */
public final class BufferUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BufferUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
