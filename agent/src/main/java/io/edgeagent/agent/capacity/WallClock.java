package io.edgeagent.agent.capacity;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.Objects;

/**
 * Wall-clock times of one zone as instants, resolved so that a local span {@code [from, to)} covers all of
 * its local time across a DST change. A start takes the earlier offset when the clock repeats it, an end
 * the later one; a time the clock skips (the spring-forward gap) is the first instant after the gap,
 * whether it starts or ends a span.
 */
record WallClock(ZoneId zone) {

    WallClock {
        Objects.requireNonNull(zone, "zone");
    }

    Instant start(LocalDateTime local) {
        return resolve(local, true);
    }

    Instant end(LocalDateTime local) {
        return resolve(local, false);
    }

    /** The first instant of the local day; the same as a span starting at that day's 00:00. */
    Instant startOfDay(LocalDate date) {
        return start(date.atStartOfDay());
    }

    LocalDate date(Instant t) {
        return LocalDate.ofInstant(t, zone);
    }

    private Instant resolve(LocalDateTime local, boolean earlier) {
        ZoneOffsetTransition transition = zone.getRules().getTransition(local);
        if (transition == null) {
            return local.atZone(zone).toInstant();
        }
        // ZonedDateTime.ofLocal would shift a skipped time by the gap's length (02:30 to 03:30), which
        // would cut the start of a slot beginning inside the gap.
        if (transition.isGap()) {
            return transition.getInstant();
        }
        return local.atOffset(earlier ? transition.getOffsetBefore() : transition.getOffsetAfter()).toInstant();
    }
}
