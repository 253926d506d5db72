package io.edgeagent.drivers.net;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A certificate or key file that cannot be used. The message names the file and what it failed to be, e.g.
 * {@code /etc/edge-agent/ca.pem is not a PEM or DER certificate: damaged PEM (...)}; {@link #problem} is the part
 * after the file, for a message that names the file its own way (with the setting that points to it).
 */
public final class PemFileException extends IOException {

    private final transient Path file;
    private final String problem;

    /**
     * @param failure what the file failed to be, e.g. {@code is not a PEM or DER certificate}
     * @param problem why, e.g. {@code damaged PEM (...)}; {@code null} when the failure says it all
     */
    PemFileException(Path file, String failure, String problem, Throwable cause) {
        super(file + " " + failure + (problem == null ? "" : ": " + problem), cause);
        this.file = file;
        this.problem = problem == null ? failure : problem;
    }

    public Path file() {
        return file;
    }

    /** What is wrong with the file, without naming it, e.g. {@code the private key is encrypted: ...}. */
    public String problem() {
        return problem;
    }
}
