package io.edgeagent.agent.config;

import java.util.Optional;

/**
 * The kind of value a signal carries, as far as a state rule cares: a rule can only compare a value with one of
 * the same kind. Numbers of any width compare with each other (a register read as 1 equals a YAML 1.0).
 */
public enum SignalKind {
    NUMBER("a number"),
    BOOLEAN("true or false"),
    TEXT("text");

    /** Made once: state rules ask for the kinds of values on every evaluation of every machine. */
    private static final Optional<SignalKind> A_NUMBER = Optional.of(NUMBER);
    private static final Optional<SignalKind> A_BOOLEAN = Optional.of(BOOLEAN);
    private static final Optional<SignalKind> A_TEXT = Optional.of(TEXT);

    private final String noun;

    SignalKind(String noun) {
        this.noun = noun;
    }

    /** For a person: {@code a number}, {@code true or false}, {@code text}. */
    public String noun() {
        return noun;
    }

    /** The kind of a reading's or a rule's value ({@link Long}, {@link Double}, {@link Boolean}, {@link String}). */
    public static Optional<SignalKind> of(Object value) {
        if (value instanceof Number) {
            return A_NUMBER;
        }
        if (value instanceof Boolean) {
            return A_BOOLEAN;
        }
        if (value instanceof String) {
            return A_TEXT;
        }
        return Optional.empty();
    }
}
