package io.edgeagent.agent.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Reading the fields of a request, with answers that name the field and the fix. */
final class Requests {

    private Requests() {
    }

    static String required(JsonNode request, String field) {
        String value = text(request, field);
        if (value == null || value.isBlank()) {
            throw new BadRequest("'" + field + "' is required");
        }
        return value;
    }

    static String text(JsonNode request, String field) {
        JsonNode v = request.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new BadRequest("'" + field + "' must be a string");
        }
        return v.asText();
    }

    static Instant instant(JsonNode request, String field) {
        String v = text(request, field);
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
