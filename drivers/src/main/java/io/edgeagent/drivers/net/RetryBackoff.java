package io.edgeagent.drivers.net;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Delays between attempts to reach a peer that is down, for every client in the code base (each driver, the MQTT
 * uplink): {@code first}, doubling up to {@code max}, each spread by up to ±20 % so that devices that went down
 * together (a switch rebooted) do not retry in lockstep. Not thread-safe: one owner asks it.
 */
public final class RetryBackoff {

    public static final double JITTER = 0.2;
    /** A machine that is down is tried again after a second at first, then at least every half minute. */
    public static final Duration MACHINE_FIRST = Duration.ofSeconds(1);
    public static final Duration MACHINE_MAX = Duration.ofSeconds(30);

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

    /** The back-off a driver uses for its machine. */
    public static RetryBackoff forMachine() {
        return new RetryBackoff(MACHINE_FIRST, MACHINE_MAX, Math::random);
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

    /** The delays without their spread, for a log line: {@code 1-30 s}. */
    public String span() {
        return span(max);
    }

    /** As {@link #span()} for delays cut to {@code longest}. */
    public String span(Duration longest) {
        return seconds(first) + "-" + seconds(longest.compareTo(max) < 0 ? longest : max) + " s";
    }

    private static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString();
    }
}
