package io.edgeagent.agent.config;

import java.util.Comparator;
import java.util.Objects;

/**
 * One thing wrong with a config file, said so that a technician can fix it: where (file, line, column, all
 * 1-based), what is wrong and what to write instead.
 *
 * <p>A problem with the file as a whole (it cannot be read, it is empty) has line and column 0 and is
 * formatted without them.
 *
 * @param file     the file name as it was given to the loader
 * @param line     1-based line, or 0 for the whole file
 * @param column   1-based column, or 0 for the whole file
 * @param message  what is wrong and how to fix it; never contains a secret
 * @param severity {@link Severity#ERROR} unless the problem may be gone where the agent runs
 */
public record ConfigProblem(String file, int line, int column, String message, Severity severity) {

    /** File order: whole-file problems first, then by line and column. */
    public static final Comparator<ConfigProblem> BY_POSITION =
            Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column);

    /** How much a problem stops. */
    public enum Severity {
        /** The agent does not start on the file. */
        ERROR,
        /**
         * Something the file names outside itself (an environment variable, a secret or certificate file) is not
         * there for {@code config validate}, which may run elsewhere than the agent, or as another user: the agent
         * does not start unless it is there for the agent.
         */
        WARNING
    }

    public ConfigProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(severity, "severity");
    }

    /** An error. */
    public ConfigProblem(String file, int line, int column, String message) {
        this(file, line, column, message, Severity.ERROR);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** The same problem in a file called {@code name}, as a message about a copy of the file names it. */
    public ConfigProblem inFile(String name) {
        return new ConfigProblem(name, line, column, message, severity);
    }

    /**
     * {@code agent.yaml:31:7: unknown key 'endpiont' under machines[0].opcua: did you mean 'endpoint'?}; a warning
     * says so after the place, as compilers do: {@code agent.yaml:14:13: warning: broker.password uses ...}.
     */
    public String format() {
        return format("warning");
    }

    /** {@link #format()} with a warning called {@code warning}: the word in the technician's language. */
    public String format(String warning) {
        String text = severity == Severity.WARNING ? warning + ": " + message : message;
        return line > 0 ? file + ":" + line + ":" + column + ": " + text : file + ": " + text;
    }

    @Override
    public String toString() {
        return format();
    }
}
