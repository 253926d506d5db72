package io.edgeagent.agent.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads sharing rules the platform sends ({@code cmd/sharing}) with the file's own binder: the same keys as under
 * {@code sharing:} (calendar, minWindowMinutes, maintenance), the same checks and the same words, so that a
 * technician and a platform are told the same thing about the same mistake. JSON is YAML, so the platform's JSON
 * text is read as it is; problems name the value by its path under {@code sharing}, as the file's do.
 */
public final class SharingRulesReader {

    private static final String LABEL = "platform request";

    private SharingRulesReader() {
    }

    /**
     * What the rules in {@code text} are, or every problem with them.
     *
     * @param rules    the rules when there were no problems
     * @param problems what is wrong, each worded as for the file
     */
    public record Read(Optional<SharingConfig> rules, List<String> problems) {

        public Read {
            problems = List.copyOf(problems);
        }
    }

    /**
     * @param text       the rules as JSON (or YAML): an object with calendar, minWindowMinutes and maintenance
     * @param machineIds the configured machines, which maintenance slots must name
     */
    public static Read read(String text, List<String> machineIds) {
        Problems problems = new Problems(LABEL);
        // The platform's text names no environment variable of the device: a reference reads as unset.
        BindContext context = new BindContext(problems, new EnvReferences(name -> null), Path.of(""));
        Optional<SharingConfig> rules = YamlParser.parse(text, LABEL, problems)
                .flatMap(root -> SharingBinder.bindRules(new YamlValue(root, "sharing", context), machineIds));
        List<String> messages = problems.sorted().stream().map(ConfigProblem::message).toList();
        return new Read(rules.filter(r -> messages.isEmpty()), messages);
    }
}
