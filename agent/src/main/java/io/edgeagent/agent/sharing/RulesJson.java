package io.edgeagent.agent.sharing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.edgeagent.agent.config.MaintenanceSlot;
import io.edgeagent.agent.config.WeeklySlot;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A machine's rules written as the file writes them under {@code sharing:} (calendar, minWindowMinutes,
 * maintenance): what {@code sharing get} answers, what {@code sharing set} takes, and what the store keeps, which
 * it reads back through the config's own binder.
 */
public final class RulesJson {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final JsonFactory JSON = new JsonFactory();

    private RulesJson() {
    }

    /** The rules as one JSON object. */
    public static void write(JsonGenerator g, MachineOffer o) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("calendar");
        g.writeArrayFieldStart("weekly");
        for (WeeklySlot slot : o.weekly()) {
            g.writeStartObject();
            g.writeArrayFieldStart("days");
            for (DayOfWeek day : slot.days()) {
                g.writeString(day.name().substring(0, 3));
            }
            g.writeEndArray();
            g.writeStringField("from", slot.from().format(TIME));
            g.writeStringField("to", slot.untilEndOfDay() ? "24:00" : slot.to().format(TIME));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("closed");
        for (LocalDate day : o.closed()) {
            g.writeString(day.toString());
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeNumberField("minWindowMinutes", o.minWindowMinutes());
        g.writeArrayFieldStart("maintenance");
        for (MaintenanceSlot slot : o.maintenance()) {
            g.writeStartObject();
            g.writeStringField("machine", slot.machine());
            g.writeStringField("from", slot.from().toString());
            g.writeStringField("to", slot.to().toString());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** The rules as JSON text. */
    public static String text(MachineOffer o) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            write(g, o);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string cannot fail", e);
        }
        return out.toString();
    }

    /** One rule in words, for {@code windows} and {@code why}: {@code MON TUE 18:00-06:00}. */
    static String words(WeeklySlot slot) {
        StringBuilder s = new StringBuilder();
        slot.days().forEach(d -> s.append(d.name(), 0, 3).append(' '));
        return s.append(slot.from().format(TIME)).append('-')
                .append(slot.untilEndOfDay() ? "24:00" : slot.to().format(TIME)).toString();
    }
}
