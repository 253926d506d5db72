package io.edgeagent.agent.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The timestamp form of the contract (config/asyncapi.yaml, {@code ts}: UTC, ISO-8601, three fraction digits), written
 * digit by digit, against the pattern that defines it.
 */
class TimestampsTest {

    private static final DateTimeFormatter DEFINITION =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void writesWhatThePatternWritesForEveryInstant() {
        assertEquals("2026-11-24T13:05:00.120Z", Timestamps.format(Instant.parse("2026-11-24T13:05:00.120999Z")),
                "fraction digits are cut, not rounded");
        for (String edge : new String[] {"1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "2024-02-29T23:59:59.5Z",
                "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "+10000-01-01T00:00:00Z",
                "-0001-12-31T00:00:00.001Z", "1900-03-01T07:08:09.010Z"}) {
            Instant t = Instant.parse(edge);
            assertEquals(DEFINITION.format(t), Timestamps.format(t), edge);
        }
        SplittableRandom random = new SplittableRandom(17);
        long from = Instant.parse("1900-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("2200-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(from, to), random.nextInt(1_000_000_000));
            assertEquals(DEFINITION.format(t), Timestamps.format(t), t.toString());
        }
    }
}
