package io.edgeagent.agent.capacity;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A half-open span of time {@code [start, end)}. Empty when start equals end; never negative.
 */
public record TimeSpan(Instant start, Instant end) implements Comparable<TimeSpan> {

    public TimeSpan {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("span ends before it starts: " + start + " .. " + end);
        }
    }

    public Duration duration() {
        return Duration.between(start, end);
    }

    public boolean isEmpty() {
        return start.equals(end);
    }

    public boolean contains(Instant t) {
        return !t.isBefore(start) && t.isBefore(end);
    }

    /** True when {@code other} lies wholly inside this span. */
    public boolean encloses(TimeSpan other) {
        return !other.start.isBefore(start) && !other.end.isAfter(end);
    }

    /** True when the two spans share some time; touching ends do not overlap, nor does an empty span. */
    public boolean overlaps(TimeSpan other) {
        return start.isBefore(other.end) && other.start.isBefore(end) && !isEmpty() && !other.isEmpty();
    }

    public Optional<TimeSpan> intersection(TimeSpan other) {
        Instant s = start.isAfter(other.start) ? start : other.start;
        Instant e = end.isBefore(other.end) ? end : other.end;
        return s.isBefore(e) ? Optional.of(new TimeSpan(s, e)) : Optional.empty();
    }

    @Override
    public int compareTo(TimeSpan o) {
        int c = start.compareTo(o.start);
        return c != 0 ? c : end.compareTo(o.end);
    }
}
