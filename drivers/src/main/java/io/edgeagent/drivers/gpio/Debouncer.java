package io.edgeagent.drivers.gpio;

import java.time.Duration;
import java.util.Objects;

/**
 * Contact debounce: a new level counts only once it has held for the debounce time; an excursion that ends sooner
 * is bounce and is forgotten.
 *
 * <p>Pure and single-threaded: the owner feeds every raw level it learns (an edge event, a poll, a re-read when the
 * debounce time is up) with the moment it was seen, in the order it learns them. A level is taken to have held
 * between two samples that show it, so the owner samples the pin again when a candidate is due rather than trusting
 * that no edge was lost.
 */
final class Debouncer {

    /** What one sample did. */
    enum Outcome {
        /** Nothing changed: the accepted level again (which drops any candidate), or a candidate still holding. */
        UNCHANGED,
        /** A level other than the accepted one has just appeared: sample again at {@link #dueNanos()}. */
        CANDIDATE,
        /** The candidate held for the debounce time and is now the accepted level, since {@link #since()}. */
        ACCEPTED
    }

    private final long debounceNanos;
    private boolean level;
    private Moment since;
    // When the opposite of the accepted level was first seen without the accepted level in between; null if not.
    private Moment candidateSince;

    Debouncer(Duration debounce, boolean initialLevel, Moment at) {
        Objects.requireNonNull(debounce, "debounce");
        if (debounce.isNegative()) {
            throw new IllegalArgumentException("debounce must be >= 0, was " + debounce);
        }
        this.debounceNanos = debounce.toNanos();
        this.level = initialLevel;
        this.since = Objects.requireNonNull(at, "at");
    }

    Outcome sample(Moment at, boolean raw) {
        if (raw == level) {
            candidateSince = null;
            return Outcome.UNCHANGED;
        }
        boolean fresh = candidateSince == null;
        if (fresh || at.nanos() < candidateSince.nanos()) {
            // Also when an edge event is handled after a poll that saw its level first: the edge is the start.
            candidateSince = at;
        }
        if (at.nanos() - candidateSince.nanos() >= debounceNanos) {
            level = raw;
            since = candidateSince;
            candidateSince = null;
            return Outcome.ACCEPTED;
        }
        return fresh ? Outcome.CANDIDATE : Outcome.UNCHANGED;
    }

    /** The accepted level. */
    boolean level() {
        return level;
    }

    /** When the accepted level was first seen (the moment it was opened with, for the initial level). */
    Moment since() {
        return since;
    }

    /** When the pending candidate will have held long enough; only meaningful while one is pending. */
    long dueNanos() {
        if (candidateSince == null) {
            throw new IllegalStateException("no candidate level pending");
        }
        return candidateSince.nanos() + debounceNanos;
    }
}
