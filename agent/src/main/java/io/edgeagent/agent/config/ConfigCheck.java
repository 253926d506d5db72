package io.edgeagent.agent.config;

import java.util.List;
import java.util.Optional;

/**
 * What {@code config validate} found in a file: every problem, in file order, and the config when there is none.
 *
 * @param config   the file bound, when it has no problem at all
 * @param problems errors and warnings, sorted by line and column
 */
public record ConfigCheck(Optional<AgentConfig> config, List<ConfigProblem> problems) {

    public ConfigCheck {
        problems = problems.stream().sorted(ConfigProblem.BY_POSITION).toList();
    }

    /** The problems the agent would not start with, whatever its environment. */
    public List<ConfigProblem> errors() {
        return problems.stream().filter(ConfigProblem::isError).toList();
    }

    /** What is missing here and must be there where the agent runs: see {@link ConfigProblem.Severity#WARNING}. */
    public List<ConfigProblem> warnings() {
        return problems.stream().filter(problem -> !problem.isError()).toList();
    }
}
