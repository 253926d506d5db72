package io.edgeagent.agent.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A config file that cannot be used, with every problem found in it (not just the first), in file order.
 * Checked on purpose: a caller that reloads config must decide to keep its last good one.
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(format(sorted(problems)));
        this.problems = sorted(problems);
    }

    /** The problems, sorted by line and column. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    /** One problem per line, as {@code edge-agent config validate} prints them. */
    public String format() {
        return getMessage();
    }

    private static List<ConfigProblem> sorted(List<ConfigProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        return problems.stream().sorted(ConfigProblem.BY_POSITION).toList();
    }

    private static String format(List<ConfigProblem> problems) {
        return problems.stream().map(ConfigProblem::format).collect(Collectors.joining("\n"));
    }
}
