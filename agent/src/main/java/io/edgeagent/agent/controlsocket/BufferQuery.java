package io.edgeagent.agent.controlsocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeagent.agent.buffer.MessageClass;
import java.util.Locale;

/**
 * What a {@code buffer} request asks: the buffer's stats always; with a class, also a page of its messages,
 * oldest first. Paging by sequence keeps every answer small, whatever the backlog.
 *
 * @param cls          the class whose messages to list; {@code null} for the stats alone
 * @param afterSeq     list messages with a sequence above this one
 * @param limit        at most this many messages, 1 to {@link #MAX_LIMIT}; 0 for the stats alone
 * @param payloadChars payloads longer than this many characters are cut; 0 for whole payloads
 */
public record BufferQuery(MessageClass cls, long afterSeq, int limit, int payloadChars) {

    /** A telemetry message holds up to 500 readings (~100 kB): fifty of them is what an agent in 64 MB can spare. */
    public static final int MAX_LIMIT = 50;

    public BufferQuery {
        if (afterSeq < 0) {
            throw new IllegalArgumentException("\"after\" must be a sequence number, 0 or more");
        }
        if (payloadChars < 0) {
            throw new IllegalArgumentException("\"payloadChars\" must be 0 (whole payloads) or more");
        }
        if (cls == null ? limit != 0 : limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException(cls == null
                    ? "\"limit\" needs a \"class\": events or telemetry"
                    : "\"limit\" must be 1 to " + MAX_LIMIT + ": page with \"after\" for more");
        }
    }

    /** The stats alone. */
    public static BufferQuery stats() {
        return new BufferQuery(null, 0, 0, 0);
    }

    public static BufferQuery messages(MessageClass cls, long afterSeq, int limit, int payloadChars) {
        return new BufferQuery(cls, afterSeq, limit, payloadChars);
    }

    /** The class's name in requests, answers and on the command line. */
    public static String label(MessageClass cls) {
        return switch (cls) {
            case EVENT -> "event";
            case TELEMETRY -> "telemetry";
        };
    }

    /** A class by name, singular or plural, any case. */
    public static MessageClass parseClass(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "event", "events" -> MessageClass.EVENT;
            case "telemetry" -> MessageClass.TELEMETRY;
            default -> throw new IllegalArgumentException("unknown class '" + name + "': events or telemetry");
        };
    }

    /** Adds this query to a {@code {"op":"buffer"}} request. */
    public ObjectNode addTo(ObjectNode request) {
        if (cls != null) {
            request.put("class", label(cls));
            request.put("after", afterSeq);
            request.put("limit", limit);
            request.put("payloadChars", payloadChars);
        }
        return request;
    }

    /** The query a request carries; an {@link IllegalArgumentException} says what is wrong with it. */
    static BufferQuery from(JsonNode request) {
        JsonNode cls = request.get("class");
        if (cls == null || cls.isNull()) {
            return new BufferQuery(null, 0, (int) whole(request, "limit", Integer.MAX_VALUE), 0);
        }
        if (!cls.isTextual()) {
            throw new IllegalArgumentException("\"class\" must be a string: events or telemetry");
        }
        return new BufferQuery(parseClass(cls.asText()), whole(request, "after", Long.MAX_VALUE),
                (int) whole(request, "limit", Integer.MAX_VALUE), (int) whole(request, "payloadChars", Integer.MAX_VALUE));
    }

    /** A whole number up to {@code max}; 0 when absent. */
    private static long whole(JsonNode request, String field, long max) {
        JsonNode v = request.get(field);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() > max) {
            throw new IllegalArgumentException("\"" + field + "\" must be a whole number up to " + max);
        }
        return v.asLong();
    }
}
