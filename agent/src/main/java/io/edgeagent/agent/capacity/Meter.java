package io.edgeagent.agent.capacity;

import io.edgeagent.agent.config.MachineState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One machine's hourly meter: how each local hour was spent (milliseconds per state, and unknown), and the
 * cycles and parts made in it. Plain logic over the times it is given: single-threaded, no clock, no I/O.
 *
 * <p>Buckets are the local hours of the configured zone, on the instant timeline: a bucket runs from the
 * instant its local hour begins to the instant the next one begins, so around a daylight saving change
 * every bucket has its real length. When a local hour repeats (fall back) each one is its own bucket; a
 * local hour that does not exist (spring forward) has none. Times are counted in whole milliseconds.
 *
 * <p>Time is accounted from the cursor to the time given, to the state in force, or as unknown before the
 * first state. So the milliseconds of a bucket always add up to its length, whatever the clock does:
 * <ul>
 * <li>A clock that went back: a time before the cursor is ignored. Buckets are wall-clock hours and the
 * hours behind the cursor are already accounted, so while the clock is behind the cursor nothing is
 * accounted and nothing is closed; states and counts are still taken, and accounting resumes when the
 * clock passes the cursor. No bucket is reopened, overlaps another, or gets a negative time.</li>
 * <li>A clock that jumped forward, or the gap after a restart, is reported with {@link #unknownUntil}: the
 * open bucket is closed with the rest of its time unknown, hours wholly inside the gap are not published
 * at all (nothing was observed in them, and a Raspberry Pi booting at 1970 would otherwise publish half a
 * million empty hours), and the hour the gap ends in starts unknown up to the gap's end. An {@link #advance}
 * across a jump would instead give the whole jump to the state in force.</li>
 * </ul>
 */
public final class Meter {

    /** The signals of the machine's good and bad parts counters, as the euromap77 profile names them. */
    public static final String GOOD_PARTS_SIGNAL = "goodPartsCounter";
    public static final String BAD_PARTS_SIGNAL = "badPartsCounter";

    private static final Duration HOUR = Duration.ofHours(1);
    /** A counter step slower than this was a pause, not a cycle. */
    private static final Duration LONGEST_CYCLE = Duration.ofMinutes(10);
    private static final double CYCLE_ALPHA = 0.2;

    private final String machineId;
    private final ZoneId zone;
    private final Integer cavities;
    private final List<MeterBucket> closedByResume = new ArrayList<>();
    private final EnumMap<MachineState, Long> spent = new EnumMap<>(MachineState.class);
    private TimeSpan bucket;
    private Instant cursor;
    private long unknownMillis;
    private long cycles;
    private MachineState state;
    /** Since when {@code [attributedSince, cursor)} went wholly to {@link #state}: all a change may re-attribute. */
    private Instant attributedSince;
    private CounterSteps cycleCounter = new CounterSteps(null);
    private CounterSteps goodCounter = new CounterSteps(null);
    private CounterSteps badCounter = new CounterSteps(null);
    /** Good and bad parts in the open bucket; {@code null} while the machine never reported that counter. */
    private Long goodParts;
    private Long badParts;
    private Instant lastStepAt;
    private Double cycleSeconds;

    /**
     * A fresh meter at {@code start}; the part of start's hour before it is unknown, and so is the state
     * until the first {@link #onState}.
     *
     * @param cavities parts made per cycle, or {@code null} when not configured (buckets then carry no parts)
     */
    public Meter(String machineId, ZoneId zone, Integer cavities, Instant start) {
        this(machineId, zone, cavities, hourContaining(zone, toMillis(start)), toMillis(start));
        unknownMillis = Duration.between(bucket.start(), cursor).toMillis();
    }

    private Meter(String machineId, ZoneId zone, Integer cavities, TimeSpan bucket, Instant cursor) {
        this.machineId = Objects.requireNonNull(machineId, "machineId");
        this.zone = Objects.requireNonNull(zone, "zone");
        if (cavities != null && cavities < 1) {
            throw new IllegalArgumentException("cavities must be at least 1, not " + cavities);
        }
        this.cavities = cavities;
        this.bucket = bucket;
        this.cursor = cursor;
        this.attributedSince = cursor;
    }

    /**
     * The meter after a restart at {@code now}. The time from the snapshot's cursor to {@code now} is
     * unknown, as for {@link #unknownUntil}: when {@code now} is in a later hour, the snapshot's bucket is
     * closed with an unknown tail and returned by the next {@link #advance} or {@link #unknownUntil}, hours
     * wholly between are not published, and now's hour starts unknown up to {@code now}. A {@code now}
     * before the cursor is a clock that went back across the restart: nothing is accounted until it passes
     * the cursor.
     *
     * <p>The state starts unknown: the machine was not observed across the restart, and the restarted state
     * tracker reports it afresh with the time it began, which re-attributes the time from then. The counter
     * baseline is kept while {@code now} is still in the snapshot's bucket, so cycles made while the agent
     * was down are counted in the hour they were made in; after a later hour they would land in the wrong
     * hour, so the next reading is a new baseline instead.
     */
    public static Meter resume(MeterSnapshot snapshot, ZoneId zone, Integer cavities, Instant now) {
        Meter meter = new Meter(snapshot.machineId(), zone, cavities,
                new TimeSpan(snapshot.bucketStart(), snapshot.bucketEnd()), toMillis(snapshot.cursor()));
        meter.spent.putAll(snapshot.millis());
        meter.unknownMillis = snapshot.unknownMillis();
        meter.cycles = snapshot.cycles();
        meter.cycleSeconds = snapshot.cycleSeconds();
        meter.goodParts = snapshot.goodParts();
        meter.badParts = snapshot.badParts();
        Instant at = toMillis(now);
        if (at.isBefore(meter.bucket.end())) {
            meter.cycleCounter = new CounterSteps(snapshot.lastCounter());
            meter.goodCounter = new CounterSteps(snapshot.lastGoodCounter());
            meter.badCounter = new CounterSteps(snapshot.lastBadCounter());
        }
        meter.closedByResume.addAll(meter.unknownUntil(at));
        return meter;
    }

    public String machineId() {
        return machineId;
    }

    /** Up to when time has been accounted. */
    public Instant cursor() {
        return cursor;
    }

    /**
     * Accounts the time from the cursor to {@code now} to the state in force (unknown before the first
     * state) and returns, in order, every bucket that ended by {@code now}. A {@code now} before the cursor
     * accounts and closes nothing.
     */
    public List<MeterBucket> advance(Instant now) {
        Instant until = toMillis(now);
        List<MeterBucket> closed = takeClosedByResume();
        if (!until.isAfter(cursor)) {
            return List.copyOf(closed);
        }
        while (!until.isBefore(bucket.end())) {
            account(state, bucket.end());
            closed.add(closeAndOpen(hourFrom(zone, bucket.end())));
        }
        account(state, until);
        return List.copyOf(closed);
    }

    /**
     * The time from the cursor to {@code t} was not observed (a forward clock step, the gap after a
     * restart): accounts it as unknown and returns, in order, the buckets it closed. Hours wholly inside the
     * gap are not published. A {@code t} before the cursor accounts and closes nothing.
     */
    public List<MeterBucket> unknownUntil(Instant t) {
        Instant until = toMillis(t);
        List<MeterBucket> closed = takeClosedByResume();
        if (!until.isAfter(cursor)) {
            return List.copyOf(closed);
        }
        if (!until.isBefore(bucket.end())) {
            account(null, bucket.end());
            closed.add(closeAndOpen(hourContaining(zone, until)));
        }
        account(null, until);
        // Unobserved time is never re-attributed to a state reported later.
        attributedSince = cursor;
        return List.copyOf(closed);
    }

    /**
     * The machine is in {@code newState} since {@code since}, reported at {@code now}; call {@link #advance}
     * to {@code now} first. The time already accounted since then is moved from the old state (or unknown)
     * to the new one, but only within the open bucket (closed buckets are published and never change) and
     * never before the previous state took over or before unobserved time. Nothing is moved when
     * {@code since} is after the cursor, or when {@code now} is before it: then the clock is behind, and
     * {@code since} is on a timeline already accounted.
     */
    public void onState(MachineState newState, Instant since, Instant now) {
        Objects.requireNonNull(newState, "state");
        if (newState == state) {
            return;
        }
        Instant from = latest(latest(toMillis(since), attributedSince), bucket.start());
        if (!toMillis(now).isBefore(cursor) && from.isBefore(cursor)) {
            long moved = Duration.between(from, cursor).toMillis();
            add(state, -moved);
            add(newState, moved);
            attributedSince = from;
        } else {
            attributedSince = cursor;
        }
        state = newState;
    }

    /**
     * The machine's cycle counter read {@code value} at {@code now}; the cycles go to the open bucket, so
     * call {@link #advance} to {@code now} first. Resets count as {@link CounterSteps} says.
     *
     * @return the cycles this reading counted
     */
    public long onCounter(long value, Instant now) {
        Objects.requireNonNull(now, "now");
        Long before = cycleCounter.last();
        long made = cycleCounter.next(value);
        if (made > 0) {
            cycles += made;
            if (before != null && value == before + 1 && lastStepAt != null) {
                sample(Duration.between(lastStepAt, now));
            }
            lastStepAt = now;
        } else if (before != null && value < before) {
            // The moment of a reset to zero is not the end of a cycle.
            lastStepAt = null;
        }
        return made;
    }

    /**
     * The machine's good parts counter ({@code goodPartsCounter}, EUROMAP 77 JobGoodPartsCounter) read
     * {@code value}; counted into the open bucket like the cycle counter, so call {@link #advance} first.
     * From the first reading on, every bucket carries good parts (zero when none were made).
     *
     * @return the good parts this reading counted
     */
    public long onGoodParts(long value) {
        long made = goodCounter.next(value);
        goodParts = (goodParts == null ? 0 : goodParts) + made;
        return made;
    }

    /** As {@link #onGoodParts}, for the bad parts counter ({@code badPartsCounter}, JobBadPartsCounter). */
    public long onBadParts(long value) {
        long made = badCounter.next(value);
        badParts = (badParts == null ? 0 : badParts) + made;
        return made;
    }

    /** Whether the machine reported a good parts counter since this meter started, and so has good parts. */
    public boolean reportsGoodParts() {
        return goodParts != null;
    }

    /** As {@link #reportsGoodParts}, for bad parts. */
    public boolean reportsBadParts() {
        return badParts != null;
    }

    /** The connection to the machine dropped: the counters may have moved or reset unseen. */
    public void counterLost() {
        cycleCounter.lost();
        goodCounter.lost();
        badCounter.lost();
        lastStepAt = null;
    }

    /**
     * The exponentially weighted mean (alpha 0.2) of the intervals between two single-step advances of the
     * counter both seen, leaving out intervals over ten minutes; empty until the first such interval.
     */
    public OptionalDouble measuredCycleSeconds() {
        return cycleSeconds == null ? OptionalDouble.empty() : OptionalDouble.of(cycleSeconds);
    }

    /**
     * The open bucket and counter state, to {@link #resume} from after a restart.
     *
     * @throws IllegalStateException while a bucket closed by {@link #resume} has not been returned yet: it is
     *                               in no snapshot, so resuming from this one would lose it
     */
    public MeterSnapshot snapshot() {
        if (!closedByResume.isEmpty()) {
            throw new IllegalStateException("take the bucket closed at resume (advance) before a snapshot of "
                    + machineId);
        }
        return new MeterSnapshot(machineId, bucket.start(), bucket.end(), cursor, spent, unknownMillis, cycles,
                cycleCounter.last(), cycleSeconds, goodParts, goodCounter.last(), badParts, badCounter.last());
    }

    private void sample(Duration interval) {
        if (interval.isNegative() || interval.isZero() || interval.compareTo(LONGEST_CYCLE) > 0) {
            return;
        }
        double seconds = interval.toNanos() / 1e9;
        cycleSeconds = cycleSeconds == null ? seconds : cycleSeconds + CYCLE_ALPHA * (seconds - cycleSeconds);
    }

    private List<MeterBucket> takeClosedByResume() {
        List<MeterBucket> closed = new ArrayList<>(closedByResume);
        closedByResume.clear();
        return closed;
    }

    private void account(MachineState to, Instant until) {
        add(to, Duration.between(cursor, until).toMillis());
        cursor = until;
    }

    private void add(MachineState to, long ms) {
        if (to == null) {
            unknownMillis += ms;
        } else if (spent.merge(to, ms, Long::sum) == 0) {
            spent.remove(to);
        }
    }

    private MeterBucket closeAndOpen(TimeSpan next) {
        MeterBucket done = new MeterBucket(machineId, bucket.start(), bucket.end(), spent, unknownMillis, cycles,
                cavities == null ? null : cycles * cavities, goodParts, badParts);
        bucket = next;
        cursor = next.start();
        spent.clear();
        unknownMillis = 0;
        cycles = 0;
        // A counter once reported stays reported: an hour without parts made carries zero, not null.
        goodParts = goodParts == null ? null : 0L;
        badParts = badParts == null ? null : 0L;
        return done;
    }

    /** The bucket holding {@code t}: usually its local hour, but see {@link #hourFrom}. */
    private static TimeSpan hourContaining(ZoneId zone, Instant t) {
        TimeSpan hour = hourFrom(zone, localHourStart(zone, t));
        while (!t.isBefore(hour.end())) {
            hour = hourFrom(zone, hour.end());
        }
        return hour;
    }

    /**
     * The bucket from {@code start} to the next local hour's start. Never longer than an hour: where an
     * offset change is not a whole hour (Lord Howe's half hour), or a resumed bucket came from another zone,
     * the next local hour's start can fall before or at {@code start}, and the bucket ends an hour on.
     */
    private static TimeSpan hourFrom(ZoneId zone, Instant start) {
        Instant later = start.plus(HOUR);
        Instant next = localHourStart(zone, later);
        return new TimeSpan(start, next.isAfter(start) ? next : later);
    }

    private static Instant localHourStart(ZoneId zone, Instant t) {
        return t.atZone(zone).truncatedTo(ChronoUnit.HOURS).toInstant();
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant toMillis(Instant t) {
        return t.truncatedTo(ChronoUnit.MILLIS);
    }
}
