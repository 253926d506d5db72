package io.edgeagent.agent.config;

import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Turns the file's text into a SnakeYAML node tree, keeping every node's position, or reports the syntax
 * error in words a technician can act on.
 *
 * <p>The YAML 1.2 core schema is used so that {@code yes}, {@code no}, {@code 08:00} and dates stay text
 * and only {@code true}/{@code false} are booleans: there is no YAML 1.1 guessing about what was meant.
 */
final class YamlParser {

    private static final String PREFIX = "YAML syntax error: ";

    private YamlParser() {
    }

    static Optional<Node> parse(String text, String label, Problems problems) {
        LoadSettings settings = LoadSettings.builder().setLabel(label).setSchema(new CoreSchema())
                // SnakeYAML's reader copies all it has not consumed yet at every refill of its buffer, 1024
                // characters by default: a 2 MB value took 35 s. The whole text in one buffer is read once.
                .setBufferSize(text.length() + 1)
                // Ours is counted first and says where; SnakeYAML's own, 50 by default, would stop earlier.
                .setMaxAliasesForCollections(LimitedParser.MAX_ALIASES)
                .build();
        try {
            LimitedParser events = new LimitedParser(new ParserImpl(settings, new StreamReader(settings, text)));
            Optional<Node> root = new Composer(settings, events).getSingleNode();
            if (root.isEmpty()) {
                problems.atFile("the file has no content: it needs at least agent, broker and machines"
                        + " (see config/examples/full-reference.yaml)");
            }
            return root;
        } catch (LimitedParser.Breach e) {
            problems.at(e.where(), e.getMessage());
            return Optional.empty();
        } catch (MarkedYamlEngineException e) {
            Mark where = e.getProblemMark().or(e::getContextMark).orElse(null);
            problems.at(where, PREFIX + explain(e, lineOf(text, where)));
            return Optional.empty();
        } catch (YamlEngineException e) {
            problems.atFile(PREFIX + e.getMessage());
            return Optional.empty();
        }
    }

    private static String lineOf(String text, Mark mark) {
        return mark == null ? "" : text.lines().skip(mark.getLine()).findFirst().orElse("");
    }

    // SnakeYAML's words describe its parser; the technician needs to know what to change in the file.
    private static String explain(MarkedYamlEngineException e, String line) {
        String problem = e.getProblem() == null ? "" : e.getProblem();
        String context = e.getContext() == null ? "" : e.getContext();
        if (problem.contains("\\t") || problem.contains("\t")) {
            return "tab character: YAML indentation must use spaces, replace the tab with spaces";
        }
        if (problem.startsWith("mapping values are not allowed")) {
            return "unexpected ':' here: this line is probably indented further than the keys above it,"
                    + " or a value contains ': ' and needs quotes";
        }
        if (problem.startsWith("expected <block end>")) {
            return "the indentation of this line does not match the lines above:"
                    + " keys of one section must start in the same column";
        }
        if (line.contains("${") && (context.contains("flow sequence") || context.contains("flow mapping"))) {
            return "inside { ... } or [ ... ] a ${env:NAME} reference must be quoted: write \"${env:NAME}\"";
        }
        if (context.contains("flow sequence") || context.contains("flow mapping")) {
            String bracket = context.contains("sequence") ? "[ ... ]" : "{ ... }";
            String opened = e.getContextMark().map(m -> " opened on line " + (m.getLine() + 1)).orElse("");
            return "the " + bracket + opened + " is not closed properly: check the commas and the closing bracket";
        }
        if (context.contains("quoted scalar")) {
            String opened = e.getContextMark().map(m -> " opened on line " + (m.getLine() + 1)).orElse("");
            return "a quoted text" + opened + " is not closed: add the closing quote";
        }
        if (problem.startsWith("but found another document") || context.startsWith("expected a single document")) {
            return "the file holds more than one YAML document ('---'): keep a single document";
        }
        return context.isEmpty() ? problem : problem + " (" + context + ")";
    }
}
