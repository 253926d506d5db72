package io.edgeagent.agent.state;

import io.edgeagent.agent.config.Condition;

/**
 * Comparisons between a signal's value and a value written in the config. Numbers compare by value
 * whatever their type (a register read as 1 equals a YAML 1.0); other types only equal themselves.
 */
final class Values {

    private Values() {
    }

    static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue()) == 0;
        }
        return a.equals(b);
    }

    static boolean compare(Object actual, Condition.Op op, Object expected) {
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
