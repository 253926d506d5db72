package io.edgeagent.agent.config;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Turns the file's text into a SnakeYAML node tree, keeping every node's position, or reports each syntax error in
 * words a technician can act on.
 *
 * <p>A syntax error does not end the reading: it is reported on the line where the structure broke
 * ({@link SyntaxFault}), that line is mended in a copy of the text (moved to the column of its section, given its
 * missing ':', or left out), and the copy is read again, up to {@link #MAX_SYNTAX_ERRORS} times, so one run shows
 * every mistake. A tree read from mended lines is handed on to the binders, which check the rest of the file; once a
 * line had to be left out, only the syntax of the rest is checked, since a missing line makes problems of its own.
 *
 * <p>The YAML 1.2 core schema is used so that {@code yes}, {@code no}, {@code 08:00} and dates stay text
 * and only {@code true}/{@code false} are booleans: there is no YAML 1.1 guessing about what was meant.
 */
final class YamlParser {

    private static final String PREFIX = "YAML syntax error: ";
    /** More than a technician fixes in one go; a file with more is likely not YAML at all. */
    static final int MAX_SYNTAX_ERRORS = 20;

    private YamlParser() {
    }

    static Optional<Node> parse(String text, String label, Problems problems) {
        List<String> lines = Arrays.asList(text.split("\n", -1));
        Set<Integer> reported = new HashSet<>();
        Set<Integer> mended = new HashSet<>();
        boolean meaningKept = true;
        // Each round mends a line, or leaves out one mended before: a bound on the rounds, whatever the file.
        for (int round = 0; round < 2 * MAX_SYNTAX_ERRORS; round++) {
            try {
                Optional<Node> root = compose(String.join("\n", lines), label);
                if (root.isEmpty() && reported.isEmpty()) {
                    problems.atFile("the file has no content: it needs at least agent, broker and machines"
                            + " (see config/examples/full-reference.yaml)");
                }
                return meaningKept ? root : Optional.empty();
            } catch (LimitedParser.Breach e) {
                problems.at(e.where(), e.getMessage());
                return Optional.empty();
            } catch (MarkedYamlEngineException e) {
                SyntaxFault fault = SyntaxFault.of(e, lines);
                if (reported.add(fault.line())) {
                    problems.at(fault.line() + 1, columnInFile(fault, problems), PREFIX + fault.message());
                }
                Optional<SyntaxFault.Repair> repair = fault.repair();
                // A line mended once and still refused is left out; one left out and still refused ends the reading.
                if (repair.isPresent() && !mended.add(repair.get().line())) {
                    repair = lines.get(repair.get().line()).isEmpty() ? Optional.empty()
                            : Optional.of(new SyntaxFault.Blank(repair.get().line()));
                }
                if (repair.isEmpty() || reported.size() >= MAX_SYNTAX_ERRORS) {
                    return Optional.empty();
                }
                if (repair.get() instanceof SyntaxFault.Shift shift) {
                    problems.shifted(shift.line() + 1, shift.columns());
                }
                meaningKept &= repair.get().keepsMeaning();
                lines = SyntaxFault.apply(repair.get(), lines);
            } catch (YamlEngineException e) {
                problems.atFile(PREFIX + e.getMessage());
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The fault's 1-based column in the technician's file, which mending may have moved. */
    private static int columnInFile(SyntaxFault fault, Problems problems) {
        return problems.columnInFile(fault.line() + 1, fault.column() + 1);
    }

    private static Optional<Node> compose(String text, String label) {
        LoadSettings settings = LoadSettings.builder().setLabel(label).setSchema(new CoreSchema())
                // SnakeYAML's reader copies all it has not consumed yet at every refill of its buffer, 1024
                // characters by default: a 2 MB value took 35 s. The whole text in one buffer is read once.
                .setBufferSize(text.length() + 1)
                // Ours is counted first and says where; SnakeYAML's own, 50 by default, would stop earlier.
                .setMaxAliasesForCollections(LimitedParser.MAX_ALIASES)
                .build();
        LimitedParser events = new LimitedParser(new ParserImpl(settings, new StreamReader(settings, text)));
        return new Composer(settings, events).getSingleNode();
    }
}
