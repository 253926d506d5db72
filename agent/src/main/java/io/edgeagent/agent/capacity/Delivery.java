package io.edgeagent.agent.capacity;

import io.edgeagent.agent.config.MachineState;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The account of one active reservation: its reserved time as a run of segments, each in one state (or
 * unknown), from the planned start to up to where time has been accounted, plus the cycles and job values
 * seen in it. Plain logic over the times it is given, like {@link Meter}: single-threaded, no clock, no I/O.
 *
 * <p>The segments are contiguous and never overlap, so no second is counted twice and the report's times add
 * up to the accounted span exactly. Time is accounted as {@link Meter} accounts it: to the state in force, a
 * state reported after its dwell takes back the time since it began (never before the previous state took
 * over, nor before unobserved time), time not observed is unknown, and a time before the cursor (a clock
 * that went back) accounts nothing.
 */
public final class Delivery {

    /** The signals whose values name the job a report shows: the EUROMAP 77 and OPC 40501 profiles' names. */
    public static final Set<String> JOB_SIGNALS = Set.of("jobName", "mouldId", "programName");
    /** Values kept per job signal: a report names jobs, it is not a log of every value. */
    static final int MAX_VALUES = 20;

    /**
     * A stretch of the reserved time in one state.
     *
     * @param state  the state, or {@code null} when not observed
     * @param reason why the machine was in it, as the state rules said, or {@code null}
     */
    public record Segment(Instant start, Instant end, MachineState state, String reason) {

        public Segment {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            if (end.isBefore(start)) {
                throw new IllegalArgumentException("segment ends before it starts: " + start + " .. " + end);
            }
        }
    }

    /**
     * What a delivery needs to go on after a restart, as plain values. The state is not in it: the machine was
     * not observed across the restart, and the restarted state tracker reports it afresh.
     */
    public record Snapshot(String reservationId, List<Segment> segments, long cycles, long hourCycles,
            Map<String, List<String>> seen, boolean atRisk, Long goodParts, Long badParts, long hourGoodParts,
            long hourBadParts) {

        public Snapshot {
            Objects.requireNonNull(reservationId, "reservationId");
            segments = List.copyOf(segments);
            seen = Map.copyOf(seen);
        }
    }

    private final Reservation reservation;
    /** The planned start and end in whole milliseconds, as the store keeps them and as time is accounted. */
    private final Instant start;
    private final Instant end;
    private final List<Segment> segments = new ArrayList<>();
    private final Map<String, LinkedHashSet<String>> seen = new LinkedHashMap<>();
    private MachineState state;
    private String reason;
    private Instant attributedSince;
    private long cycles;
    /** Made since the last metering hour closed: the reservation's share of the hour that closes next. */
    private long hourCycles;
    private long hourGoodParts;
    private long hourBadParts;
    /** Good and bad parts counted inside it; {@code null} while the machine reported no such counter. */
    private Long goodParts;
    private Long badParts;
    private boolean atRisk;

    private Delivery(Reservation reservation) {
        this.reservation = Objects.requireNonNull(reservation, "reservation");
        this.start = millis(reservation.start());
        this.end = millis(reservation.end());
    }

    /**
     * The reservation became active, observed from {@code observedFrom} on (its start, or later when the agent
     * was not running at its start: the time before is unknown) in {@code state} ({@code null}: not known).
     */
    public static Delivery begin(Reservation reservation, Instant observedFrom, MachineState state, String reason) {
        Delivery d = new Delivery(reservation);
        d.segments.add(new Segment(d.start, d.start, null, null));
        d.unknownUntil(observedFrom);
        d.state = state;
        d.reason = reason;
        return d;
    }

    /** The delivery after a restart at {@code now}: the time since the snapshot's cursor was not observed. */
    public static Delivery resume(Reservation reservation, Snapshot s, Instant now) {
        if (!s.reservationId().equals(reservation.id())) {
            throw new IllegalArgumentException("snapshot of " + s.reservationId() + " is not of " + reservation.id());
        }
        if (s.segments().isEmpty() || !s.segments().get(0).start().equals(millis(reservation.start()))) {
            throw new IllegalArgumentException("snapshot of " + s.reservationId() + " does not start at "
                    + reservation.start());
        }
        Delivery d = new Delivery(reservation);
        for (Segment seg : s.segments()) {
            if (!seg.start().equals(d.segments.isEmpty() ? seg.start() : d.cursor())) {
                throw new IllegalArgumentException("snapshot of " + s.reservationId() + " has a gap or overlap at "
                        + seg.start());
            }
            d.segments.add(seg);
        }
        s.seen().forEach((signal, values) -> d.seen.put(signal, new LinkedHashSet<>(values)));
        d.cycles = s.cycles();
        d.hourCycles = s.hourCycles();
        d.atRisk = s.atRisk();
        d.goodParts = s.goodParts();
        d.badParts = s.badParts();
        d.hourGoodParts = s.hourGoodParts();
        d.hourBadParts = s.hourBadParts();
        d.unknownUntil(now);
        return d;
    }

    public Reservation reservation() {
        return reservation;
    }

    /** Up to when the reserved time has been accounted. */
    public Instant cursor() {
        return segments.get(segments.size() - 1).end();
    }

    /** Whether the platform was last told that the reservation is at risk. */
    public boolean atRisk() {
        return atRisk;
    }

    /** Records what the platform was told last; see {@link #atRisk(MachineState)}. */
    public void told(boolean atRisk) {
        this.atRisk = atRisk;
    }

    /** A machine down, offline or in maintenance cannot deliver reserved time. */
    public static boolean atRisk(MachineState state) {
        return state == MachineState.DOWN || state == MachineState.OFFLINE || state == MachineState.MAINTENANCE;
    }

    /** Accounts the time from the cursor to {@code now} (at most to the planned end) to the state in force. */
    public void advance(Instant now) {
        account(state, reason, now);
    }

    /** The time from the cursor to {@code t} (at most to the planned end) was not observed. */
    public void unknownUntil(Instant t) {
        account(null, null, t);
        attributedSince = cursor();
    }

    /**
     * The machine is in {@code newState} since {@code since}, reported at {@code now}; call {@link #advance}
     * to {@code now} first. The time accounted since then moves to it, as in {@link Meter#onState}.
     */
    public void onState(MachineState newState, Instant since, String why, Instant now) {
        Objects.requireNonNull(newState, "state");
        Instant cursor = cursor();
        Instant from = latest(latest(millis(since), attributedSince), start);
        if (newState != state && !millis(now).isBefore(cursor) && from.isBefore(cursor)) {
            cut(from);
            append(newState, why, cursor);
            attributedSince = from;
        } else if (newState != state) {
            attributedSince = cursor;
        }
        state = newState;
        reason = why;
    }

    /** Cycles counted while the reservation is active. */
    public void onCycles(long made) {
        if (made < 0) {
            throw new IllegalArgumentException("negative cycles: " + made);
        }
        cycles += made;
        hourCycles += made;
    }

    /**
     * Good parts counted while the reservation is active, as {@link Meter#onGoodParts} counted them; 0 when
     * the machine reports the counter but made none, so the report says 0 and not null.
     */
    public void onGoodParts(long made) {
        if (made < 0) {
            throw new IllegalArgumentException("negative good parts: " + made);
        }
        goodParts = (goodParts == null ? 0 : goodParts) + made;
        hourGoodParts += made;
    }

    /** As {@link #onGoodParts}, for bad parts. */
    public void onBadParts(long made) {
        if (made < 0) {
            throw new IllegalArgumentException("negative bad parts: " + made);
        }
        badParts = (badParts == null ? 0 : badParts) + made;
        hourBadParts += made;
    }

    /** A job signal read {@code value} while the reservation is active. */
    public void onJob(String signal, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        LinkedHashSet<String> values = seen.computeIfAbsent(signal, s -> new LinkedHashSet<>());
        if (values.size() < MAX_VALUES) {
            values.add(value);
        }
    }

    /** What it is owed in the hours not closed yet: its time accounted so far, and what was made since {@link #billed}. */
    public OwedShare owed() {
        return new OwedShare(reservation.id(), reservation.reference(), start, cursor(), hourCycles, hourGoodParts,
                hourBadParts);
    }

    /** A metering hour closed with its {@link #owed share}: what is made from now on goes to the next one. */
    public void billed() {
        hourCycles = 0;
        hourGoodParts = 0;
        hourBadParts = 0;
    }

    /**
     * The report of the reservation ending as {@code status} at {@code at} (its planned end, or the moment it
     * was released). Time up to then not accounted yet was not observed; accounted time after it (a
     * release on a clock that went back) is not the buyer's and is dropped.
     */
    public DeliveryReport finish(ReservationStatus status, Instant at, Integer cavities) {
        Instant until = latest(millis(at), start);
        if (until.isAfter(end)) {
            until = end;
        }
        if (until.isBefore(cursor())) {
            cut(until);
        } else {
            unknownUntil(until);
        }
        EnumMap<MachineState, Long> millis = new EnumMap<>(MachineState.class);
        Map<String, Long> down = new LinkedHashMap<>();
        long unknown = 0;
        for (Segment seg : segments) {
            long ms = Duration.between(seg.start(), seg.end()).toMillis();
            if (seg.state() == null) {
                unknown += ms;
            } else if (ms > 0) {
                millis.merge(seg.state(), ms, Long::sum);
                if (seg.state() == MachineState.DOWN) {
                    down.merge(seg.reason() == null ? "not known" : seg.reason(), ms, Long::sum);
                }
            }
        }
        List<DeliveryReport.DownTime> downTimes = down.entrySet().stream()
                .map(e -> new DeliveryReport.DownTime(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingLong(DeliveryReport.DownTime::millis).reversed()).toList();
        Map<String, List<String>> jobs = new LinkedHashMap<>();
        seen.forEach((signal, values) -> jobs.put(signal, List.copyOf(values)));
        return new DeliveryReport(reservation, status, start, until, millis, unknown, cycles,
                cavities == null ? null : cycles * cavities, goodParts, badParts, jobs, downTimes);
    }

    /** Whether the machine produced in the time accounted so far: cycles counted, or time spent running. */
    public boolean produced() {
        return cycles > 0 || segments.stream().anyMatch(s -> s.state() == MachineState.RUNNING && s.end().isAfter(s.start()));
    }

    public Snapshot snapshot() {
        Map<String, List<String>> jobs = new LinkedHashMap<>();
        seen.forEach((signal, values) -> jobs.put(signal, List.copyOf(values)));
        return new Snapshot(reservation.id(), segments, cycles, hourCycles, jobs, atRisk, goodParts, badParts,
                hourGoodParts, hourBadParts);
    }

    /** The segments so far, contiguous from the planned start to the cursor. */
    public List<Segment> segments() {
        return List.copyOf(segments);
    }

    private void account(MachineState to, String why, Instant t) {
        Instant until = millis(t);
        if (until.isAfter(end)) {
            until = end;
        }
        if (until.isAfter(cursor())) {
            append(to, why, until);
        }
    }

    /** Extends the last segment when it has the same state and reason, else starts a new one at the cursor. */
    private void append(MachineState to, String why, Instant until) {
        Segment last = segments.get(segments.size() - 1);
        if (last.state() == to && Objects.equals(last.reason(), why) || last.start().equals(last.end())) {
            segments.set(segments.size() - 1, new Segment(last.start(), until, to, why));
        } else {
            segments.add(new Segment(last.end(), until, to, why));
        }
    }

    /** Drops everything accounted from {@code t} on; the cursor is then {@code t}. */
    private void cut(Instant t) {
        while (segments.size() > 1 && !segments.get(segments.size() - 1).start().isBefore(t)) {
            segments.remove(segments.size() - 1);
        }
        Segment last = segments.get(segments.size() - 1);
        if (last.end().isAfter(t)) {
            segments.set(segments.size() - 1, new Segment(last.start(), latest(t, last.start()), last.state(), last.reason()));
        }
    }

    private static Instant latest(Instant a, Instant b) {
        return b == null || a.isAfter(b) ? a : b;
    }

    private static Instant millis(Instant t) {
        return t.truncatedTo(ChronoUnit.MILLIS);
    }
}
