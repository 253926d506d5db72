package io.edgeagent.agent.cli;

/** A command cannot do its job; the message says why and what to do, for a person, on standard error. */
final class CommandFailure extends Exception {

    private final int exitCode;

    CommandFailure(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
