package io.edgeagent.drivers;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Delays between attempts to reach a machine that is down, for every driver: {@code first}, doubling up to {@code max}, each spread by
 * up to ±20 % so that devices that went down together (a switch rebooted) do not retry in lockstep.
 */
public final class RetryBackoff {

    public static final double JITTER = 0.2;

    private final Duration first;
    private final Duration max;
    private final DoubleSupplier random;
    private Duration next;

    /**
     * @param random uniform in [0, 1)
     */
    public RetryBackoff(Duration first, Duration max, DoubleSupplier random) {
        this.first = first;
        this.max = max;
        this.random = random;
        this.next = first;
    }

    public Duration next() {
        Duration base = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        double factor = 1 - JITTER + 2 * JITTER * random.getAsDouble();
        return Duration.ofNanos((long) (base.toNanos() * factor));
    }

    public void reset() {
        next = first;
    }
}
