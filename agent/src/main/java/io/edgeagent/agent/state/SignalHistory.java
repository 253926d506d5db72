package io.edgeagent.agent.state;

import io.edgeagent.agent.config.Condition;
import io.edgeagent.drivers.Quality;
import io.edgeagent.drivers.Reading;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * What the state of one machine is worked out from: the latest good value of each signal, when each last
 * changed, and the cycle time learned from those changes (the measured cycle time of a counter). Plain state
 * over values and the times it is given.
 */
final class SignalHistory {

    private static final long MAX_CYCLE_SECONDS = Duration.ofMinutes(10).toSeconds();
    private static final long NANOS_PER_MILLI = 1_000_000;

    private final Double nominalCycleSeconds;
    /** Per counted signal, the signal giving its expected cycle time (a counting rule's {@code cycleTime}). */
    private final Map<String, String> cycleTimeSignals;
    /** The latest good value of each signal that has one. */
    private final Map<String, Object> values = new HashMap<>();
    /**
     * Per signal, the rest of what its readings left: one slot, updated in place, so that a fleet's readings (tens of
     * thousands a second) allocate nothing here once each signal has reported.
     */
    private final Map<String, Slot> slots = new HashMap<>();
    /** The machine's active alarms: kept through a disconnect, which says nothing of whether they ended. */
    private final AlarmBoard alarms = new AlarmBoard();

    /**
     * @param nominalCycleSeconds the configured cycle time, or {@code null}
     * @param cycleTimeSignals    per counted signal, the signal whose value is its expected cycle time in seconds
     */
    SignalHistory(Double nominalCycleSeconds, Map<String, String> cycleTimeSignals) {
        this.nominalCycleSeconds = nominalCycleSeconds;
        this.cycleTimeSignals = Map.copyOf(cycleTimeSignals);
    }

    /** Takes a reading that arrived at {@code nanos} (monotonic); a value that is not good counts as unknown. */
    void take(Reading reading, long nanos) {
        Slot slot = slots.computeIfAbsent(reading.signal(), signal -> new Slot());
        slot.seen(reading, nanos);
        Object value = reading.isGood() ? reading.value() : null;
        Object before = value == null ? values.remove(reading.signal()) : values.put(reading.signal(), value);
        if (before != null && value != null && !Values.same(before, value)) {
            if (slot.changed) {
                learnInterval(reading.signal(), slot, nanos - slot.lastChange);
            }
            slot.changed = true;
            slot.lastChange = nanos;
        }
    }

    AlarmBoard alarms() {
        return alarms;
    }

    /** Values from a lost connection say nothing about the machine when it comes back; learned cycle times do. */
    void forget() {
        values.clear();
        slots.values().forEach(Slot::forget);
    }

    /** The latest good value of {@code signal}, or {@code null}. */
    Object value(String signal) {
        return values.get(signal);
    }

    /** The last reading of {@code signal} since the driver connected, good or not, or {@code null}. */
    LastSeen lastSeen(String signal) {
        Slot slot = slots.get(signal);
        return slot == null || slot.quality == null ? null : new LastSeen(slot.quality, slot.detail, slot.seenNanos);
    }

    /** Whether no reading, good or not, has come since the driver connected. */
    boolean noneSeen() {
        for (Slot slot : slots.values()) {
            if (slot.quality != null) {
                return false;
            }
        }
        return true;
    }

    /** The good values, by signal. */
    Map<String, Object> values() {
        return Collections.unmodifiableMap(values);
    }

    /** When {@code signal} last changed from one good value to another, in monotonic nanoseconds, or {@code null}. */
    Long lastChange(String signal) {
        Slot slot = slots.get(signal);
        return slot == null || !slot.changed ? null : slot.lastChange;
    }

    /** How long after its last count a counting rule still holds now, and why that long. */
    CountingWindow window(Condition.Counting counting) {
        if (counting.within() != null) {
            return new CountingWindow(counting.within(), "");
        }
        String cycles = Condition.Counting.CYCLES + " cycle times";
        String cycleTime = counting.cycleTime();
        if (cycleTime != null) {
            Double expected = secondsOf(cycleTime);
            if (expected != null) {
                return new CountingWindow(cycles(expected), cycles + " of " + cycleTime + "=" + value(cycleTime));
            }
        }
        String missing = cycleTime == null ? ""
                : value(cycleTime) == null ? "no good value of " + cycleTime
                : cycleTime + "=" + value(cycleTime) + " is not a cycle time";
        Double fallback = measuredOr(counting.signal(), nominalCycleSeconds);
        if (fallback == null) {
            return new CountingWindow(null, (missing.isEmpty() ? "" : missing + ", and ")
                    + "no cycle time measured or configured yet");
        }
        return new CountingWindow(cycles(fallback), cycles + (missing.isEmpty() ? "" : "; " + missing));
    }

    /** The good positive number of seconds {@code signal} holds, or {@code null}. */
    private Double secondsOf(String signal) {
        return value(signal) instanceof Number n && n.doubleValue() > 0 && Double.isFinite(n.doubleValue())
                ? n.doubleValue() : null;
    }

    private static Duration cycles(double cycleSeconds) {
        return Duration.ofMillis(Math.round(cycleSeconds * 1000 * Condition.Counting.CYCLES));
    }

    /**
     * An interval longer than {@link Condition.Counting#CYCLES} expected cycles (or ten minutes) is a pause
     * between runs, not a cycle, and would stretch the running window after every break; the smoothing (a
     * new interval weighs 0.2) keeps one slow cycle from stopping the machine counting as running. The
     * expected cycle is the machine's own word for it (a {@code cycleTime} signal) while it has one, else
     * what was measured, else the nominal one.
     */
    private void learnInterval(String signal, Slot slot, long intervalNanos) {
        // Whole milliseconds, as Duration.toMillis gives them: the smoothing has always worked on those.
        double seconds = Math.floorDiv(intervalNanos, NANOS_PER_MILLI) / 1000.0;
        String cycleTime = cycleTimeSignals.get(signal);
        Double announced = cycleTime == null ? null : secondsOf(cycleTime);
        Double expected = announced != null ? announced : measuredOr(signal, nominalCycleSeconds);
        if (seconds <= 0 || seconds > MAX_CYCLE_SECONDS
                || (expected != null && seconds > expected * Condition.Counting.CYCLES)) {
            return;
        }
        slot.intervalSeconds = slot.learned ? slot.intervalSeconds + 0.2 * (seconds - slot.intervalSeconds) : seconds;
        slot.learned = true;
    }

    /** The smoothed time between the changes of {@code signal}, or {@code otherwise} while none was measured. */
    private Double measuredOr(String signal, Double otherwise) {
        Slot slot = slots.get(signal);
        if (slot == null || !slot.learned) {
            return otherwise;
        }
        return slot.intervalSeconds;
    }

    /**
     * One signal's last reading (good or not), its last change and its learned cycle time. A disconnect forgets the
     * first two, not the third: learned cycle times say something about the machine when it comes back.
     */
    private static final class Slot {
        /** {@code null} while no reading came since the driver connected. */
        private Quality quality;
        private String detail;
        private long seenNanos;
        /** Whether {@link #lastChange} holds a change from one good value to another. */
        private boolean changed;
        private long lastChange;
        private boolean learned;
        private double intervalSeconds;

        void seen(Reading reading, long nanos) {
            quality = reading.quality();
            detail = reading.detail();
            seenNanos = nanos;
        }

        void forget() {
            quality = null;
            detail = null;
            changed = false;
        }
    }

    /**
     * A signal's last reading.
     *
     * @param quality as the driver gave it
     * @param detail  the driver's word for a quality that is not good, or {@code null}
     * @param nanos   when it arrived, on the monotonic clock
     */
    record LastSeen(Quality quality, String detail, long nanos) {
    }

    /**
     * @param length how long after the last count the rule holds, or {@code null} while no cycle time is known
     * @param basis  for a person, where the length comes from ({@code 3 cycle times of expectedCycleTime=32}),
     *               empty for a fixed window; while no length is known, why not
     */
    record CountingWindow(Duration length, String basis) {
    }
}
