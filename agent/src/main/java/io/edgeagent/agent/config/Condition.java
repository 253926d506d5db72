package io.edgeagent.agent.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The condition of a state rule. Values are {@link Long}, {@link Double}, {@link Boolean} or
 * {@link String}, as written in the file.
 */
public sealed interface Condition {

    /** This condition and, for {@link All} and {@link Any}, every condition inside it at any depth, depth first. */
    default Stream<Condition> tree() {
        return Stream.of(this);
    }

    /**
     * The signals whose values decide whether this condition holds, at any depth: those it compares or counts. A
     * counting rule's {@code cycleTime} only sets its window, with a fallback, so it is not one. What IDLE rests on
     * (it must read GOOD and fresh) is this over the rules; abstract so that a new form of condition says it too.
     */
    Stream<String> decidingSignals();

    /** {@code { signal: execution, eq: 1 }}: the signal's latest value compared with a value. */
    record Compare(String signal, Op op, Object value) implements Condition {

        public Compare {
            Objects.requireNonNull(signal, "signal");
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public Stream<String> decidingSignals() {
            return Stream.of(signal);
        }
    }

    /** {@code { signal: execution, in: [0, 2] }}: the signal's latest value is one of the values. */
    record In(String signal, List<Object> values) implements Condition {

        public In {
            Objects.requireNonNull(signal, "signal");
            values = List.copyOf(values);
        }

        @Override
        public Stream<String> decidingSignals() {
            return Stream.of(signal);
        }
    }

    /**
     * {@code { counting: cycle, withinSeconds: 10 }}: the signal counted (pulsed) within the last
     * {@code within}. Without {@code withinSeconds}, {@code within} is {@code null} and the window is
     * {@link #CYCLES} times the expected cycle time: the current value in seconds of the signal
     * {@code cycleTime} ({@code { counting: cycleCounter, cycleTime: expectedCycleTime }}) while it has a
     * good positive one, else the cycle time measured from the counted signal, else the configured nominal.
     *
     * @param signal    the counting signal
     * @param within    the fixed window, or {@code null}
     * @param cycleTime the signal giving the expected cycle time in seconds, or {@code null}; never with {@code within}
     */
    record Counting(String signal, Duration within, String cycleTime) implements Condition {

        /** How many expected cycle times may pass without a count before the machine stops counting as running. */
        public static final int CYCLES = 3;

        public Counting {
            Objects.requireNonNull(signal, "signal");
            if (within != null && cycleTime != null) {
                throw new IllegalArgumentException("a counting window is either fixed or cycle times, not both");
            }
        }

        /** A fixed window ({@code within}), or {@code null} for {@link #CYCLES} measured or nominal cycle times. */
        public Counting(String signal, Duration within) {
            this(signal, within, null);
        }

        /**
         * Whether only a measured or the configured nominal cycle time can give the window: no
         * {@code withinSeconds} and no {@code cycleTime} signal, so until a cycle is measured the machine
         * needs {@code cycle.nominalSeconds}.
         */
        public boolean needsNominalCycle() {
            return within == null && cycleTime == null;
        }

        @Override
        public Stream<String> decidingSignals() {
            return Stream.of(signal);
        }
    }

    /**
     * {@code { alarm: { minSeverity: 700 } }}: the machine has an active alarm of at least this severity (1 to 1000,
     * OPC 10000-5's scale), an OPC UA condition or a code or bit mapped to a text in the config.
     */
    record ActiveAlarm(int minSeverity) implements Condition {

        public ActiveAlarm {
            if (minSeverity < 1 || minSeverity > 1000) {
                throw new IllegalArgumentException("minSeverity " + minSeverity + " is outside 1..1000");
            }
        }

        @Override
        public Stream<String> decidingSignals() {
            return Stream.empty();
        }
    }

    /** {@code { all: [ ... ] }}: every condition of the list holds. */
    record All(List<Condition> conditions) implements Condition {

        public All {
            conditions = composed(conditions, "all");
        }

        @Override
        public Stream<Condition> tree() {
            return Stream.concat(Stream.of(this), conditions.stream().flatMap(Condition::tree));
        }

        @Override
        public Stream<String> decidingSignals() {
            return conditions.stream().flatMap(Condition::decidingSignals);
        }
    }

    /** {@code { any: [ ... ] }}: at least one condition of the list holds. */
    record Any(List<Condition> conditions) implements Condition {

        public Any {
            conditions = composed(conditions, "any");
        }

        @Override
        public Stream<Condition> tree() {
            return Stream.concat(Stream.of(this), conditions.stream().flatMap(Condition::tree));
        }

        @Override
        public Stream<String> decidingSignals() {
            return conditions.stream().flatMap(Condition::decidingSignals);
        }
    }

    /** {@code { otherwise: true }}: always holds; only sensible for the last state, never inside all or any. */
    record Otherwise() implements Condition {

        @Override
        public Stream<String> decidingSignals() {
            return Stream.empty();
        }
    }

    /** Comparison operators; {@link #key()} is the key in the file. */
    enum Op {
        EQ, NE, GT, GE, LT, LE;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether the operator needs a number (an ordering) rather than any value. */
        public boolean ordering() {
            return this != EQ && this != NE;
        }
    }

    // An empty all would always hold and an empty any never; otherwise inside either says nothing or hides the rest.
    private static List<Condition> composed(List<Condition> conditions, String key) {
        List<Condition> copy = List.copyOf(conditions);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException(key + " needs at least one condition");
        }
        if (copy.stream().anyMatch(Otherwise.class::isInstance)) {
            throw new IllegalArgumentException("otherwise does not belong inside " + key);
        }
        return copy;
    }
}
