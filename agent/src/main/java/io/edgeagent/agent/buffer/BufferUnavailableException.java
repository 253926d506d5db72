package io.edgeagent.agent.buffer;

/**
 * The buffer cannot be used at all (data dir not writable, another agent holds the file), or cannot be read now;
 * the message says which, for a person.
 */
public final class BufferUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BufferUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
