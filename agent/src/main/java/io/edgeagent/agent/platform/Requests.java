package io.edgeagent.agent.platform;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reading the fields of a request, with answers that name the field and the fix. Every text field has a
 * length limit: what the agent keeps (the capacity store's columns) or echoes in an answer is bounded, and a
 * request over it is told so rather than failing somewhere inside.
 */
final class Requests {

    /** The longest time that is still a valid one: {@code 2026-12-01T08:00:00.123456789Z} is 30 characters. */
    static final int MAX_TIME_LENGTH = 30;

    private Requests() {
    }

    static String required(JsonNode request, String field, int maxLength) {
        String value = text(request, field, maxLength);
        if (value == null || value.isBlank()) {
            throw new BadRequest("'" + field + "' is required");
        }
        return value;
    }

    static String text(JsonNode request, String field, int maxLength) {
        JsonNode v = request.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new BadRequest("'" + field + "' must be a string");
        }
        String text = v.asText();
        if (text.length() > maxLength) {
            throw new BadRequest("'" + field + "' is " + text.length() + " characters long, over the limit of "
                    + maxLength);
        }
        return text;
    }

    static Instant instant(JsonNode request, String field) {
        String v = text(request, field, MAX_TIME_LENGTH);
        if (v == null) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new BadRequest("'" + field + "' is not a UTC ISO-8601 time like 2026-12-01T08:00:00Z: " + v);
        }
    }
}
