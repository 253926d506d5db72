package io.edgeagent.agent.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Collects every problem of one file while it is read, so the technician sees them all at once.
 *
 * <p>Binders return an empty result only after reporting why here; {@link #count()} lets a binder see
 * whether anything below it went wrong before it builds a record. A warning counts too: it stands for a value
 * that could not be had here, so nothing is built from it either.
 */
final class Problems {

    private final String file;
    private final LoadMode mode;
    private final List<ConfigProblem> found = new ArrayList<>();
    /** 1-based line to the columns its text was moved right by to read past a syntax error there. */
    private final Map<Integer, Integer> shifted = new HashMap<>();

    Problems(String file) {
        this(file, LoadMode.RUN);
    }

    Problems(String file, LoadMode mode) {
        this.file = file;
        this.mode = mode;
    }

    void at(Node node, String message) {
        at(node.getStartMark().orElse(null), message);
    }

    void at(Mark mark, String message) {
        at(mark, message, ConfigProblem.Severity.ERROR);
    }

    /**
     * What {@code node} names outside the file (an environment variable, a file) is not there, or not readable
     * here: an error when the file is loaded to run, a warning when it is validated.
     */
    void absent(Node node, String message) {
        at(node.getStartMark().orElse(null), message,
                mode == LoadMode.RUN ? ConfigProblem.Severity.ERROR : ConfigProblem.Severity.WARNING);
    }

    private void at(Mark mark, String message, ConfigProblem.Severity severity) {
        if (mark == null) {
            found.add(new ConfigProblem(file, 0, 0, message, severity));
        } else {
            // SnakeYAML counts from 0; editors and technicians count from 1.
            int line = mark.getLine() + 1;
            found.add(new ConfigProblem(file, line, columnInFile(line, mark.getColumn() + 1), message, severity));
        }
    }

    /** At a 1-based {@code line} and {@code column}, for what is found before SnakeYAML reads the text. */
    void at(int line, int column, String message) {
        found.add(new ConfigProblem(file, line, column, message));
    }

    /**
     * The text of 1-based {@code line} was moved right by {@code columns} (left when negative) to read on past a
     * syntax error there: problems found on it later are placed where the technician's file has them.
     */
    void shifted(int line, int columns) {
        shifted.merge(line, columns, Integer::sum);
    }

    /** Where 1-based {@code column} of 1-based {@code line} of the text as read is in the technician's file. */
    int columnInFile(int line, int column) {
        return Math.max(1, column - shifted.getOrDefault(line, 0));
    }

    void atFile(String message) {
        found.add(new ConfigProblem(file, 0, 0, message));
    }

    int count() {
        return found.size();
    }

    /** True if a problem was reported since {@code count} was taken. */
    boolean addedSince(int count) {
        return found.size() > count;
    }

    /** What {@code build} makes, if no problem was reported since {@code count} was taken; else empty. */
    <T> Optional<T> ifNoneSince(int count, Supplier<T> build) {
        return addedSince(count) ? Optional.empty() : Optional.of(build.get());
    }

    /** Sorted by position; a problem reported twice (same place, same words) is listed once. */
    List<ConfigProblem> sorted() {
        return found.stream().distinct().sorted(ConfigProblem.BY_POSITION).toList();
    }
}
