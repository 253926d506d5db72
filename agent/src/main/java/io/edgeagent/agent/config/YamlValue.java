package io.edgeagent.agent.config;

import java.math.BigInteger;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * One value of the file with its YAML path ({@code machines[0].opcua.endpoint}), read as the type the
 * contract expects.
 *
 * <p>Every reader returns empty only after reporting a problem that says what was expected, so binders
 * never have to explain type errors themselves. Text values are never echoed in type errors: a text
 * value may be a password.
 */
final class YamlValue {

    private final Node node;
    private final String path;
    private final BindContext context;

    YamlValue(Node node, String path, BindContext context) {
        this.node = node;
        this.path = path;
        this.context = context;
    }

    Node node() {
        return node;
    }

    String path() {
        return path;
    }

    /** The 1-based line the value starts on; 0 for a value without a position. */
    int line() {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    BindContext context() {
        return context;
    }

    void problem(String message) {
        context.problems().at(node, message);
    }

    /** A text value with {@code ${env:NAME}} references resolved. */
    Optional<String> text() {
        if (!isScalar(Tag.STR)) {
            return mismatch("text");
        }
        return context.env().resolve(((ScalarNode) node).getValue(), node, path, context.problems());
    }

    /** A text value that must be one of {@code allowed}, spelt exactly. */
    Optional<String> oneOf(List<String> allowed) {
        return text().filter(value -> {
            if (allowed.contains(value)) {
                return true;
            }
            String hint = DidYouMean.closest(value, allowed).map(s -> ": did you mean '" + s + "'?").orElse("");
            problem(path + " '" + value + "' is not one of " + String.join(", ", allowed) + hint);
            return false;
        });
    }

    /** One of {@code values}, written as {@code spelling} gives it, spelt exactly. */
    <E> Optional<E> oneOf(List<E> values, Function<E, String> spelling) {
        List<String> allowed = values.stream().map(spelling).toList();
        return oneOf(allowed).map(written -> values.get(allowed.indexOf(written)));
    }

    /** A file path; a relative path is taken from the config file's folder. */
    Optional<Path> filePath() {
        return text().flatMap(value -> {
            try {
                return Optional.of(context.baseDir().resolve(Path.of(value)).normalize());
            } catch (InvalidPathException e) {
                problem(path + " is not a valid file path: " + e.getReason());
                return Optional.empty();
            }
        });
    }

    /** A whole number from {@code min} to {@code max}; {@code unit} (nullable) names what it counts. */
    Optional<Long> whole(long min, long max, String unit) {
        String expected = "a whole number" + (unit == null ? "" : " of " + unit)
                + (max >= Integer.MAX_VALUE ? " (at least " + min + ")" : " (" + min + " to " + max + ")");
        if (!isScalar(Tag.INT)) {
            return mismatch(expected);
        }
        BigInteger value = Scalars.integer(scalarText());
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            problem(path + " is " + scalarText() + ", out of range: use " + expected);
            return Optional.empty();
        }
        return Optional.of(value.longValueExact());
    }

    Optional<Integer> wholeInt(int min, int max, String unit) {
        return whole(min, max, unit).map(Long::intValue);
    }

    /**
     * A number (whole or decimal) of at least {@code min}, or above it when {@code minExclusive}; use
     * negative infinity for no lower bound.
     */
    Optional<Double> number(double min, boolean minExclusive, String unit) {
        return number(min, minExclusive, Double.POSITIVE_INFINITY, unit);
    }

    /** Like {@link #number(double, boolean, String)}, and at most {@code max}. */
    Optional<Double> number(double min, boolean minExclusive, double max, String unit) {
        List<String> bounds = new ArrayList<>();
        if (min != Double.NEGATIVE_INFINITY) {
            bounds.add((minExclusive ? "greater than " : "at least ") + Scalars.plainNumber(min));
        }
        if (max != Double.POSITIVE_INFINITY) {
            bounds.add("at most " + Scalars.plainNumber(max));
        }
        String expected = "a number" + (unit == null ? "" : " of " + unit)
                + (bounds.isEmpty() ? "" : " (" + String.join(", ", bounds) + ")");
        if (!isScalar(Tag.INT) && !isScalar(Tag.FLOAT)) {
            return mismatch(expected);
        }
        Double value = Scalars.decimal(scalarText());
        if (value.isNaN() || value.isInfinite()) {
            problem(path + " must be a finite number: use " + expected);
            return Optional.empty();
        }
        if (value < min || (minExclusive && value == min) || value > max) {
            problem(path + " is " + scalarText() + ", out of range: use " + expected);
            return Optional.empty();
        }
        return Optional.of(value);
    }

    Optional<Boolean> bool() {
        if (!isScalar(Tag.BOOL)) {
            return mismatch("true or false");
        }
        return Optional.of(Boolean.parseBoolean(scalarText().toLowerCase(Locale.ROOT)));
    }

    /** One value as written: {@link Long}, {@link Double}, {@link Boolean} or {@link String}. */
    Optional<Object> scalar() {
        if (isScalar(Tag.INT)) {
            BigInteger value = Scalars.integer(scalarText());
            if (value.bitLength() >= Long.SIZE) {
                problem(path + " is " + scalarText() + ", too large: use a whole number of at most 19 digits");
                return Optional.empty();
            }
            return Optional.of(value.longValueExact());
        }
        if (isScalar(Tag.FLOAT)) {
            return number(Double.NEGATIVE_INFINITY, false, null).map(Object.class::cast);
        }
        if (isScalar(Tag.BOOL)) {
            return bool().map(Object.class::cast);
        }
        if (isScalar(Tag.STR)) {
            return text().map(Object.class::cast);
        }
        return mismatch("a single value (a number, true or false, or text)");
    }

    /** Anything but an empty value, as plain Java maps, lists and scalars; for free-form sections. */
    Optional<Object> plain() {
        if (node instanceof SequenceNode) {
            return listOf(YamlValue::plain).map(Object.class::cast);
        }
        if (node instanceof MappingNode) {
            return plainMap().map(Object.class::cast);
        }
        return scalar();
    }

    /** A free-form section as an unmodifiable map in file order; values as {@link #plain()}. */
    Optional<Map<String, Object>> plainMap() {
        return entries().flatMap(entries -> {
            int before = context.problems().count();
            Map<String, Object> values = new LinkedHashMap<>();
            entries.forEach(entry -> entry.value().plain().ifPresent(v -> values.put(entry.key(), v)));
            return context.problems().ifNoneSince(before, () -> Collections.unmodifiableMap(values));
        });
    }

    Optional<List<YamlValue>> list() {
        if (!(node instanceof SequenceNode sequence)) {
            return mismatch("a list, e.g. [a, b] or one '- item' per line");
        }
        List<YamlValue> items = new ArrayList<>();
        List<Node> children = sequence.getValue();
        for (int i = 0; i < children.size(); i++) {
            items.add(new YamlValue(children.get(i), path + "[" + i + "]", context));
        }
        return Optional.of(items);
    }

    /** A list whose items are each read by {@code reader}; empty if the list or any item had a problem. */
    <T> Optional<List<T>> listOf(Function<YamlValue, Optional<T>> reader) {
        return list().flatMap(items -> readAll(items, reader));
    }

    /** Like {@link #listOf} with at least one item; {@code what} names an item, for the problem. */
    <T> Optional<List<T>> nonEmptyListOf(String what, Function<YamlValue, Optional<T>> reader) {
        return nonEmptyList(what).flatMap(items -> readAll(items, reader));
    }

    private <T> Optional<List<T>> readAll(List<YamlValue> items, Function<YamlValue, Optional<T>> reader) {
        int before = context.problems().count();
        List<T> values = new ArrayList<>();
        items.forEach(item -> reader.apply(item).ifPresent(values::add));
        return context.problems().ifNoneSince(before, () -> Collections.unmodifiableList(values));
    }

    /** A list with at least one item; {@code what} says what the items are, for the problem. */
    Optional<List<YamlValue>> nonEmptyList(String what) {
        return list().filter(items -> {
            if (items.isEmpty()) {
                problem(path + " is empty: add at least one " + what);
            }
            return !items.isEmpty();
        });
    }

    /** A section whose keys are fixed: unknown and duplicate keys are reported here. */
    Optional<YamlMap> map(String... keys) {
        if (!(node instanceof MappingNode mapping)) {
            return mismatch("a section with the keys " + String.join(", ", keys));
        }
        return Optional.of(YamlMap.of(mapping, path, context, List.of(keys)));
    }

    /** A section whose keys are names the technician chooses (signals, inputs, capabilities), in file order. */
    Optional<List<Entry>> entries() {
        return entries(Tag.STR, "a plain name", "a name");
    }

    /** A section keyed by whole numbers the technician chooses (alarm codes), in file order; {@code hint} says which. */
    Optional<List<Entry>> numberedEntries(String hint) {
        return entries(Tag.INT, "a whole number", hint);
    }

    private Optional<List<Entry>> entries(Tag keyTag, String keyKind, String hint) {
        if (!(node instanceof MappingNode mapping)) {
            return mismatch("a section of named entries (name: value)");
        }
        List<Entry> entries = new ArrayList<>();
        Map<String, Node> seen = new HashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode key) || !keyNode.getTag().equals(keyTag)) {
                context.problems().at(keyNode, "a key under " + path + " is not " + keyKind + ": use " + hint
                        + " as key");
                continue;
            }
            Node first = seen.putIfAbsent(key.getValue(), keyNode);
            if (first != null) {
                context.problems().at(keyNode, YamlMap.duplicate(key.getValue(), path, first));
                continue;
            }
            entries.add(new Entry(key.getValue(), keyNode,
                    new YamlValue(tuple.getValueNode(), path + "." + key.getValue(), context)));
        }
        return Optional.of(entries);
    }

    private boolean isScalar(Tag tag) {
        return node instanceof ScalarNode && node.getTag().equals(tag);
    }

    private String scalarText() {
        return ((ScalarNode) node).getValue();
    }

    private <T> Optional<T> mismatch(String expected) {
        String subject = path.isEmpty() ? "the file" : path;
        if (isScalar(Tag.NULL)) {
            problem(subject + " is empty: write " + expected);
        } else if (expected.equals("text") && node instanceof ScalarNode) {
            problem(subject + " must be text, not " + found(false) + ": put the value in quotes");
        } else {
            problem(subject + " must be " + expected + ", not " + found(true) + fix());
        }
        return Optional.empty();
    }

    // Text is never echoed, and nothing is where text was expected: either may be a password.
    private String found(boolean echo) {
        if (node instanceof MappingNode) {
            return "a section (key: value)";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (isScalar(Tag.INT) || isScalar(Tag.FLOAT)) {
            return echo ? "the number " + scalarText() : "a number";
        }
        if (isScalar(Tag.BOOL)) {
            return echo ? "the value " + scalarText() : "true or false";
        }
        if (isScalar(Tag.STR)) {
            return "text";
        }
        return "a value tagged " + node.getTag().getValue();
    }

    private String fix() {
        boolean quoted = isScalar(Tag.STR) && !((ScalarNode) node).isPlain();
        return quoted && Scalars.looksLikeNumberOrBool(scalarText()) ? ": remove the quotes" : "";
    }

    /** A key chosen by the technician, with its value. */
    record Entry(String key, Node keyNode, YamlValue value) {
    }
}
