package io.edgeagent.agent.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeagent.agent.buffer.MessageClass;
import io.edgeagent.agent.controlsocket.BufferAnswer;
import io.edgeagent.agent.controlsocket.BufferQuery;
import io.edgeagent.agent.text.HumanText;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.Ansi.Style;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code edge-agent buffer stats|peek|export}: what waits in the store-and-forward buffer, agent running or not. */
@Command(name = "buffer", mixinStandardHelpOptions = true,
        description = {"Look into the store-and-forward buffer: what waits for the broker.",
            "Shows what waits, since when, what was dropped, and the messages themselves. A running agent answers over"
                + " its control socket; a stopped agent's buffer file is read directly, read-only: nothing in it"
                + " changes. While it is read, an agent starting on it fails and is restarted by systemd a few seconds"
                + " later."},
        subcommands = {BufferCommand.Stats.class, BufferCommand.Peek.class, BufferCommand.Export.class},
        footer = {"", "Examples:", "  edge-agent buffer stats", "  edge-agent buffer peek --class telemetry -n 5",
            "  edge-agent buffer export --output /tmp/buffer.jsonl"})
final class BufferCommand {

    private static final int LABEL_WIDTH = 13;

    /** Reads what a command prints from the buffer. */
    @FunctionalInterface
    private interface Read {
        JsonNode from(BufferSource source) throws CommandFailure;
    }

    private BufferCommand() {
    }

    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = {"Show what waits in the buffer per class, and what was dropped.",
                "For events and telemetry: how many messages, since when, and how many were dropped since the buffer"
                    + " file was created (by the limits buffer.maxDiskMb or buffer.maxAgeHours); the file's size on"
                    + " disk and what its rows take of the budget; unreadable buffer files moved aside.",
                "Exits 1 when the buffer cannot be read, 3 when the running agent is busy serving other clients."},
            footer = {"", "Examples:", "  edge-agent buffer stats", "  edge-agent buffer stats --config /etc/edge-agent/agent.yaml",
                "  edge-agent buffer stats --json | jq .buffer.telemetry.oldestAgeSeconds"})
    static final class Stats implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        AgentOptions options;

        @Override
        public Integer call() {
            return run(spec, options, source -> source.ask(BufferQuery.stats()), (answer, text, ansi, out) -> {
                JsonNode b = answer.get("buffer");
                source(answer, ansi, out);
                label(ansi, out, "on disk", HumanText.bytes(b.get("fileBytes").asLong()) + "; the waiting rows take "
                        + HumanText.bytes(b.get("storedBytes").asLong()) + " of buffer.maxDiskMb; last sequence "
                        + b.get("lastSeq").asLong());
                JsonNode quarantined = b.get("quarantined");
                if (quarantined.isEmpty()) {
                    label(ansi, out, "quarantined", "none");
                } else {
                    label(ansi, out, "quarantined", Table.paint(ansi, quarantined.size() + " unreadable buffer file"
                            + (quarantined.size() == 1 ? "" : "s") + " moved aside at a start, kept for inspection:",
                            Style.fg_yellow));
                    Table files = new Table(ansi, "FILE", "SIZE", "MODIFIED");
                    for (JsonNode q : quarantined) {
                        files.row(q.get("file").asText(), HumanText.bytes(q.get("bytes").asLong()),
                                text.dateTime(HumanText.instant(q.get("modified"))));
                    }
                    files.print(out, "  ");
                }
                out.println();
                Table classes = new Table(ansi, "CLASS", "WAITING", "OLDEST", "AGE", "DROPPED");
                for (MessageClass cls : MessageClass.values()) {
                    JsonNode c = b.get(BufferAnswer.key(cls));
                    Instant oldest = HumanText.instant(c.get("oldest"));
                    long dropped = c.get("dropped").asLong();
                    classes.row(BufferAnswer.key(cls), c.get("waiting").asLong(), text.time(oldest), text.ago(oldest),
                            dropped == 0 ? "0" : Table.cell(String.valueOf(dropped), Style.fg_yellow));
                }
                classes.print(out, "");
            });
        }
    }

    @Command(name = "peek", mixinStandardHelpOptions = true,
            description = {"Print the oldest messages waiting in the buffer.",
                "Each with its sequence, class, topic, age, size and payload, cut after --payload-chars characters."
                    + " Without --class, the oldest of each class, events first: they leave first. Nothing is removed.",
                "Exits 1 when the buffer cannot be read, 2 for a bad option, 3 when the running agent is busy serving"
                    + " other clients."},
            footer = {"", "Examples:", "  edge-agent buffer peek", "  edge-agent buffer peek --class events -n 3",
                "  edge-agent buffer peek --class telemetry -n 1 --payload-chars 0 --json \\",
                "      | jq -r '.messages[0].payload'"})
    static final class Peek implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        AgentOptions options;

        @Option(names = "--class", paramLabel = "CLASS", converter = ClassConverter.class,
                completionCandidates = ClassNames.class, description = "events or telemetry (default: both)")
        MessageClass cls;

        int count;

        int payloadChars;

        @Option(names = {"-n", "--count"}, paramLabel = "N", defaultValue = "10",
                description = "how many of each class, 1 to " + BufferQuery.MAX_LIMIT + " (default: ${DEFAULT-VALUE})")
        void count(int n) {
            if (n < 1 || n > BufferQuery.MAX_LIMIT) {
                throw new ParameterException(spec.commandLine(), "--count must be 1 to " + BufferQuery.MAX_LIMIT
                        + ": use edge-agent buffer export for more");
            }
            count = n;
        }

        @Option(names = "--payload-chars", paramLabel = "N", defaultValue = "60",
                description = "cut payloads after N characters; 0 for whole payloads (default: ${DEFAULT-VALUE})")
        void payloadChars(int n) {
            if (n < 0) {
                throw new ParameterException(spec.commandLine(), "--payload-chars must be 0 (whole payloads) or more");
            }
            payloadChars = n;
        }

        @Override
        public Integer call() {
            return run(spec, options, this::read, (answer, text, ansi, out) -> {
                source(answer, ansi, out);
                JsonNode b = answer.get("buffer");
                JsonNode messages = answer.get("messages");
                out.println(String.join(", ", classes(cls).stream().map(c -> BufferAnswer.key(c) + " "
                        + b.get(BufferAnswer.key(c)).get("waiting").asLong() + " waiting").toList())
                        + (messages.isEmpty() ? "" : "; the " + count + " oldest" + (cls == null ? " of each" : "") + ":"));
                if (messages.isEmpty()) {
                    return;
                }
                out.println();
                Table table = new Table(ansi, "SEQ", "CLASS", "TOPIC", "ACCEPTED", "AGE", "SIZE", "PAYLOAD");
                for (JsonNode m : messages) {
                    Instant accepted = HumanText.instant(m.get("acceptedAt"));
                    table.row(m.get("seq").asLong(), m.get("class").asText(), m.get("topic").asText(),
                            text.time(accepted), text.ago(accepted), HumanText.bytes(m.get("size").asLong()),
                            m.get("payload").asText() + (m.get("truncated").asBoolean() ? "..." : ""));
                }
                table.print(out, "");
            });
        }

        /** One answer per class, their messages joined, events first: one JSON document for scripts. */
        private JsonNode read(BufferSource source) throws CommandFailure {
            ObjectNode joined = null;
            ArrayNode messages = null;
            for (MessageClass c : classes(cls)) {
                ObjectNode answer = (ObjectNode) source.ask(BufferQuery.messages(c, 0, count, payloadChars));
                if (joined == null) {
                    joined = answer;
                    messages = (ArrayNode) answer.get("messages");
                } else {
                    messages.addAll((ArrayNode) answer.get("messages"));
                }
            }
            return joined;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Write the messages waiting in the buffer as JSON lines.",
                "Each line holds topic, seq, class, qos, retained, acceptedAt and payload; events first, each class"
                    + " oldest first, to standard output or --output FILE.",
                "Nothing is deleted: the agent still sends every message. A running agent's buffer is exported as it"
                    + " was when the export began (later messages are left out).",
                "Exits 1 when the buffer cannot be read or the file cannot be written, 2 for a bad option or an"
                    + " --output file that exists, 3 when the running agent is busy serving other clients."},
            footer = {"", "Examples:", "  edge-agent buffer export --output /tmp/buffer.jsonl",
                "  edge-agent buffer export --class events | jq -r .topic | sort | uniq -c",
                "  edge-agent buffer export --class telemetry --limit 100 | jq -c .payload"})
    static final class Export implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        AgentOptions options;

        @Option(names = "--class", paramLabel = "CLASS", converter = ClassConverter.class,
                completionCandidates = ClassNames.class, description = "only events or only telemetry (default: both)")
        MessageClass cls;

        Long limit;

        @Option(names = "--limit", paramLabel = "N", description = "at most N messages in all (default: every one)")
        void limit(long n) {
            if (n < 1) {
                throw new ParameterException(spec.commandLine(), "--limit must be 1 or more");
            }
            limit = n;
        }

        @Option(names = {"-o", "--output"}, paramLabel = "FILE",
                description = "write to FILE, which must not exist yet; a summary goes to standard output"
                        + " (default: the messages go to standard output)")
        Path output;

        @Override
        public Integer call() {
            ObjectMapper json = new ObjectMapper();
            if (output != null && Files.exists(output)) {
                return fail(exists());
            }
            try (BufferSource source = BufferSource.open(options, json)) {
                if (output == null) {
                    PrintWriter out = spec.commandLine().getOut();
                    export(source, json, out);
                    out.flush();
                    return 0;
                }
                summary(json, exportToFile(source, json));
                return 0;
            } catch (CommandFailure f) {
                return fail(f);
            }
        }

        /** A file that did not get every message is removed: half an export must not pass for a whole one. */
        private Map<MessageClass, Long> exportToFile(BufferSource source, ObjectMapper json) throws CommandFailure {
            Writer file;
            try {
                file = Files.newBufferedWriter(output, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                throw exists();
            } catch (IOException e) {
                throw new CommandFailure("cannot write " + output + ": " + e.getMessage(), Main.FAILED);
            }
            boolean complete = false;
            try {
                Map<MessageClass, Long> counts;
                try (file) {
                    counts = export(source, json, file);
                }
                complete = true;
                return counts;
            } catch (IOException e) {
                throw new CommandFailure("cannot write " + output + ": " + e.getMessage(), Main.FAILED);
            } finally {
                if (!complete) {
                    deletePartial();
                }
            }
        }

        private CommandFailure exists() {
            return new CommandFailure(output + " exists already: export never overwrites a file; name a new one",
                    Main.BAD_INPUT);
        }

        private void deletePartial() {
            try {
                Files.deleteIfExists(output);
            } catch (IOException e) {
                spec.commandLine().getErr().println("could not remove the incomplete " + output + ": " + e.getMessage());
            }
        }

        private int fail(CommandFailure f) {
            spec.commandLine().getErr().println(f.getMessage());
            return f.exitCode();
        }

        /**
         * Pages through each class up to the last sequence handed out when the export began, so that an export of
         * a running agent ends.
         */
        private Map<MessageClass, Long> export(BufferSource source, ObjectMapper json, Writer out) throws CommandFailure {
            Map<MessageClass, Long> counts = new EnumMap<>(MessageClass.class);
            long upTo = source.ask(BufferQuery.stats()).get("buffer").get("lastSeq").asLong();
            long left = limit == null ? Long.MAX_VALUE : limit;
            try {
                for (MessageClass c : classes(cls)) {
                    counts.put(c, 0L);
                    long after = 0;
                    while (left > 0 && after < upTo) {
                        JsonNode page = source.ask(BufferQuery.messages(c, after, (int) Math.min(BufferQuery.MAX_LIMIT, left), 0))
                                .get("messages");
                        if (page.isEmpty()) {
                            break;
                        }
                        for (JsonNode m : page) {
                            after = m.get("seq").asLong();
                            if (after > upTo) {
                                break;
                            }
                            out.write(json.writeValueAsString(line(json, m)));
                            out.write('\n');
                            counts.merge(c, 1L, Long::sum);
                            left--;
                        }
                    }
                }
            } catch (IOException e) {
                throw new CommandFailure("cannot write " + (output == null ? "to standard output" : output) + ": "
                        + e.getMessage(), Main.FAILED);
            }
            return counts;
        }

        /** The payload as the JSON it is, so that jq reads into it; as text if it is not JSON. */
        private static ObjectNode line(ObjectMapper json, JsonNode m) {
            ObjectNode line = json.createObjectNode();
            line.put("topic", m.get("topic").asText());
            line.put("seq", m.get("seq").asLong());
            line.put("class", m.get("class").asText());
            line.put("qos", m.get("qos").asInt());
            line.put("retained", m.get("retained").asBoolean());
            line.put("acceptedAt", m.get("acceptedAt").asText());
            String payload = m.get("payload").asText();
            try {
                line.set("payload", json.readTree(payload));
            } catch (JsonProcessingException e) {
                line.put("payload", payload);
            }
            return line;
        }

        private void summary(ObjectMapper json, Map<MessageClass, Long> counts) {
            PrintWriter out = spec.commandLine().getOut();
            long events = counts.getOrDefault(MessageClass.EVENT, 0L);
            long telemetry = counts.getOrDefault(MessageClass.TELEMETRY, 0L);
            if (options.json) {
                ObjectNode n = json.createObjectNode();
                n.put("file", output.toString());
                n.put("events", events);
                n.put("telemetry", telemetry);
                out.println(n.toPrettyString());
            } else {
                out.printf("exported %d messages (%d events, %d telemetry) to %s; nothing was deleted from the buffer%n",
                        events + telemetry, events, telemetry, output);
            }
            out.flush();
        }
    }

    private static List<MessageClass> classes(MessageClass only) {
        return only == null ? List.of(MessageClass.values()) : List.of(only);
    }

    private static int run(CommandSpec spec, AgentOptions options, Read read, Query.Printer printer) {
        try (BufferSource source = BufferSource.open(options, new ObjectMapper())) {
            return Query.print(spec, options, read.from(source), source.location().timezone(), printer);
        } catch (CommandFailure f) {
            spec.commandLine().getErr().println(f.getMessage());
            return f.exitCode();
        }
    }

    /** Which buffer was read, and how: a person must know whether the agent ran. */
    private static void source(JsonNode answer, Ansi ansi, PrintWriter out) {
        String file = answer.get("buffer").get("file").asText();
        label(ansi, out, "buffer", file + (answer.get("source").asText().equals(BufferAnswer.FROM_AGENT)
                ? " (answered by the running agent)" : " (read from the file: the agent is not running)"));
    }

    private static void label(Ansi ansi, PrintWriter out, String label, String text) {
        out.println(Table.paint(ansi, label, Style.bold) + " ".repeat(LABEL_WIDTH - label.length()) + text);
    }

    /** {@code events}, {@code event} or {@code telemetry}, in any case. */
    static final class ClassConverter implements CommandLine.ITypeConverter<MessageClass> {
        @Override
        public MessageClass convert(String value) {
            try {
                return BufferQuery.parseClass(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** What shell completion offers for {@code --class}. */
    static final class ClassNames extends ArrayList<String> {
        ClassNames() {
            super(List.of("events", "telemetry"));
        }
    }
}
