package io.edgeagent.drivers.opcua;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A path of browse names below a starting node, e.g. {@code /MachineStatus/MachineMode}: how standard
 * information models name their nodes, since node ids differ from one vendor's server to the next.
 *
 * <p>Text form: segments separated by {@code /}, with a leading {@code /}. A segment is a browse name, optionally
 * qualified by its namespace URI in braces ({@code {http://opcfoundation.org/UA/Machinery/}MachineryItemState}),
 * never by a namespace index, which differs per server. An unqualified segment matches that name in any
 * namespace. {@code *} matches any child: the first one below which the rest of the path exists.
 *
 * @param segments at least one
 */
public record BrowsePath(List<Segment> segments) implements NodeRef {

    /** Marks a path as opposed to a node id in a signal's address. */
    public static final String PREFIX = "/";

    /**
     * One step down.
     *
     * @param namespaceUri the browse name's namespace, or {@code null} for any
     * @param name         the browse name, or {@value #ANY} for any child
     */
    public record Segment(String namespaceUri, String name) {

        public static final String ANY = "*";

        public Segment {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("empty browse name");
            }
            if (namespaceUri != null && (namespaceUri.isBlank() || name.equals(ANY))) {
                throw new IllegalArgumentException(namespaceUri.isBlank() ? "empty namespace URI in {}"
                        : "'*' matches any child and takes no namespace");
            }
        }

        public boolean isAny() {
            return name.equals(ANY);
        }

        @Override
        public String toString() {
            return namespaceUri == null ? name : "{" + namespaceUri + "}" + name;
        }
    }

    public BrowsePath {
        segments = List.copyOf(segments);
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("a browse path needs at least one browse name");
        }
    }

    /**
     * Parses the text form, e.g. {@code /Jobs/ActiveJobValues/JobCycleCounter}.
     *
     * @throws IllegalArgumentException saying what is wrong with the text
     */
    public static BrowsePath parse(String text) {
        Objects.requireNonNull(text, "text");
        if (!text.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a browse path starts with /, e.g. /MachineStatus/MachineMode");
        }
        List<Segment> segments = new ArrayList<>();
        int at = PREFIX.length();
        while (at <= text.length()) {
            String namespace = null;
            if (at < text.length() && text.charAt(at) == '{') {
                int close = text.indexOf('}', at);
                if (close < 0) {
                    throw new IllegalArgumentException("'{' without '}': write {<namespace URI>}<name>");
                }
                namespace = text.substring(at + 1, close);
                at = close + 1;
            }
            int slash = text.indexOf('/', at);
            int end = slash < 0 ? text.length() : slash;
            String name = text.substring(at, end);
            if (name.isEmpty()) {
                throw new IllegalArgumentException(namespace == null
                        ? "empty browse name (two / in a row, or a / at the end)"
                        : "no browse name after {" + namespace + "}");
            }
            segments.add(new Segment(namespace, name));
            at = end + 1;
        }
        return new BrowsePath(segments);
    }

    @Override
    public String toString() {
        return segments.stream().map(Segment::toString).collect(Collectors.joining("/", PREFIX, ""));
    }
}
