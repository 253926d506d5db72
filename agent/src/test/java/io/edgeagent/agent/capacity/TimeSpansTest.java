package io.edgeagent.agent.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class TimeSpansTest {

    private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");

    @Property
    void subtractKeepsExactlyTheTimeNotCut(@ForAll("spans") List<TimeSpan> from, @ForAll("spans") List<TimeSpan> minus) {
        List<TimeSpan> rest = TimeSpans.subtract(from, minus);
        for (TimeSpan r : rest) {
            assertFalse(r.isEmpty());
            assertTrue(TimeSpans.normalize(from).stream().anyMatch(f -> f.encloses(r)), "inside the original");
            assertTrue(minus.stream().noneMatch(m -> m.overlaps(r)), "nothing cut remains");
        }
        for (int i = 1; i < rest.size(); i++) {
            assertTrue(rest.get(i - 1).end().isBefore(rest.get(i).start()), "sorted, disjoint, merged");
        }
        // Measure: |from| = |from - minus| + |from ∩ minus|, checked second by second.
        for (long s = 0; s < 400; s++) {
            Instant t = T0.plusSeconds(s);
            boolean expected = from.stream().anyMatch(f -> f.contains(t)) && minus.stream().noneMatch(m -> m.contains(t));
            assertEquals(expected, rest.stream().anyMatch(r -> r.contains(t)), "second " + s);
        }
    }

    @Property
    void normalizeMergesTouchingSpans(@ForAll("spans") List<TimeSpan> spans) {
        List<TimeSpan> n = TimeSpans.normalize(spans);
        for (int i = 1; i < n.size(); i++) {
            assertTrue(n.get(i - 1).end().isBefore(n.get(i).start()));
        }
        assertEquals(TimeSpans.normalize(n), n);
    }

    @Provide
    Arbitrary<List<TimeSpan>> spans() {
        Arbitrary<TimeSpan> span = Combinators.combine(Arbitraries.longs().between(0, 380),
                Arbitraries.longs().between(0, 60)).as((s, len) -> new TimeSpan(T0.plusSeconds(s), T0.plusSeconds(s + len)));
        return span.list().ofMaxSize(8).map(ArrayList::new);
    }
}
