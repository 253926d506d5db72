package io.edgeagent.agent.state;

import io.edgeagent.agent.config.Condition;
import io.edgeagent.agent.config.SignalKind;
import java.util.Objects;

/**
 * Comparisons between a signal's value and a value written in the config. Numbers compare by value
 * whatever their type (a register read as 1 equals a YAML 1.0); other types only equal themselves. Values of
 * different kinds (text and a number) do not compare at all: no operator holds for them, {@code ne} included,
 * since "the text is not 0" is true of every text and would decide a state from nothing.
 */
final class Values {

    private Values() {
    }

    /** Whether a rule can compare the two: both numbers, both booleans or both text. */
    static boolean comparable(Object a, Object b) {
        return SignalKind.of(a).isPresent() && Objects.equals(SignalKind.of(a), SignalKind.of(b));
    }

    static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue()) == 0;
        }
        return a.equals(b);
    }

    /** False whenever the two are not {@link #comparable}, whatever the operator. */
    static boolean compare(Object actual, Condition.Op op, Object expected) {
        if (!comparable(actual, expected)) {
            return false;
        }
        return switch (op) {
            case EQ -> same(actual, expected);
            case NE -> !same(actual, expected);
            case GT, GE, LT, LE -> actual instanceof Number a && expected instanceof Number e && order(op,
                    Double.compare(a.doubleValue(), e.doubleValue()));
        };
    }

    private static boolean order(Condition.Op op, int cmp) {
        return switch (op) {
            case GT -> cmp > 0;
            case GE -> cmp >= 0;
            case LT -> cmp < 0;
            case LE -> cmp <= 0;
            default -> throw new IllegalArgumentException(op.name());
        };
    }
}
