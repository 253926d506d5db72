package io.edgeagent.agent.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Pattern;

/** Reads scalars the way the YAML 1.2 core schema wrote them (signs, {@code 0x}, {@code 0o}, {@code .inf}). */
final class Scalars {

    private static final Pattern NUMBER_OR_BOOL =
            Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?|true|false|True|False|TRUE|FALSE");

    private Scalars() {
    }

    /** A scalar the core schema resolved as an integer. */
    static BigInteger integer(String text) {
        boolean negative = text.startsWith("-");
        String digits = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
        BigInteger value;
        if (digits.startsWith("0x")) {
            value = new BigInteger(digits.substring(2), 16);
        } else if (digits.startsWith("0o")) {
            value = new BigInteger(digits.substring(2), 8);
        } else {
            value = new BigInteger(digits);
        }
        return negative ? value.negate() : value;
    }

    /** A scalar the core schema resolved as an integer or a float. */
    static Double decimal(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".nan")) {
            return Double.NaN;
        }
        if (lower.endsWith(".inf")) {
            return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        String unsigned = lower.startsWith("-") || lower.startsWith("+") ? lower.substring(1) : lower;
        if (unsigned.startsWith("0x") || unsigned.startsWith("0o")) {
            return integer(text).doubleValue();
        }
        return Double.parseDouble(text);
    }

    /** {@code 0} rather than {@code 0.0}, for messages. */
    static String plainNumber(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** Whether quoted text would have been a number or a boolean without its quotes. */
    static boolean looksLikeNumberOrBool(String text) {
        return NUMBER_OR_BOOL.matcher(text.strip()).matches();
    }
}
