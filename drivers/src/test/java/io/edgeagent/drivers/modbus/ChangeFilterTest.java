package io.edgeagent.drivers.modbus;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Deadband, keep-alive and quality changes, on explicit instants: nothing here waits for a clock. */
class ChangeFilterTest {

    private static final Instant T0 = Instant.parse("2026-01-05T08:00:00Z");
    private static final Duration KEEP_ALIVE = Duration.ofMinutes(1);

    @Test
    void aChangeSmallerThanTheDeadbandIsNotReportedUntilItAddsUp() {
        ChangeFilter filter = new ChangeFilter(0.5, KEEP_ALIVE);

        assertTrue(filter.accept(Sample.good(20.0), T0), "the first value");
        assertFalse(filter.accept(Sample.good(20.3), T0.plusSeconds(1)));
        assertFalse(filter.accept(Sample.good(19.6), T0.plusSeconds(2)));
        // 20.6 is only 0.3 from the last value read, but 0.6 from the last one reported.
        assertTrue(filter.accept(Sample.good(20.6), T0.plusSeconds(3)));
        assertFalse(filter.accept(Sample.good(20.2), T0.plusSeconds(4)));
        assertTrue(filter.accept(Sample.good(20.1), T0.plusSeconds(5)), "exactly the deadband away");
    }

    @Test
    void integerDeadbandsAreExactAndHugeJumpsAlwaysCount() {
        ChangeFilter filter = new ChangeFilter(10, KEEP_ALIVE);

        assertTrue(filter.accept(Sample.good(Long.MAX_VALUE - 5), T0));
        assertFalse(filter.accept(Sample.good(Long.MAX_VALUE), T0.plusSeconds(1)));
        assertTrue(filter.accept(Sample.good(Long.MIN_VALUE), T0.plusSeconds(2)));
    }

    @Test
    void withoutDeadbandEveryChangeIsReportedAndNothingElse() {
        ChangeFilter filter = new ChangeFilter(0, KEEP_ALIVE);

        assertTrue(filter.accept(Sample.good(7L), T0));
        assertFalse(filter.accept(Sample.good(7L), T0.plusSeconds(1)));
        assertTrue(filter.accept(Sample.good(8L), T0.plusSeconds(2)));
        assertTrue(filter.accept(Sample.good("idle"), T0.plusSeconds(3)));
        assertFalse(filter.accept(Sample.good("idle"), T0.plusSeconds(4)));
        assertTrue(filter.accept(Sample.good(true), T0.plusSeconds(5)));
    }

    @Test
    void anUnchangedValueIsReportedAgainAfterTheKeepAlive() {
        ChangeFilter filter = new ChangeFilter(1, KEEP_ALIVE);

        assertTrue(filter.accept(Sample.good(5.0), T0));
        assertFalse(filter.accept(Sample.good(5.0), T0.plus(KEEP_ALIVE).minusMillis(1)));
        assertTrue(filter.accept(Sample.good(5.0), T0.plus(KEEP_ALIVE)));
        assertFalse(filter.accept(Sample.good(5.2), T0.plus(KEEP_ALIVE).plusSeconds(1)), "the keep-alive restarted");
    }

    @Test
    void aClockSteppedBackDoesNotSilenceTheSignal() {
        ChangeFilter filter = new ChangeFilter(0, KEEP_ALIVE);

        assertTrue(filter.accept(Sample.good(1L), T0));
        assertTrue(filter.accept(Sample.good(1L), T0.minusSeconds(3600)));
        assertFalse(filter.accept(Sample.good(1L), T0.minusSeconds(3599)));
    }

    @Test
    void everyQualityOrDetailChangeIsReportedWhateverTheDeadband() {
        ChangeFilter filter = new ChangeFilter(100, KEEP_ALIVE);

        assertTrue(filter.accept(Sample.good(5.0), T0));
        assertTrue(filter.accept(Sample.bad("ILLEGAL_DATA_ADDRESS (exception 2)"), T0.plusSeconds(1)));
        assertFalse(filter.accept(Sample.bad("ILLEGAL_DATA_ADDRESS (exception 2)"), T0.plusSeconds(2)));
        assertTrue(filter.accept(Sample.bad("value is NaN"), T0.plusSeconds(3)));
        assertTrue(filter.accept(Sample.good(5.0), T0.plusSeconds(4)), "back to good with the same value");
    }
}
