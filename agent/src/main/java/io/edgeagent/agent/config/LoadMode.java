package io.edgeagent.agent.config;

/**
 * How the loader counts what the file names outside itself and cannot find: an environment variable of a
 * {@code ${env:NAME}} reference, a password file, a TLS file.
 */
public enum LoadMode {
    /** For the agent about to run on the file: a value it cannot have is an error. */
    RUN,
    /**
     * For {@code config validate}, which may run on a laptop, or on the device as a user who may not read the
     * secrets: a warning, so that every other problem is still found and a valid file exits 0.
     */
    VALIDATE
}
