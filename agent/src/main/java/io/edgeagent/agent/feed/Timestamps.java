package io.edgeagent.agent.feed;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The contract's timestamp form: UTC ISO-8601 with exactly three fraction digits, e.g. 2026-11-24T13:05:00.120Z.
 * The control socket's answers use it too, so an engineer's CLI shows an instant as the platform receives it.
 */
public final class Timestamps {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }
}
