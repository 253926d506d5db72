package io.edgeagent.agent.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Locale;

/** One readable line per MQTT message: local time, topic, and a summary of the payload. */
public final class FeedPrinter {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);
    private static final int MAX_READINGS_SHOWN = 6;

    private final ObjectMapper json = new ObjectMapper();

    public String format(FeedSubscriber.Received message, LocalTime at) {
        return String.format(Locale.ROOT, "%s  %-62s %s", TIME.format(at), message.topic(), summary(message));
    }

    private String summary(FeedSubscriber.Received message) {
        JsonNode p;
        try {
            p = json.readTree(message.payload());
        } catch (IOException e) {
            return "(not JSON) " + message.payload();
        }
        String historical = p.path("historical").asBoolean(false) ? "  [historical]" : "";
        String topic = message.topic();
        if (topic.endsWith("/status")) {
            return p.path("online").asBoolean() ? "online  version " + p.path("version").asText()
                    + "  machines " + p.path("machines") : "OFFLINE (agent stopped or lost)";
        }
        if (topic.endsWith("/state")) {
            return String.format(Locale.ROOT, "%-8s (was %s)  %s%s", p.path("state").asText(),
                    p.path("previous").isNull() ? "-" : p.path("previous").asText(), p.path("reason").asText(), historical);
        }
        if (topic.endsWith("/telemetry")) {
            JsonNode readings = p.path("readings");
            StringBuilder b = new StringBuilder().append(readings.size()).append(" readings ");
            int shown = 0;
            for (Iterator<JsonNode> it = readings.elements(); it.hasNext() && shown < MAX_READINGS_SHOWN; shown++) {
                JsonNode r = it.next();
                b.append(' ').append(r.path("signal").asText()).append('=').append(value(r.path("value")));
                if (!"GOOD".equals(r.path("quality").asText())) {
                    b.append('(').append(r.path("quality").asText()).append(')');
                }
            }
            if (readings.size() > shown) {
                b.append(" ...");
            }
            return b.append(historical).toString();
        }
        return message.payload();
    }

    private static String value(JsonNode v) {
        return v.isFloatingPointNumber() ? String.format(Locale.ROOT, "%.1f", v.asDouble()) : v.asText();
    }
}
