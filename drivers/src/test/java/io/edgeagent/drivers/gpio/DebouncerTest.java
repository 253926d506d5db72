package io.edgeagent.drivers.gpio;

import static io.edgeagent.drivers.gpio.Debouncer.Outcome.ACCEPTED;
import static io.edgeagent.drivers.gpio.Debouncer.Outcome.CANDIDATE;
import static io.edgeagent.drivers.gpio.Debouncer.Outcome.UNCHANGED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DebouncerTest {

    private static final Duration DEBOUNCE = Duration.ofMillis(20);

    @Test
    void aChangeHeldForTheDebounceTimeIsAcceptedFromWhenItBegan() {
        Debouncer debouncer = new Debouncer(DEBOUNCE, false, at(0));

        assertEquals(CANDIDATE, debouncer.sample(at(100), true));
        assertEquals(ms(120), debouncer.dueNanos());
        assertEquals(UNCHANGED, debouncer.sample(at(119), true), "19 ms is not yet 20");
        assertFalse(debouncer.level());

        assertEquals(ACCEPTED, debouncer.sample(at(120), true));
        assertTrue(debouncer.level());
        assertEquals(at(100), debouncer.since(), "the level counts from the edge, not from the confirmation");
    }

    @Test
    void bounceShorterThanTheDebounceTimeIsIgnored() {
        Debouncer debouncer = new Debouncer(DEBOUNCE, false, at(0));

        assertEquals(CANDIDATE, debouncer.sample(at(100), true));
        assertEquals(UNCHANGED, debouncer.sample(at(105), false), "back within 5 ms: bounce");
        assertEquals(UNCHANGED, debouncer.sample(at(130), false), "the dropped candidate cannot mature");

        assertFalse(debouncer.level());
        assertEquals(at(0), debouncer.since());
    }

    @Test
    void aBounceRestartsTheDebounceTime() {
        Debouncer debouncer = new Debouncer(DEBOUNCE, false, at(0));

        debouncer.sample(at(100), true);
        debouncer.sample(at(110), false);
        assertEquals(CANDIDATE, debouncer.sample(at(112), true));
        assertEquals(UNCHANGED, debouncer.sample(at(125), true), "held 13 ms since the last bounce");
        assertEquals(ACCEPTED, debouncer.sample(at(132), true));
        assertEquals(at(112), debouncer.since());
    }

    @Test
    void repeatedSamplesOfAPendingLevelKeepItsStart() {
        Debouncer debouncer = new Debouncer(DEBOUNCE, true, at(0));

        assertEquals(CANDIDATE, debouncer.sample(at(10), false));
        assertEquals(UNCHANGED, debouncer.sample(at(15), false), "a poll of the same level is no new candidate");
        assertEquals(ACCEPTED, debouncer.sample(at(30), false));
        assertEquals(at(10), debouncer.since());
    }

    @Test
    void anEdgeHandledAfterAPollThatSawItsLevelMovesTheStartBack() {
        Debouncer debouncer = new Debouncer(DEBOUNCE, false, at(0));

        assertEquals(CANDIDATE, debouncer.sample(at(104), true), "the poll");
        assertEquals(UNCHANGED, debouncer.sample(at(100), true), "the edge event, queued behind the poll");
        assertEquals(ACCEPTED, debouncer.sample(at(120), true), "20 ms after the edge");
        assertEquals(at(100), debouncer.since());
    }

    @Test
    void zeroDebounceAcceptsAtOnce() {
        Debouncer debouncer = new Debouncer(Duration.ZERO, false, at(0));

        assertEquals(ACCEPTED, debouncer.sample(at(1), true));
        assertEquals(ACCEPTED, debouncer.sample(at(2), false));
        assertEquals(UNCHANGED, debouncer.sample(at(3), false));
        assertEquals(at(2), debouncer.since());
    }

    @Test
    void measuresOnTheMonotonicClockNotTheWallClock() {
        Debouncer debouncer = new Debouncer(DEBOUNCE, false, at(0));
        debouncer.sample(new Moment(ms(100), Instant.parse("2026-01-01T12:00:00Z")), true);

        // NTP stepped the wall clock back an hour meanwhile; 20 ms still passed.
        assertEquals(ACCEPTED, debouncer.sample(new Moment(ms(120), Instant.parse("2026-01-01T11:00:00Z")), true));
        assertEquals(Instant.parse("2026-01-01T12:00:00Z"), debouncer.since().instant());
    }

    @Test
    void dueTimeExistsOnlyWhileACandidateIsPending() {
        Debouncer debouncer = new Debouncer(DEBOUNCE, false, at(0));
        assertThrows(IllegalStateException.class, debouncer::dueNanos);
        assertThrows(IllegalArgumentException.class, () -> new Debouncer(Duration.ofMillis(-1), false, at(0)));
    }

    static Moment at(long millis) {
        return new Moment(ms(millis), Instant.EPOCH.plusMillis(millis));
    }

    private static long ms(long millis) {
        return Duration.ofMillis(millis).toNanos();
    }
}
