package io.edgeagent.agent.feed;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The contract's timestamp form: UTC ISO-8601 with exactly three fraction digits, e.g. 2026-11-24T13:05:00.120Z.
 * The control socket's answers use it too, so an engineer's CLI shows an instant as the platform receives it.
 *
 * <p>Every reading of every telemetry message carries one, so the digits are written directly rather than through a
 * {@link DateTimeFormatter} (a fleet renders ten thousand a second); {@link #FORMAT} remains the definition, and
 * writes the years that need more or fewer than four digits.
 */
public final class Timestamps {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final int SECONDS_PER_DAY = 86_400;

    private Timestamps() {
    }

    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(seconds, SECONDS_PER_DAY));
        if (day.getYear() < 0 || day.getYear() > 9999) {
            return FORMAT.format(instant);
        }
        int second = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        char[] out = new char[24];
        digits(out, 0, day.getYear(), 4);
        out[4] = '-';
        digits(out, 5, day.getMonthValue(), 2);
        out[7] = '-';
        digits(out, 8, day.getDayOfMonth(), 2);
        out[10] = 'T';
        digits(out, 11, second / 3600, 2);
        out[13] = ':';
        digits(out, 14, second / 60 % 60, 2);
        out[16] = ':';
        digits(out, 17, second % 60, 2);
        out[19] = '.';
        digits(out, 20, instant.getNano() / 1_000_000, 3);
        out[23] = 'Z';
        return new String(out);
    }

    /** Writes {@code value} as {@code width} decimal digits, with leading zeros, at {@code at}. */
    private static void digits(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
