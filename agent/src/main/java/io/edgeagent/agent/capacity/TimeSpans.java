package io.edgeagent.agent.capacity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Set operations on lists of spans. Every result is normalised: sorted, without empty spans, and with
 * overlapping or touching spans merged.
 */
public final class TimeSpans {

    private TimeSpans() {
    }

    public static List<TimeSpan> normalize(Collection<TimeSpan> spans) {
        return merge(spans, true);
    }

    /**
     * Sorted, without empty spans, overlapping spans merged, but spans that only touch kept apart: for
     * offered time that the caller has cut on purpose (at local midnights) and that must stay cut.
     */
    public static List<TimeSpan> disjoint(Collection<TimeSpan> spans) {
        return merge(spans, false);
    }

    private static List<TimeSpan> merge(Collection<TimeSpan> spans, boolean touching) {
        List<TimeSpan> sorted = new ArrayList<>(spans.size());
        for (TimeSpan s : spans) {
            if (!s.isEmpty()) {
                sorted.add(s);
            }
        }
        sorted.sort(null);
        List<TimeSpan> out = new ArrayList<>(sorted.size());
        for (TimeSpan s : sorted) {
            TimeSpan last = out.isEmpty() ? null : out.get(out.size() - 1);
            boolean joins = last != null && (touching ? !s.start().isAfter(last.end()) : s.start().isBefore(last.end()));
            if (joins) {
                if (s.end().isAfter(last.end())) {
                    out.set(out.size() - 1, new TimeSpan(last.start(), s.end()));
                }
            } else {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }

    /** The time in {@code from} that is in none of {@code minus}. */
    public static List<TimeSpan> subtract(Collection<TimeSpan> from, Collection<TimeSpan> minus) {
        List<TimeSpan> cuts = normalize(minus);
        List<TimeSpan> out = new ArrayList<>();
        for (TimeSpan span : normalize(from)) {
            Instant cursor = span.start();
            for (TimeSpan cut : cuts) {
                if (!cut.end().isAfter(cursor)) {
                    continue;
                }
                if (!cut.start().isBefore(span.end())) {
                    break;
                }
                if (cut.start().isAfter(cursor)) {
                    out.add(new TimeSpan(cursor, cut.start()));
                }
                cursor = cut.end();
                if (!cursor.isBefore(span.end())) {
                    break;
                }
            }
            if (cursor.isBefore(span.end())) {
                out.add(new TimeSpan(cursor, span.end()));
            }
        }
        return normalize(out);
    }

    /** The parts of {@code spans} inside {@code within}. */
    public static List<TimeSpan> clip(Collection<TimeSpan> spans, TimeSpan within) {
        List<TimeSpan> out = new ArrayList<>();
        for (TimeSpan s : spans) {
            s.intersection(within).ifPresent(out::add);
        }
        return normalize(out);
    }

    /** The span of {@code spans} containing {@code t}, if any. */
    public static Optional<TimeSpan> containing(Collection<TimeSpan> spans, Instant t) {
        // A loop, not a stream: every machine asks on every tick of the ingest thread.
        for (TimeSpan s : spans) {
            if (s.contains(t)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
