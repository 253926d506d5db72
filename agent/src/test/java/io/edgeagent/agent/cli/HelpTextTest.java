package io.edgeagent.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Every {@code --help}, of every command and subcommand, rendered as a user sees it at picocli's width (80
 * columns, no colour), read for what picocli does to text that does not fit: it shows only a description's
 * first line as the command's summary, starts each line of a description or footer on a new line, and
 * breaks a long line wherever it can, also inside a path or a key ("agent.|yaml"). So a summary is one whole
 * sentence on one line of its parent's list, a description line too long for the width ends a sentence, an
 * example or footer line fits the width, and no line ends inside a word.
 */
class HelpTextTest {

    private static final Pattern SENTENCE_END = Pattern.compile(".*[.?!]$");

    /** Each command's full name ("edge-agent buffer peek") and its spec, parents before children. */
    private static final Map<String, CommandSpec> COMMANDS = new LinkedHashMap<>();
    /** What each command's --help printed. */
    private static final Map<String, String> HELP = new LinkedHashMap<>();
    /** Every text the helps are made of, each line on its own, as the source has it. */
    private static String source;

    @BeforeAll
    static void renderEveryHelp() {
        collect(Main.commandLine());
        StringBuilder texts = new StringBuilder();
        for (Map.Entry<String, CommandSpec> command : COMMANDS.entrySet()) {
            List<String> args = new ArrayList<>(Arrays.asList(command.getKey().split(" ")));
            args.remove(0);
            args.add("--help");
            CliRun help = CliRun.run(args.toArray(String[]::new));
            assertEquals(0, help.exit(), command.getKey() + " --help: " + help.err());
            assertEquals("", help.err(), command.getKey() + " --help");
            HELP.put(command.getKey(), help.out());
            texts.append(String.join("\n", texts(command.getValue()))).append('\n');
        }
        source = texts.toString();
    }

    private static void collect(CommandLine command) {
        COMMANDS.putIfAbsent(command.getCommandSpec().qualifiedName(), command.getCommandSpec());
        command.getSubcommands().values().forEach(HelpTextTest::collect);
    }

    /** A command's own texts: header, description, footer, and its options' and parameters' descriptions. */
    private static List<String> texts(CommandSpec spec) {
        UsageMessageSpec usage = spec.usageMessage();
        List<String> texts = new ArrayList<>();
        Stream.of(usage.header(), usage.description(), usage.footer()).forEach(t -> texts.addAll(List.of(t)));
        for (ArgSpec arg : spec.args()) {
            for (String line : arg.description()) {
                texts.add(line.replace("${DEFAULT-VALUE}", String.valueOf(arg.defaultValue())));
            }
        }
        return texts;
    }

    private static int width(CommandSpec spec) {
        return spec.usageMessage().width();
    }

    @Test
    void everyCommandIsRendered() {
        assertTrue(COMMANDS.keySet().containsAll(List.of("edge-agent", "edge-agent run", "edge-agent config validate",
                "edge-agent buffer export", "edge-agent probe opcua", "edge-agent opcua trust", "edge-agent help")),
                COMMANDS.keySet().toString());
    }

    /** A subcommand's line in its parent's "Commands:" list: one line, one whole sentence. */
    @Test
    void everySummaryIsOneWholeSentenceOnOneLine() {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, CommandSpec> command : COMMANDS.entrySet()) {
            Map<String, List<String>> entries = commandList(HELP.get(command.getKey()));
            assertEquals(command.getValue().subcommands().keySet(), entries.keySet(), command.getKey() + " lists");
            entries.forEach((name, lines) -> {
                String summary = String.join(" ", lines);
                if (lines.size() > 1) {
                    problems.add(command.getKey() + " " + name + ": the summary takes " + lines.size()
                            + " lines of the list, make it shorter: " + summary);
                }
                if (!SENTENCE_END.matcher(summary).matches()) {
                    problems.add(command.getKey() + " " + name + ": the summary is cut mid-sentence (picocli shows"
                            + " only the first description line): " + summary);
                }
            });
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** The entries of a rendered "Commands:" list: name to its text, one element per rendered line. */
    private static Map<String, List<String>> commandList(String help) {
        Map<String, List<String>> entries = new LinkedHashMap<>();
        List<String> current = null;
        boolean inList = false;
        for (String line : help.lines().toList()) {
            if (line.equals("Commands:")) {
                inList = true;
            } else if (inList && line.matches("  \\S.*")) {
                String[] nameAndText = line.strip().split("\\s+", 2);
                current = new ArrayList<>(List.of(nameAndText.length > 1 ? nameAndText[1] : ""));
                entries.put(nameAndText[0], current);
            } else if (inList && current != null && line.matches("   +\\S.*")) {
                current.add(line.strip());
            } else if (inList) {
                inList = false;
            }
        }
        return entries;
    }

    /**
     * picocli starts every description line on a new line and wraps a long one: a long line that stops
     * mid-sentence leaves a broken line behind ("... buffer,\nclock, and one line per machine").
     */
    @Test
    void aDescriptionLineLongerThanTheWidthEndsASentence() {
        List<String> problems = new ArrayList<>();
        COMMANDS.forEach((name, spec) -> {
            String[] description = spec.usageMessage().description();
            for (int i = 0; i < description.length; i++) {
                String line = String.format(description[i]).strip();
                boolean last = i == description.length - 1;
                if ((last || line.length() > width(spec)) && !SENTENCE_END.matcher(line).matches()) {
                    problems.add(name + ": description line " + (i + 1) + " of " + description.length + " is "
                            + line.length() + " long and stops mid-sentence (write one paragraph per line): " + line);
                }
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** A footer line (examples, exit codes) that picocli wraps splits a command in two where a reader copies it. */
    @Test
    void everyHeaderAndFooterLineFitsTheWidth() {
        List<String> problems = new ArrayList<>();
        COMMANDS.forEach((name, spec) -> Stream.of(spec.usageMessage().header(), spec.usageMessage().footer())
                .flatMap(Arrays::stream)
                .filter(line -> String.format(line).stripTrailing().length() > width(spec))
                .forEach(line -> problems.add(name + ": " + line.length() + " columns, wider than " + width(spec)
                        + " (split it, or continue a command with \\): " + line)));
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /**
     * Where picocli had to break inside a word, the two halves are one word in the source and not two: the
     * rendered "agent." at a line's end and "yaml)" at the next one's start come from "agent.yaml)".
     */
    @Test
    void noRenderedLineEndsInsideAWord() {
        String joined = source.replaceAll("\\s+", " ");
        List<String> problems = new ArrayList<>();
        HELP.forEach((name, help) -> {
            List<String> lines = help.lines().toList();
            for (int i = 0; i + 1 < lines.size(); i++) {
                String[] before = lines.get(i).strip().split(" ");
                String[] after = lines.get(i + 1).strip().split(" ");
                String tail = before[before.length - 1];
                String head = after[0];
                if (!tail.isEmpty() && !head.isEmpty() && joined.contains(tail + head)
                        && !joined.contains(tail + " " + head)) {
                    problems.add(name + ": line " + (i + 1) + " ends inside \"" + tail + head + "\":\n  "
                            + lines.get(i) + "\n  " + lines.get(i + 1));
                }
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
