package io.edgeagent.drivers.modbus;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Decides whether a signal's newly read value is worth a reading: the first one, any change of quality or detail,
 * a change of value (for numbers: by at least the deadband, compared with the last <em>reported</em> value so that a
 * slow drift is reported once it adds up), and anything once {@code keepAlive} has passed since the last report.
 * Used by the device's polls, one at a time.
 */
final class ChangeFilter {

    private final double deadband;
    private final Duration keepAlive;
    private Sample reported;
    private Instant reportedAt;

    ChangeFilter(double deadband, Duration keepAlive) {
        this.deadband = deadband;
        this.keepAlive = keepAlive;
    }

    /** True, and remembered as reported, when the sample should be delivered. */
    boolean accept(Sample sample, Instant now) {
        if (reported != null
                && sample.quality() == reported.quality()
                && Objects.equals(sample.detail(), reported.detail())
                && !changed(reported.value(), sample.value())
                && !keepAliveDue(now)) {
            return false;
        }
        reported = sample;
        reportedAt = now;
        return true;
    }

    private boolean keepAliveDue(Instant now) {
        // A clock stepped back (NTP) must not silence the signal until it catches up.
        return now.isBefore(reportedAt) || !now.isBefore(reportedAt.plus(keepAlive));
    }

    private boolean changed(Object before, Object now) {
        if (deadband == 0 || !(before instanceof Number a) || !(now instanceof Number b)
                || before.getClass() != now.getClass()) {
            return !Objects.equals(before, now);
        }
        return difference(a, b) >= deadband;
    }

    private static double difference(Number a, Number b) {
        if (a instanceof Long x && b instanceof Long y) {
            try {
                return Math.abs((double) Math.subtractExact(x, y));
            } catch (ArithmeticException overflow) {
                return Double.POSITIVE_INFINITY;
            }
        }
        return Math.abs(a.doubleValue() - b.doubleValue());
    }
}
