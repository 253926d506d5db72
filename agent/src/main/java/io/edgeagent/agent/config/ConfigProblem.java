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
 * @param file    the file name as it was given to the loader
 * @param line    1-based line, or 0 for the whole file
 * @param column  1-based column, or 0 for the whole file
 * @param message what is wrong and how to fix it; never contains a secret
 */
public record ConfigProblem(String file, int line, int column, String message) {

    /** File order: whole-file problems first, then by line and column. */
    public static final Comparator<ConfigProblem> BY_POSITION =
            Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column);

    public ConfigProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
    }

    /** {@code agent.yaml:31:7: unknown key 'endpiont' under machines[0].opcua: did you mean 'endpoint'?} */
    public String format() {
        return line > 0 ? file + ":" + line + ":" + column + ": " + message : file + ": " + message;
    }

    @Override
    public String toString() {
        return format();
    }
}
