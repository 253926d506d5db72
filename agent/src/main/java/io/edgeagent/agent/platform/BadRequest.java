package io.edgeagent.agent.platform;

/** A request that cannot be carried out as written; the message is the reason in the error answer. */
final class BadRequest extends RuntimeException {

    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
        super(message, null, false, false);
    }
}
