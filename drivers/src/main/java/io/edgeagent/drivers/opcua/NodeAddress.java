package io.edgeagent.drivers.opcua;

import java.math.BigInteger;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;

/**
 * A parsed node id. With a namespace URI ({@code nsu=}) the index is only known per connection, because a server
 * may renumber its namespaces when it restarts; {@link #resolve} fills it in from the live table.
 *
 * @param namespaceUri the namespace URI, or {@code null} when the address gave an index
 * @param nodeId       the node; when {@code namespaceUri} is set its index is a placeholder
 */
record NodeAddress(String namespaceUri, NodeId nodeId) implements NodeRef {

    private static final String URI_PREFIX = "nsu=";
    private static final String INDEX_PREFIX = "ns=";
    private static final BigInteger MAX_INDEX = BigInteger.valueOf(UShort.MAX_VALUE);
    private static final BigInteger MAX_NUMERIC_ID = BigInteger.valueOf(UInteger.MAX_VALUE);
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    // Strict, unlike UUID.fromString, which also takes 1-2-3-4-5.
    private static final Pattern GUID = Pattern.compile(
            "\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");
    private static final String FORMS = "write ns=<namespace index>;s=<name> (or i=<number>, g=<guid>, b=<base64>),"
            + " or nsu=<namespace uri>;s=<name>, e.g. ns=2;s=Mould.Temperature, or a browse path, e.g."
            + " /MachineStatus/MachineMode";

    /**
     * Parses a node id in the string form of OPC 10000-6 5.3.1.10, as listed on {@link OpcUaSignal#node()}: text
     * that {@link NodeRef#parse} did not take for a browse path.
     *
     * @throws IllegalArgumentException saying what is wrong and at which character (counted from 1)
     */
    static NodeAddress parse(String text) {
        String uri = null;
        int index = 0;
        int at = 0;
        if (text.startsWith(URI_PREFIX)) {
            int separator = text.indexOf(';');
            if (separator < 0) {
                throw new IllegalArgumentException("expected ';' after the namespace URI: " + FORMS);
            }
            uri = text.substring(URI_PREFIX.length(), separator);
            if (uri.isBlank()) {
                throw new IllegalArgumentException("empty namespace URI after nsu=: " + FORMS);
            }
            at = separator + 1;
            if (text.startsWith(INDEX_PREFIX, at)) {
                throw new IllegalArgumentException("give either nsu= or ns=, not both (ns= at character " + (at + 1)
                        + ")");
            }
        } else if (text.startsWith(INDEX_PREFIX)) {
            at = INDEX_PREFIX.length();
            int end = digitsFrom(text, at);
            if (end == at) {
                throw expected("the namespace index, a number,", text, at, 1);
            }
            if (end == text.length() || text.charAt(end) != ';') {
                throw expected("';' after the namespace index", text, end, 1);
            }
            BigInteger value = new BigInteger(text.substring(at, end));
            if (value.compareTo(MAX_INDEX) > 0) {
                throw new IllegalArgumentException("namespace index " + value + " (at character " + (at + 1)
                        + ") is out of range: use 0 to 65535");
            }
            index = value.intValue();
            at = end + 1;
        }
        if (text.length() < at + 2 || text.charAt(at + 1) != '=' || "sigb".indexOf(text.charAt(at)) < 0) {
            throw expected(at == 0 ? "ns=, nsu=, s=, i=, g= or b=" : "s=, i=, g= or b=", text, at, 2);
        }
        return new NodeAddress(uri, nodeId(text, at, index));
    }

    /** The identifier part, whose type letter and '=' start at {@code at}. */
    private static NodeId nodeId(String text, int at, int index) {
        char type = text.charAt(at);
        int start = at + 2;
        String id = text.substring(start);
        switch (type) {
            case 's' -> {
                if (id.isEmpty()) {
                    throw new IllegalArgumentException("empty string identifier after s= (at character " + (start + 1)
                            + "): " + FORMS);
                }
                return new NodeId(index, id);
            }
            case 'i' -> {
                if (!DIGITS.matcher(id).matches()) {
                    throw expected("a number after i=", text, start, 1);
                }
                BigInteger value = new BigInteger(id);
                if (value.compareTo(MAX_NUMERIC_ID) > 0) {
                    throw new IllegalArgumentException("numeric id " + value + " (at character " + (start + 1)
                            + ") is out of range: use 0 to 4294967295");
                }
                return new NodeId(index, UInteger.valueOf(value.longValue()));
            }
            case 'g' -> {
                if (!GUID.matcher(id).matches()) {
                    throw expected("a GUID after g= (8-4-4-4-12 hex digits)", text, start, 1);
                }
                return new NodeId(index, UUID.fromString(id));
            }
            default -> {
                try {
                    if (!id.isEmpty()) {
                        return new NodeId(index, ByteString.of(Base64.getDecoder().decode(id)));
                    }
                } catch (IllegalArgumentException e) {
                    // Not base64: said below, with where.
                }
                throw expected("base64 after b=", text, start, 1);
            }
        }
    }

    /** The node on a server with this namespace table, or empty when the server does not know the namespace URI. */
    Optional<NodeId> resolve(NamespaceTable namespaces) {
        if (namespaceUri == null) {
            return Optional.of(nodeId);
        }
        UShort index = namespaces.getIndex(namespaceUri);
        return Optional.ofNullable(index).map(nodeId::withNamespaceIndex);
    }

    /** The text form {@link #parse} reads: {@code ns=2;s=Mould.Temperature}, {@code nsu=<uri>;i=7}. */
    @Override
    public String toString() {
        return (namespaceUri == null ? "" : URI_PREFIX + namespaceUri + ";") + nodeId.toParseableString();
    }

    private static int digitsFrom(String text, int at) {
        int end = at;
        while (end < text.length() && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
            end++;
        }
        return end;
    }

    /** {@code width}: how many characters from {@code at} to show as what was found instead. */
    private static IllegalArgumentException expected(String what, String text, int at, int width) {
        String found = at < text.length() ? ", found '" + text.substring(at, Math.min(text.length(), at + width)) + "'"
                : ", found the end";
        return new IllegalArgumentException("expected " + what + " at character " + (at + 1) + found + ": " + FORMS);
    }
}
