package io.edgeagent.agent.capacity;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Forecast windows: the offered time minus the hours a machine is expected to be busy with its own work,
 * cut into windows worth offering.
 *
 * <p>Each offered span is cut at local hour boundaries (in the profile's zone); an hour piece whose slot has
 * been observed and has a busy share at or above the threshold is expected own use and dropped. The pieces
 * left, merged where they touch, are the candidate windows. A candidate is then cut at {@code notBefore}
 * (time already past is not offered) and kept only if at least {@code minWindow} of it remains.
 *
 * <p>Window ids are stable: an id is {@code machineId-yyyyMMdd'T'HHmm'Z'} of the candidate's start in UTC,
 * taken <em>before</em> the cut at {@code notBefore}. A window that is running when the plan is recomputed
 * starts later, at {@code notBefore}, but keeps its id, so the platform sees the same window shrink rather
 * than one window vanish and another appear. An id changes only when the candidate's start moves: a
 * reservation, planned maintenance or a change of the sharing calendar removing the start of the offered
 * time, or the learned profile turning the window's first hour (or the hour before it) busy or free.
 *
 * <p>Confidence is the time-weighted mean over the window's hour pieces of
 * {@code (1 - m) * 0.3 + m * (1 - busyShare)} with maturity {@code m = min(1, observations / 4)}: an hour
 * never seen is offered with low confidence, and four weeks of the same hour make it fully trusted.
 */
public final class ForecastPlanner {

    public static final double DEFAULT_BUSY_THRESHOLD = 0.5;

    /** A machine we know nothing about is offered, but the platform should not count on it. */
    static final double PRIOR_CONFIDENCE = 0.3;

    /** Four weeks of the same hour of the week make a mature slot. */
    static final double MATURE_OBSERVATIONS = 4.0;

    /** Ids have minute resolution, so two windows must not be able to start within one minute. */
    static final Duration SHORTEST_MIN_WINDOW = Duration.ofMinutes(1);

    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);

    private final Duration minWindow;
    private final double busyThreshold;

    /**
     * @param minWindow     shortest window worth offering; at least one minute
     * @param busyThreshold an observed hour with a busy share at or above this is expected own use;
     *                      {@link #DEFAULT_BUSY_THRESHOLD} unless configured
     */
    public ForecastPlanner(Duration minWindow, double busyThreshold) {
        Objects.requireNonNull(minWindow, "minWindow");
        if (minWindow.compareTo(SHORTEST_MIN_WINDOW) < 0) {
            throw new IllegalArgumentException("minimum window must be at least one minute: " + minWindow);
        }
        if (!(busyThreshold >= 0.0 && busyThreshold <= 1.0)) {
            throw new IllegalArgumentException("busy threshold out of 0..1: " + busyThreshold);
        }
        this.minWindow = minWindow;
        this.busyThreshold = busyThreshold;
    }

    /**
     * The forecast windows of one machine, sorted by start.
     *
     * @param machineId    the configured machine id, the prefix of every window id
     * @param offered      the time offered over the horizon, with closed days, maintenance and reservations
     *                     already removed; no window leaves it, and none crosses a point where two offered
     *                     spans only touch (the caller's cut, e.g. at midnight)
     * @param profile      the machine's learned usage; its zone decides where local hours begin
     * @param notBefore    nothing earlier is offered (now, from the caller's clock)
     * @param cycleSeconds measured or configured cycle time, or {@code null} when unknown
     * @param cavities     parts per cycle, or {@code null} when unknown
     */
    public List<ForecastWindow> plan(String machineId, List<TimeSpan> offered, UsageProfile profile,
            Instant notBefore, Double cycleSeconds, Integer cavities) {
        Objects.requireNonNull(machineId, "machineId");
        Objects.requireNonNull(notBefore, "notBefore");
        if (cavities != null && cavities < 1) {
            throw new IllegalArgumentException("cavities of " + machineId + " must be at least 1: " + cavities);
        }
        List<ForecastWindow> windows = new ArrayList<>();
        for (List<Piece> candidate : candidates(offered, profile)) {
            String id = machineId + "-" + ID_TIME.format(candidate.get(0).span().start());
            List<Piece> rest = from(candidate, notBefore);
            if (rest.isEmpty()) {
                continue;
            }
            TimeSpan span = new TimeSpan(rest.get(0).span().start(), rest.get(rest.size() - 1).span().end());
            if (span.duration().compareTo(minWindow) >= 0) {
                windows.add(window(id, span, rest, cycleSeconds, cavities));
            }
        }
        return List.copyOf(windows);
    }

    /** Offered time without the expected own use, as runs of touching hour pieces. */
    private List<List<Piece>> candidates(List<TimeSpan> offered, UsageProfile profile) {
        ZoneRules rules = profile.zone().getRules();
        List<List<Piece>> candidates = new ArrayList<>();
        for (TimeSpan span : TimeSpans.disjoint(offered)) {
            List<Piece> run = new ArrayList<>();
            Instant cursor = span.start();
            while (cursor.isBefore(span.end())) {
                Instant boundary = nextSlotBoundary(cursor, rules);
                Instant end = boundary.isBefore(span.end()) ? boundary : span.end();
                int slot = UsageProfile.slotOf(cursor, profile.zone());
                if (profile.observations(slot) > 0 && profile.busyShare(slot) >= busyThreshold) {
                    if (!run.isEmpty()) {
                        candidates.add(run);
                        run = new ArrayList<>();
                    }
                } else {
                    run.add(new Piece(new TimeSpan(cursor, end), confidence(profile, slot)));
                }
                cursor = end;
            }
            if (!run.isEmpty()) {
                candidates.add(run);
            }
        }
        return candidates;
    }

    /**
     * The first instant after {@code t} where a new local hour begins. While the offset stays the same local
     * hours are plain hours; cutting at offset changes as well keeps every piece inside one local hour in a
     * zone that changes its clocks off the hour (Pacific/Chatham jumps from 02:45 to 03:45).
     */
    private static Instant nextSlotBoundary(Instant t, ZoneRules rules) {
        ZoneOffset offset = rules.getOffset(t);
        Instant nextHour = LocalDateTime.ofInstant(t, offset).truncatedTo(ChronoUnit.HOURS).plusHours(1).toInstant(offset);
        ZoneOffsetTransition transition = rules.nextTransition(t);
        return transition != null && transition.getInstant().isBefore(nextHour) ? transition.getInstant() : nextHour;
    }

    private static double confidence(UsageProfile profile, int slot) {
        double maturity = Math.min(1.0, profile.observations(slot) / MATURE_OBSERVATIONS);
        return (1.0 - maturity) * PRIOR_CONFIDENCE + maturity * (1.0 - profile.busyShare(slot));
    }

    /** The part of a candidate at or after {@code notBefore}. */
    private static List<Piece> from(List<Piece> candidate, Instant notBefore) {
        List<Piece> rest = new ArrayList<>(candidate.size());
        for (Piece piece : candidate) {
            if (!piece.span().end().isAfter(notBefore)) {
                continue;
            }
            rest.add(piece.span().start().isBefore(notBefore)
                    ? new Piece(new TimeSpan(notBefore, piece.span().end()), piece.confidence())
                    : piece);
        }
        return rest;
    }

    private static ForecastWindow window(String id, TimeSpan span, List<Piece> pieces, Double cycleSeconds,
            Integer cavities) {
        double weighted = 0.0;
        for (Piece piece : pieces) {
            weighted += piece.confidence() * piece.span().duration().toNanos();
        }
        long nanos = span.duration().toNanos();
        Long cycles = cycles(span.duration(), cycleSeconds);
        Long parts = cycles == null || cavities == null ? null : Math.multiplyExact(cycles, cavities.longValue());
        return new ForecastWindow(id, span.start(), span.end(), round3(weighted / nanos),
                round3(nanos / 3_600_000_000_000.0), cycles, parts);
    }

    /**
     * Whole cycles that fit in {@code length}. Divided in decimal: in binary floating point a window that is
     * an exact multiple of the cycle time (7 minutes of 0.28 s) can come out one cycle short.
     */
    private static Long cycles(Duration length, Double cycleSeconds) {
        if (cycleSeconds == null || !(cycleSeconds > 0.0) || cycleSeconds.isInfinite()) {
            return null;
        }
        return BigDecimal.valueOf(length.toNanos(), 9)
                .divide(BigDecimal.valueOf(cycleSeconds), 0, RoundingMode.FLOOR)
                .longValueExact();
    }

    private static double round3(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }

    /** A piece of offered time inside one local hour, with that hour's confidence. */
    private record Piece(TimeSpan span, double confidence) {
    }
}
