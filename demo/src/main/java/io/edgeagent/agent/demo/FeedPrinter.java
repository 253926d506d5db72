package io.edgeagent.agent.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeagent.agent.feed.sparkplug.SparkplugTopics;
import io.edgeagent.broker.FeedSubscriber;
import java.io.IOException;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Locale;

/**
 * One readable line per MQTT message: local time, topic, and a summary of the payload, of the JSON feed or, decoded,
 * of the Sparkplug B feed. Not thread-safe: one caller at a time, as the Sparkplug summaries remember the births.
 */
public final class FeedPrinter {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);
    private static final int MAX_READINGS_SHOWN = 6;

    private final ObjectMapper json = new ObjectMapper();
    private final SparkplugLines sparkplug = new SparkplugLines();

    public String format(FeedSubscriber.Received message, LocalTime at) {
        return String.format(Locale.ROOT, "%s  %-62s %s", TIME.format(at), message.topic(), summary(message));
    }

    private String summary(FeedSubscriber.Received message) {
        if (message.topic().startsWith(SparkplugTopics.NAMESPACE + "/")) {
            return sparkplug.summary(message.topic(), message.bytes());
        }
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
        if (topic.endsWith("/capacity")) {
            JsonNode windows = p.path("windows");
            String open = p.path("open").isNull() ? "no open window"
                    : "OPEN window since " + p.path("open").path("start").asText();
            String next = windows.isEmpty() ? "" : String.format(Locale.ROOT, "  next %s %s..%s (%.1f h, conf %.2f)",
                    windows.get(0).path("id").asText(), windows.get(0).path("start").asText(),
                    windows.get(0).path("end").asText(), windows.get(0).path("machineHours").asDouble(),
                    windows.get(0).path("confidence").asDouble());
            return String.format(Locale.ROOT, "%-8s %s  %d forecast windows, %d reservations%s%s",
                    p.path("state").asText(), open, windows.size(), p.path("reservations").size(), next, historical);
        }
        if (topic.endsWith("/windows")) {
            return String.format(Locale.ROOT, "idle window CLOSED %s..%s  %.1f s  (by %s)%s", p.path("start").asText(),
                    p.path("end").asText(), p.path("seconds").asDouble(), p.path("closedBy").asText(), historical);
        }
        if (topic.endsWith("/metering")) {
            return "hour " + p.path("localStart").asText() + "  seconds " + p.path("seconds") + "  cycles "
                    + p.path("cycles").asText() + "  parts " + p.path("parts").asText() + historical;
        }
        if (topic.endsWith("/reservations")) {
            StringBuilder b = new StringBuilder().append(p.path("reservations").size()).append(" current");
            for (JsonNode r : p.path("reservations")) {
                b.append("  ").append(r.path("id").asText()).append(' ').append(r.path("status").asText())
                        .append(r.path("atRisk").asBoolean() ? " AT RISK" : "");
            }
            return b.append(historical).toString();
        }
        if (topic.endsWith("/reservations/events")) {
            String risk = p.path("event").asText().equals("at_risk") ? (p.at("/reservation/atRisk").asBoolean() ? " (on)" : " (off)") : "";
            return p.path("event").asText() + risk + "  " + p.at("/reservation/id").asText() + "  " + p.path("reason").asText()
                    + historical;
        }
        if (topic.endsWith("/report")) {
            return "REPORT " + p.path("status").asText() + "  " + p.path("reservedSeconds").asText() + " s  seconds "
                    + p.path("seconds") + "  cycles " + p.path("cycles").asText() + "  parts " + p.path("parts").asText()
                    + "  jobs " + p.path("jobs") + historical;
        }
        if (topic.endsWith("/capability")) {
            return p.path("kind").asText() + "  " + p.path("capability") + "  cycle " + p.path("cycle");
        }
        return message.payload();
    }

    private static String value(JsonNode v) {
        return v.isFloatingPointNumber() ? String.format(Locale.ROOT, "%.1f", v.asDouble()) : v.asText();
    }
}
