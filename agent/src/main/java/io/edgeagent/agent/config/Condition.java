package io.edgeagent.agent.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The condition of a state rule. Values are {@link Long}, {@link Double}, {@link Boolean} or
 * {@link String}, as written in the file.
 */
public sealed interface Condition {

    /** {@code { signal: execution, eq: 1 }}: the signal's latest value compared with a value. */
    record Compare(String signal, Op op, Object value) implements Condition {

        public Compare {
            Objects.requireNonNull(signal, "signal");
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code { signal: execution, in: [0, 2] }}: the signal's latest value is one of the values. */
    record In(String signal, List<Object> values) implements Condition {

        public In {
            Objects.requireNonNull(signal, "signal");
            values = List.copyOf(values);
        }
    }

    /**
     * {@code { counting: cycle, withinSeconds: 10 }}: the signal counted (pulsed) within the last
     * {@code within}; without {@code withinSeconds}, {@code within} is {@code null} and means
     * {@link #CYCLES} times the expected cycle time (measured from the signal, else the configured nominal).
     */
    record Counting(String signal, Duration within) implements Condition {

        /** How many expected cycle times may pass without a count before the machine stops counting as running. */
        public static final int CYCLES = 3;

        public Counting {
            Objects.requireNonNull(signal, "signal");
        }
    }

    /** {@code { otherwise: true }}: always holds; only sensible for the last state. */
    record Otherwise() implements Condition {
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
}
