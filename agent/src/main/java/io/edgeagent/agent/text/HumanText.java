package io.edgeagent.agent.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How the CLI writes times, ages and sizes for a person: local times in the agent's time zone (the one its
 * sharing calendar and metering use), ages as short as they can be while still exact enough to act on.
 */
public final class HumanText {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);

    private final ZoneId zone;
    private final Instant now;

    /** @param now the moment the agent answered: ages count from it */
    public HumanText(ZoneId zone, Instant now) {
        this.zone = zone;
        this.now = now;
    }

    /** A JSON time field, or {@code null} when it is null or absent. */
    public static Instant instant(JsonNode field) {
        return field == null || !field.isTextual() ? null : Instant.parse(field.asText());
    }

    /** Today's times as {@code 16:23:14}, older ones with their date. */
    public String time(Instant t) {
        if (t == null) {
            return "-";
        }
        ZonedDateTime local = t.atZone(zone);
        return local.toLocalDate().equals(now.atZone(zone).toLocalDate()) ? TIME.format(local) : DATE_TIME.format(local);
    }

    /** Always with the date: for windows and reservations, which lie days ahead. */
    public String dateTime(Instant t) {
        return t == null ? "-" : DATE_TIME.format(t.atZone(zone));
    }

    /** A reading's time, to the millisecond: two readings a few ms apart must be told apart. */
    public String preciseTime(Instant t) {
        return t == null ? "-" : MILLIS.format(t.atZone(zone));
    }

    /** How long ago {@code t} was, e.g. {@code 0.4 s}, {@code 3 min 12 s}; {@code -} for none. */
    public String ago(Instant t) {
        return t == null ? "-" : age(Duration.between(t, now));
    }

    public static String age(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < 10_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long s = ms / 1000;
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min " + s % 60 + " s";
        }
        if (s < 86_400) {
            return s / 3600 + " h " + s % 3600 / 60 + " min";
        }
        return s / 86_400 + " d " + s % 86_400 / 3600 + " h";
    }

    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f kB", n / 1024.0);
        }
        if (n < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MB", n / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.1f GB", n / (1024.0 * 1024 * 1024));
    }

    /**
     * How many terminal columns {@code s} takes: a Chinese character (and any East Asian wide or fullwidth one)
     * takes two, so that columns of Chinese text line up.
     */
    public static int width(String s) {
        return s.codePoints().map(c -> wide(c) ? 2 : 1).sum();
    }

    private static boolean wide(int c) {
        return c >= 0x1100 && c <= 0x115F || c >= 0x2E80 && c <= 0xA4CF || c >= 0xAC00 && c <= 0xD7A3
                || c >= 0xF900 && c <= 0xFAFF || c >= 0xFE30 && c <= 0xFE4F || c >= 0xFF00 && c <= 0xFF60
                || c >= 0xFFE0 && c <= 0xFFE6 || c >= 0x20000 && c <= 0x3FFFD;
    }

    /** A JSON value as a person reads it: text without quotes, {@code -} for none. */
    public static String value(JsonNode v) {
        return v == null || v.isNull() ? "-" : v.isTextual() ? v.asText() : v.toString();
    }
}
