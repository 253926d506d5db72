package io.edgeagent.agent.controlsocket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/**
 * One request line of the control protocol, checked against the configured machines and signals.
 *
 * @param op      one of {@link #OPS}
 * @param machine the machine asked about; {@code null} for all
 * @param signal  the signal a tail follows; {@code null} for all
 * @param buffer  what a {@code buffer} request asks; {@code null} for the other ops
 */
record Request(String op, String machine, String signal, BufferQuery buffer) {

    /** The longest request line read; a request is a small JSON object. */
    static final int MAX_BYTES = 4096;
    static final List<String> OPS = List.of("status", "machines", "why", "windows", "buffer", "tail");

    /** @throws Bad with what is wrong and an example of a right request */
    static Request parse(String line, ObjectMapper json, Map<String, List<String>> configured) throws Bad {
        JsonNode node;
        try {
            node = json.readTree(line);
        } catch (JsonProcessingException e) {
            throw new Bad("not JSON: " + e.getOriginalMessage() + "; send one object per line, e.g. {\"op\":\"status\"}");
        }
        if (node == null || !node.isObject() || !node.path("op").isTextual()) {
            throw new Bad("a request is a JSON object with \"op\", one of " + OPS);
        }
        String op = node.get("op").asText();
        if (!OPS.contains(op)) {
            throw new Bad("unknown op '" + op + "': one of " + OPS);
        }
        if (op.equals("buffer")) {
            try {
                return new Request(op, null, null, BufferQuery.from(node));
            } catch (IllegalArgumentException e) {
                throw new Bad(e.getMessage() + ", e.g. {\"op\":\"buffer\",\"class\":\"events\",\"limit\":10}");
            }
        }
        String machine = text(node, "machine");
        if (machine != null && !configured.containsKey(machine)) {
            throw new Bad("unknown machine '" + machine + "': configured are " + String.join(", ", configured.keySet()));
        }
        if (machine == null && op.equals("why")) {
            throw new Bad("why needs a machine, e.g. {\"op\":\"why\",\"machine\":\"" + first(configured) + "\"}");
        }
        String signal = text(node, "signal");
        if (signal != null) {
            List<String> known = machine == null
                    ? configured.values().stream().flatMap(List::stream).distinct().toList()
                    : configured.get(machine);
            if (!known.contains(signal)) {
                throw new Bad("unknown signal '" + signal + "'" + (machine == null ? "" : " of " + machine)
                        + ": configured are " + String.join(", ", known));
            }
        }
        return new Request(op, machine, signal, null);
    }

    private static String text(JsonNode node, String field) throws Bad {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new Bad("\"" + field + "\" must be a string");
        }
        return v.asText();
    }

    private static String first(Map<String, List<String>> configured) {
        return configured.keySet().stream().findFirst().orElse("<machine id>");
    }

    /** A request the client got wrong; the message says how to get it right. */
    static final class Bad extends Exception {

        Bad(String message) {
            super(message);
        }
    }
}
