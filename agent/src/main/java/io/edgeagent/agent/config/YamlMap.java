package io.edgeagent.agent.config;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A section with a fixed set of keys ({@code agent}, {@code machines[0].opcua}, ...). Unknown keys (with
 * a did-you-mean) and duplicate keys are reported when it is opened; missing required keys when a binder
 * asks for them.
 */
final class YamlMap {

    private final MappingNode node;
    private final String path;
    private final BindContext context;
    private final Map<String, NodeTuple> tuples;
    private final Map<String, Misspelling> misspelt;

    private YamlMap(MappingNode node, String path, BindContext context, Map<String, NodeTuple> tuples,
            Map<String, Misspelling> misspelt) {
        this.node = node;
        this.path = path;
        this.context = context;
        this.tuples = tuples;
        this.misspelt = misspelt;
    }

    static YamlMap of(MappingNode node, String path, BindContext context, List<String> allowed) {
        Problems problems = context.problems();
        Map<String, NodeTuple> tuples = new LinkedHashMap<>();
        Map<String, Misspelling> misspelt = new HashMap<>();
        for (NodeTuple tuple : node.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode key) || !keyNode.getTag().equals(Tag.STR)) {
                problems.at(keyNode, "a key " + where(path) + " is not a plain name: use one of "
                        + String.join(", ", allowed));
                continue;
            }
            String name = key.getValue();
            if (!allowed.contains(name)) {
                Optional<String> suggestion = DidYouMean.closest(name, allowed);
                String message = "unknown key '" + name + "' " + where(path) + ": "
                        + suggestion.map(s -> "did you mean '" + s + "'?")
                                .orElse("allowed keys are " + String.join(", ", allowed));
                problems.at(keyNode, message);
                suggestion.ifPresent(s -> misspelt.put(s, new Misspelling(keyNode, message)));
            } else if (tuples.containsKey(name)) {
                problems.at(keyNode, duplicate(name, path, tuples.get(name).getKeyNode()));
            } else {
                tuples.put(name, tuple);
            }
        }
        return new YamlMap(node, path, context, tuples, misspelt);
    }

    static String duplicate(String key, String path, Node first) {
        String line = first.getStartMark().map(m -> " on line " + (m.getLine() + 1)).orElse("");
        return "duplicate key '" + key + "' " + where(path) + ": it is already set" + line + "; keep only one";
    }

    /** {@code "under machines[0].opcua"} or {@code "at top level"}. */
    static String where(String path) {
        return path.isEmpty() ? "at top level" : "under " + path;
    }

    MappingNode node() {
        return node;
    }

    String path() {
        return path;
    }

    BindContext context() {
        return context;
    }

    boolean has(String key) {
        return tuples.containsKey(key);
    }

    Optional<YamlValue> get(String key) {
        return Optional.ofNullable(tuples.get(key))
                .map(tuple -> new YamlValue(tuple.getValueNode(), child(key), context));
    }

    /** The key's value read by {@code reader}, or {@code fallback} when the key is absent. */
    <T> Optional<T> read(String key, Function<YamlValue, Optional<T>> reader, T fallback) {
        return get(key).map(reader).orElse(Optional.of(fallback));
    }

    /** The key's value, or empty after reporting it missing; {@code hint} says what to write. */
    Optional<YamlValue> require(String key, String hint) {
        Optional<YamlValue> value = get(key);
        if (value.isPresent()) {
            return value;
        }
        Misspelling misspelling = misspelt.get(key);
        if (misspelling != null) {
            // The technician wrote the key, misspelt: repeating the did-you-mean (Problems merges identical
            // reports) says it better than "missing".
            context.problems().at(misspelling.keyNode(), misspelling.message());
        } else {
            context.problems().at(node, "missing required key '" + key + "' " + where(path) + ": " + hint);
        }
        return value;
    }

    /** Where a key is written, for problems about the key itself rather than its value. */
    Node keyNode(String key) {
        return tuples.get(key).getKeyNode();
    }

    String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    void problem(String message) {
        context.problems().at(node, message);
    }

    private record Misspelling(Node keyNode, String message) {
    }
}
