package io.edgeagent.agent.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), for tests only. No Java library of such a
 * parser is served to this project, so it is written from the format's specification
 * (https://prometheus.io/docs/instrumenting/exposition_formats/, "Text format details"), and fails on anything the
 * specification does not allow rather than guessing: a missing final line feed, a HELP or TYPE given twice or a TYPE
 * after its metric's first sample, an unknown type, a name or label name outside the legacy character set unless
 * quoted, an escape other than {@code \\}, {@code \"} and {@code \n}, a value Go's {@code ParseFloat} would not read, a
 * timestamp {@code ParseInt} would not read, a metric's lines not in one group, a name and label set given twice,
 * histogram buckets or summary quantiles out of order, and a histogram without its {@code +Inf} bucket equal to its
 * count.
 */
public final class Exposition {

    public static final List<String> TYPES = List.of("counter", "gauge", "histogram", "summary", "untyped");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    /** Go's ParseFloat: decimal or hexadecimal, optional sign and exponent; words handled apart. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern HEX = Pattern.compile("[+-]?0[xX]([0-9a-fA-F]+(\\.[0-9a-fA-F]*)?|\\.[0-9a-fA-F]+)[pP][+-]?\\d+");
    private static final Pattern INT64 = Pattern.compile("[+-]?\\d+");

    /** A metric family: the name of its TYPE (or of its samples, untyped), type, docstring and samples in order. */
    public record Family(String name, String type, String help, List<Sample> samples) {
    }

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value, Long timestamp) {
    }

    private final Map<String, Family> families;

    private Exposition(Map<String, Family> families) {
        this.families = families;
    }

    /** Every family, in the order of the text. */
    public Map<String, Family> families() {
        return Collections.unmodifiableMap(families);
    }

    public Family family(String name) {
        Family f = families.get(name);
        if (f == null) {
            throw new AssertionError("no metric family " + name + " among " + families.keySet());
        }
        return f;
    }

    /** The value of the one sample of {@code name} with exactly {@code labels} (name, value, name, value ...). */
    public double value(String name, String... labels) {
        Map<String, String> wanted = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        for (Family f : families.values()) {
            for (Sample s : f.samples()) {
                if (s.name().equals(name) && new TreeMap<>(s.labels()).equals(wanted)) {
                    return s.value();
                }
            }
        }
        throw new AssertionError("no sample " + name + wanted);
    }

    public static Exposition parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the last line must end with a line feed");
        }
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, String> helps = new LinkedHashMap<>();
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        Set<String> closed = new HashSet<>();
        Set<String> seen = new HashSet<>();
        String current = null;
        int number = 0;
        for (String raw : text.split("\n", -1)) {
            number++;
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                if (line.startsWith("#")) {
                    String[] tokens = line.substring(1).strip().split("[ \t]+", 3);
                    if (tokens[0].equals("HELP") || tokens[0].equals("TYPE")) {
                        String name = tokens.length > 1 ? tokens[1] : "";
                        require(NAME.matcher(name).matches(), "a metric name after " + tokens[0]);
                        current = enter(name, current, closed);
                        if (tokens[0].equals("HELP")) {
                            require(helps.put(name, unescape(tokens.length > 2 ? tokens[2] : "", false)) == null,
                                    "one HELP per metric name");
                        } else {
                            require(tokens.length == 3 && TYPES.contains(tokens[2]), "TYPE <name> <one of " + TYPES + ">");
                            require(!samples.containsKey(name), "the TYPE line before the first sample");
                            require(types.put(name, tokens[2]) == null, "one TYPE per metric name");
                        }
                    }
                    continue;
                }
                Sample s = sample(line);
                String family = familyOf(s.name(), types);
                current = enter(family, current, closed);
                require(seen.add(s.name() + new TreeMap<>(s.labels())), "each name and label set once");
                samples.computeIfAbsent(family, k -> new ArrayList<>()).add(s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + number + " (" + raw + "): " + e.getMessage(), e);
            }
        }
        Map<String, Family> families = new LinkedHashMap<>();
        Set<String> names = new LinkedHashSet<>(types.keySet());
        names.addAll(helps.keySet());
        names.addAll(samples.keySet());
        for (String name : names) {
            Family f = new Family(name, types.getOrDefault(name, "untyped"), helps.get(name),
                    List.copyOf(samples.getOrDefault(name, List.of())));
            checkOrder(f);
            families.put(name, f);
        }
        return new Exposition(families);
    }

    /** A metric's lines are one group: once another metric's line came, its name must not come back. */
    private static String enter(String family, String current, Set<String> closed) {
        if (!family.equals(current)) {
            require(!closed.contains(family), "all lines of " + family + " in one group");
            if (current != null) {
                closed.add(current);
            }
        }
        return family;
    }

    private static String familyOf(String sample, Map<String, String> types) {
        if (types.containsKey(sample)) {
            return sample;
        }
        for (String suffix : List.of("_bucket", "_sum", "_count")) {
            if (sample.endsWith(suffix)) {
                String base = sample.substring(0, sample.length() - suffix.length());
                String type = types.get(base);
                if ("histogram".equals(type) || "summary".equals(type) && !suffix.equals("_bucket")) {
                    return base;
                }
            }
        }
        return sample;
    }

    private static Sample sample(String line) {
        Cursor c = new Cursor(line);
        String name = null;
        Map<String, String> labels = new LinkedHashMap<>();
        if (c.peek() == '{') {
            c.next();
            c.blanks();
            require(c.peek() == '"', "a quoted metric name inside the braces");
            name = c.quoted();
            c.blanks();
            if (c.peek() == ',') {
                c.next();
                labels(c, labels);
            } else {
                require(c.peek() == '}', "} after the quoted metric name");
                c.next();
            }
        } else {
            name = c.token(NAME);
            if (c.peek() == '{') {
                c.next();
                labels(c, labels);
            }
        }
        require(c.blanks() > 0, "blanks before the value");
        String[] rest = c.rest().split("[ \t]+");
        require(rest.length <= 2 && !rest[0].isEmpty(), "a value and at most a timestamp");
        double value = float64(rest[0]);
        Long timestamp = null;
        if (rest.length == 2) {
            require(INT64.matcher(rest[1]).matches(), "a timestamp as Go's ParseInt reads it");
            timestamp = Long.parseLong(rest[1]);
        }
        return new Sample(name, Collections.unmodifiableMap(labels), value, timestamp);
    }

    /** After the opening brace: label pairs, an optional trailing comma, the closing brace. */
    private static void labels(Cursor c, Map<String, String> labels) {
        while (true) {
            c.blanks();
            if (c.peek() == '}') {
                c.next();
                return;
            }
            String label = c.peek() == '"' ? c.quoted() : c.token(LABEL_NAME);
            c.blanks();
            require(c.next() == '=', "= after label name " + label);
            c.blanks();
            require(c.peek() == '"', "a quoted value for label " + label);
            require(labels.put(label, c.quoted()) == null, "label " + label + " once per sample");
            c.blanks();
            char after = c.next();
            if (after == '}') {
                return;
            }
            require(after == ',', ", or } after a label pair");
        }
    }

    static double float64(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "nan":
                return Double.NaN;
            case "inf", "+inf", "infinity", "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                require(DECIMAL.matcher(s).matches() || HEX.matcher(s).matches(), "a value as Go's ParseFloat reads it");
                return Double.parseDouble(s);
        }
    }

    private static String unescape(String s, boolean quotes) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch != '\\') {
                out.append(ch);
                continue;
            }
            require(i + 1 < s.length(), "an escape sequence, not a lone backslash");
            char e = s.charAt(++i);
            if (e == '\\') {
                out.append('\\');
            } else if (e == 'n') {
                out.append('\n');
            } else if (e == '"' && quotes) {
                out.append('"');
            } else {
                throw new IllegalArgumentException("escape \\" + e + " is not one the format defines");
            }
        }
        return out.toString();
    }

    /** Histogram buckets and summary quantiles in increasing order; a histogram's +Inf bucket equals its count. */
    private static void checkOrder(Family f) {
        if (!f.type().equals("histogram") && !f.type().equals("summary")) {
            return;
        }
        String label = f.type().equals("histogram") ? "le" : "quantile";
        String series = f.type().equals("histogram") ? f.name() + "_bucket" : f.name();
        Map<Map<String, String>, Double> last = new LinkedHashMap<>();
        Map<Map<String, String>, Double> inf = new LinkedHashMap<>();
        Map<Map<String, String>, Double> counts = new LinkedHashMap<>();
        for (Sample s : f.samples()) {
            Map<String, String> others = new TreeMap<>(s.labels());
            String bound = others.remove(label);
            if (s.name().equals(f.name() + "_count")) {
                counts.put(others, s.value());
            }
            if (!s.name().equals(series)) {
                continue;
            }
            require(bound != null, series + " with a " + label + " label");
            double b = float64(bound);
            Double before = last.put(others, b);
            require(before == null || b > before, label + " values of " + f.name() + " in increasing order");
            if (b == Double.POSITIVE_INFINITY) {
                inf.put(others, s.value());
            }
        }
        if (f.type().equals("histogram")) {
            for (Map<String, String> key : last.keySet()) {
                require(inf.containsKey(key), f.name() + " with a bucket le=\"+Inf\"");
                require(Objects.equals(inf.get(key), counts.get(key)), f.name() + "'s +Inf bucket equal to its count");
            }
        }
    }

    private static void require(boolean holds, String what) {
        if (!holds) {
            throw new IllegalArgumentException("expected " + what);
        }
    }

    /** Reads one sample line from left to right. */
    private static final class Cursor {
        private final String s;
        private int i;

        Cursor(String s) {
            this.s = s;
        }

        char peek() {
            return i < s.length() ? s.charAt(i) : '\0';
        }

        char next() {
            require(i < s.length(), "more of the line");
            return s.charAt(i++);
        }

        int blanks() {
            int start = i;
            while (peek() == ' ' || peek() == '\t') {
                i++;
            }
            return i - start;
        }

        String token(Pattern pattern) {
            int start = i;
            while (i < s.length() && " \t{}=,\"".indexOf(s.charAt(i)) < 0) {
                i++;
            }
            String token = s.substring(start, i);
            require(pattern.matcher(token).matches(), "a name matching " + pattern + ", not '" + token + "'");
            return token;
        }

        /** A double-quoted escaped string. */
        String quoted() {
            require(next() == '"', "a double quote");
            int start = i;
            while (i < s.length() && s.charAt(i) != '"') {
                i += s.charAt(i) == '\\' ? 2 : 1;
            }
            require(i < s.length(), "a closing double quote");
            String body = s.substring(start, i);
            i++;
            return unescape(body, true);
        }

        String rest() {
            return s.substring(i).strip();
        }
    }
}
