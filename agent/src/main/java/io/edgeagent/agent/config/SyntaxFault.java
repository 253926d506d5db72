package io.edgeagent.agent.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * One YAML syntax error, placed on the line where the file's structure broke, said in words a technician can act
 * on, with the smallest change to the text that lets the reader go on to the next one.
 *
 * <p>SnakeYAML reports where it noticed a problem, which is often a line late: a key moved left by mistake is read
 * as a sibling of the section it belonged in, and only the deeper line after it is refused. So the lines around the
 * mark are looked at as a person would, and the fault is put on the line that is out of step.
 *
 * @param line    0-based line of the fault
 * @param column  0-based column of the fault
 * @param message what is wrong, without the "YAML syntax error: " prefix
 * @param repair  how to change the text to read on, or empty when nothing sensible can be read after it
 */
record SyntaxFault(int line, int column, String message, Optional<Repair> repair) {

    private static final String UNEXPECTED_COLON = "unexpected ':' here: this line is probably indented further than"
            + " the keys above it, or a value contains ': ' and needs quotes";
    private static final String INDENTATION = "the indentation of this line does not match the lines above:"
            + " keys of one section must start in the same column";
    // A key (plain or quoted) and its ':', then a space or the line's end: what makes a line "key: value".
    private static final Pattern KEY = Pattern.compile("(\"[^\"]*\"|'[^']*'|[^\\s#'\"{\\[\\-][^#]*?|-[^\\s#][^#]*?)"
            + "\\s*:(?:\\s|$)");
    private static final Pattern FIRST_WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    /** A change to one line of the text. */
    sealed interface Repair {

        int line();

        /**
         * True when the text read after it is what the technician most likely meant, so that the rest of the file
         * can be bound and checked; false when a line is left out, after which only syntax is checked, since a
         * missing line would make problems that are not in the file.
         */
        boolean keepsMeaning();
    }

    /** Move the line's text by {@code columns} (to the right when positive). */
    record Shift(int line, int columns) implements Repair {

        @Override
        public boolean keepsMeaning() {
            return true;
        }
    }

    /** Put a ':' after the key at {@code column}, which has {@code length} characters. */
    record Colon(int line, int column, int length) implements Repair {

        @Override
        public boolean keepsMeaning() {
            return true;
        }
    }

    /** Read on as if the line ended with {@code closing}: the quote or bracket it left open. */
    record Close(int line, String closing) implements Repair {

        @Override
        public boolean keepsMeaning() {
            return true;
        }
    }

    /** Read on as if the line were empty. */
    record Blank(int line) implements Repair {

        @Override
        public boolean keepsMeaning() {
            return false;
        }
    }

    /** Where and why SnakeYAML stopped in {@code lines}, and what to change to read on. */
    static SyntaxFault of(MarkedYamlEngineException e, List<String> lines) {
        Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
        if (mark == null) {
            return new SyntaxFault(0, 0, explain(e, ""), Optional.empty());
        }
        String problem = e.getProblem() == null ? "" : e.getProblem();
        String context = e.getContext() == null ? "" : e.getContext();
        int at = mark.getLine();
        Text text = new Text(lines);
        // A quote left open swallows the lines after it, and SnakeYAML trips over them wherever they stop making sense.
        Optional<SyntaxFault> quote = text.unclosedQuote(Math.min(at, lines.size() - 1));
        if (quote.isPresent()) {
            return quote.get();
        }
        if (problem.startsWith("mapping values are not allowed") && at < lines.size()) {
            return unexpectedColon(text, at, mark.getColumn());
        }
        if (problem.startsWith("expected <block end>") && at < lines.size()) {
            return outOfStep(text, at, mark.getColumn());
        }
        if (problem.startsWith("could not find expected ':'") && e.getContextMark().isPresent()) {
            int key = e.getContextMark().get().getLine();
            Optional<SyntaxFault> colon = missingColon(text, key);
            if (colon.isPresent()) {
                return colon.get();
            }
        }
        String message = explain(e, at < lines.size() ? lines.get(at) : "");
        if (problem.startsWith("but found another document") || context.startsWith("expected a single document")) {
            return new SyntaxFault(at, mark.getColumn(), message, Optional.empty());
        }
        // A bracket left open is noticed lines later: the fault is the line that opened it. Read on as if it were
        // closed there, or, when it is still open at the file's end (maybe over several lines), at the end.
        boolean atEnd = problem.contains("<stream end>");
        int last = text.previous(lines.size());
        Optional<SyntaxFault> open = e.getContextMark().filter(m -> context.contains("flow") && m.getLine() < at)
                .map(m -> unclosed(m.getLine(), m.getColumn(), context.contains("sequence"), atEnd ? last : m.getLine()))
                .or(() -> context.contains("flow") && atEnd ? text.unclosedBracket(last) : Optional.empty());
        if (open.isPresent()) {
            return open.get();
        }
        return new SyntaxFault(at, mark.getColumn(), message, Optional.of(new Blank(at)));
    }

    /**
     * SnakeYAML refuses a ':' on {@code at}. Either the line before it lacks its own ':' (so the two were read as one
     * text), or it was moved left out of its section (so this deeper line has nowhere to go), or this line is indented
     * too far.
     */
    private static SyntaxFault unexpectedColon(Text text, int at, int column) {
        int before = text.previous(at);
        if (before < 0) {
            return new SyntaxFault(at, column, UNEXPECTED_COLON, Optional.of(new Blank(at)));
        }
        int here = text.keyColumn(at);
        int there = text.keyColumn(before);
        Optional<SyntaxFault> colon = there <= here ? missingColon(text, before) : Optional.empty();
        if (colon.isPresent()) {
            return colon.get();
        }
        Optional<SyntaxFault> movedLeft = movedLeftAbove(text, at);
        if (movedLeft.isPresent()) {
            return movedLeft.get();
        }
        Repair repair = text.hasValue(before) && here > there ? new Shift(at, there - here) : new Blank(at);
        return new SyntaxFault(at, column, UNEXPECTED_COLON, Optional.of(repair));
    }

    /**
     * The line above {@code at} was moved left out of its section: the lines before and after it start further
     * right, or the line before it opens the section it belongs in. Read as the sibling of its own section, it
     * leaves the deeper line {@code at} with nowhere to go, which is where SnakeYAML notices.
     */
    private static Optional<SyntaxFault> movedLeftAbove(Text text, int at) {
        int before = text.previous(at);
        int above = before < 0 ? -1 : text.previous(before);
        if (above < 0 || !text.hasValue(before)) {
            return Optional.empty();
        }
        int here = text.keyColumn(at);
        int there = text.keyColumn(before);
        if (there >= here) {
            return Optional.empty();
        }
        Optional<Repair> shift = Optional.of(new Shift(before, here - there));
        if (text.keyColumn(above) == here) {
            return Optional.of(new SyntaxFault(before, there, "this line starts in column " + (there + 1) + ", left"
                    + " of the keys above and below it, which start in column " + (here + 1) + ": indent it to column "
                    + (here + 1), shift));
        }
        if (text.opensSection(above) && there <= text.keyColumn(above)) {
            return Optional.of(new SyntaxFault(before, there, "this line starts in column " + (there + 1) + ", so it"
                    + " is not inside '" + text.body(above) + "' on line " + (above + 1) + " as the line below it is:"
                    + " indent it to column " + (here + 1), shift));
        }
        return Optional.empty();
    }

    /** A bracket opened on {@code line}, read on as if closed at the end of {@code closeAt}. */
    private static SyntaxFault unclosed(int line, int column, boolean list, int closeAt) {
        return new SyntaxFault(line, column, "this " + (list ? "[ ... ]" : "{ ... }") + " is not closed properly:"
                + " check the commas and the closing bracket", Optional.of(new Close(closeAt, list ? " ]" : " }")));
    }

    /** The line's first word is a key without its ':' (so SnakeYAML read it and the next line as one text). */
    private static Optional<SyntaxFault> missingColon(Text text, int line) {
        Matcher word = FIRST_WORD.matcher(text.body(line));
        if (text.hasKey(line) || text.isItem(line) || !word.lookingAt()) {
            return Optional.empty();
        }
        // Only the key is named: what follows it may be a password.
        String key = word.group();
        String rest = text.body(line).substring(key.length()).isBlank() ? "" : " and then its value";
        int column = text.keyColumn(line);
        return Optional.of(new SyntaxFault(line, column, "the key '" + key + "' has no ':' after it: write '" + key
                + ":'" + rest, Optional.of(new Colon(line, column, key.length()))));
    }

    /**
     * SnakeYAML met a line whose column belongs to no open section: it is out of step with the lines above. It reads
     * on with the line moved to the column of the keys just above it (or, for a list item, of the item above it).
     */
    private static SyntaxFault outOfStep(Text text, int at, int column) {
        Optional<SyntaxFault> movedLeft = movedLeftAbove(text, at);
        if (movedLeft.isPresent()) {
            return movedLeft.get();
        }
        int before = text.previous(at);
        Optional<Repair> repair = Optional.of(new Blank(at));
        if (before >= 0) {
            int target = text.isItem(at) ? text.itemColumn(at) : text.opensSection(before)
                    ? text.keyColumn(before) + 2 : text.keyColumn(before);
            if (target >= 0 && target != text.indent(at)) {
                repair = Optional.of(new Shift(at, target - text.indent(at)));
            }
        }
        return new SyntaxFault(at, column, INDENTATION, repair);
    }

    /** {@code lines} with the repair made. */
    static List<String> apply(Repair repair, List<String> lines) {
        List<String> changed = new ArrayList<>(lines);
        String line = lines.get(repair.line());
        if (repair instanceof Shift shift) {
            changed.set(shift.line(), shift.columns() > 0 ? " ".repeat(shift.columns()) + line
                    : line.substring(Math.min(-shift.columns(), Text.indentOf(line))));
        } else if (repair instanceof Close close) {
            changed.set(close.line(), line.stripTrailing() + close.closing());
        } else if (repair instanceof Colon colon) {
            int end = colon.column() + colon.length();
            changed.set(colon.line(), line.substring(0, end) + ":" + (end < line.length() ? "" : " ")
                    + line.substring(end));
        } else {
            changed.set(repair.line(), "");
        }
        return changed;
    }

    // SnakeYAML's words describe its parser; the technician needs to know what to change in the file.
    private static String explain(MarkedYamlEngineException e, String line) {
        String problem = e.getProblem() == null ? "" : e.getProblem();
        String context = e.getContext() == null ? "" : e.getContext();
        if (problem.contains("\\t") || problem.contains("\t")) {
            return "tab character: YAML indentation must use spaces, replace the tab with spaces";
        }
        if (problem.startsWith("mapping values are not allowed")) {
            return UNEXPECTED_COLON;
        }
        if (problem.startsWith("expected <block end>")) {
            return INDENTATION;
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

    /** The file's lines as a person reads their layout: indentation, list dashes, keys and values. */
    private record Text(List<String> lines) {

        static int indentOf(String line) {
            int i = 0;
            while (i < line.length() && line.charAt(i) == ' ') {
                i++;
            }
            return i;
        }

        int indent(int line) {
            return indentOf(lines.get(line));
        }

        /** The nearest line above {@code line} that holds more than blanks and a comment, or -1. */
        int previous(int line) {
            for (int i = line - 1; i >= 0; i--) {
                String stripped = lines.get(i).strip();
                if (!stripped.isEmpty() && !stripped.startsWith("#")) {
                    return i;
                }
            }
            return -1;
        }

        boolean isItem(int line) {
            String rest = lines.get(line).substring(indent(line));
            return rest.equals("-") || rest.startsWith("- ");
        }

        /** Where the line's key (or value) starts: after its indentation and any list dashes. */
        int keyColumn(int line) {
            String text = lines.get(line);
            int i = indentOf(text);
            while (i + 1 < text.length() && text.charAt(i) == '-' && text.charAt(i + 1) == ' ') {
                i += 2;
                while (i < text.length() && text.charAt(i) == ' ') {
                    i++;
                }
            }
            return i;
        }

        /** The column of the dash of the nearest list item above {@code line} that is left of it, or -1. */
        int itemColumn(int line) {
            for (int i = previous(line); i >= 0; i = previous(i)) {
                if (isItem(i) && indent(i) < keyColumn(line) + 2) {
                    return indent(i);
                }
            }
            return -1;
        }

        /** The line from its key on, without a trailing comment. */
        String body(int line) {
            String text = lines.get(line).substring(keyColumn(line));
            int comment = text.indexOf(" #");
            return (comment >= 0 ? text.substring(0, comment) : text).stripTrailing();
        }

        /**
         * The first line up to {@code last} that leaves a quoted value open at its end: a config has no value that
         * runs over several lines in quotes, so that quote is one the technician forgot to close.
         */
        Optional<SyntaxFault> unclosedQuote(int last) {
            for (int i = 0; i <= last; i++) {
                String line = lines.get(i);
                char open = 0;
                int opened = -1;
                char before = ' ';
                for (int c = 0; c < line.length(); c++) {
                    char ch = line.charAt(c);
                    if (open == 0 && ch == '#' && Character.isWhitespace(before)) {
                        break;
                    }
                    if (open == 0 && (ch == '"' || ch == '\'') && " :-[{,".indexOf(before) >= 0) {
                        open = ch;
                        opened = c;
                    } else if (open == '"' && ch == '\\') {
                        c++;
                    } else if (ch == open) {
                        // '' inside single quotes is a quote, not the end.
                        if (open == '\'' && c + 1 < line.length() && line.charAt(c + 1) == '\'') {
                            c++;
                        } else {
                            open = 0;
                        }
                    }
                    before = ch;
                }
                if (open != 0) {
                    return Optional.of(new SyntaxFault(i, opened, "this quoted text is not closed: add the closing"
                            + " quote " + open + " at its end", Optional.of(new Close(i, String.valueOf(open)))));
                }
            }
            return Optional.empty();
        }

        /** The nearest line up from {@code last}, the file's last, that opens more brackets than it closes. */
        Optional<SyntaxFault> unclosedBracket(int last) {
            for (int i = last; i >= 0; i--) {
                String line = lines.get(i);
                int depth = 0;
                int opened = -1;
                for (int c = 0; c < line.length(); c++) {
                    char ch = line.charAt(c);
                    if (ch == '[' || ch == '{') {
                        if (depth++ == 0) {
                            opened = c;
                        }
                    } else if ((ch == ']' || ch == '}') && depth > 0) {
                        depth--;
                    }
                }
                if (depth > 0) {
                    return Optional.of(unclosed(i, opened, line.charAt(opened) == '[', last));
                }
            }
            return Optional.empty();
        }

        boolean hasKey(int line) {
            return KEY.matcher(body(line)).lookingAt();
        }

        /** {@code key: value} on one line. */
        boolean hasValue(int line) {
            Matcher key = KEY.matcher(body(line));
            return key.lookingAt() && !body(line).substring(key.end()).isBlank() && !opensSection(line);
        }

        /** {@code key:} with its value on the lines below (a section, a list or a block of text). */
        boolean opensSection(int line) {
            String body = body(line);
            return hasKey(line) && (body.endsWith(":") || body.matches(".*:\\s+[|>][-+0-9]*"));
        }
    }
}
