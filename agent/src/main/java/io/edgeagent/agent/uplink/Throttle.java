package io.edgeagent.agent.uplink;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A token bucket for the backlog after an outage: at most {@code perSecond} replayed messages a second, with
 * a burst of one second's worth, so a day of buffered telemetry does not flood a thin uplink while live data
 * is waiting. Runs on monotonic time: the wall clock may step. Single-threaded (the uplink's thread).
 */
final class Throttle {

    private final double perSecond;
    private final LongSupplier nanos;
    private double tokens;
    private long last;

    /** @param perSecond messages a second; 0 or less for no limit */
    Throttle(double perSecond, LongSupplier nanos) {
        this.perSecond = perSecond;
        this.nanos = nanos;
        this.tokens = perSecond;
        this.last = nanos.getAsLong();
    }

    boolean available() {
        if (perSecond <= 0) {
            return true;
        }
        long now = nanos.getAsLong();
        tokens = Math.min(perSecond, tokens + (now - last) / 1e9 * perSecond);
        last = now;
        return tokens >= 1;
    }

    void take() {
        if (perSecond > 0) {
            tokens -= 1;
        }
    }

    /** How long until the next token, at least a millisecond. */
    Duration untilNext() {
        double missing = Math.max(0, 1 - tokens);
        return Duration.ofNanos(Math.max(1_000_000L, (long) (missing / perSecond * 1e9)));
    }
}
