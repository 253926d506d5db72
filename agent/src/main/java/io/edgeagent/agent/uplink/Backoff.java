package io.edgeagent.agent.uplink;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off with full jitter, so a fleet of gateways that lost the same broker does not come
 * back in lockstep.
 */
final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final RandomGenerator random;
    private Duration current;

    Backoff(Duration initial, Duration max, RandomGenerator random) {
        this.initial = initial;
        this.max = max;
        this.random = random;
        this.current = initial;
    }

    /** The next wait: a random time between half and all of the current step, which then doubles. */
    Duration next() {
        long ceiling = current.toMillis();
        long wait = ceiling / 2 + random.nextLong(ceiling / 2 + 1);
        current = current.multipliedBy(2).compareTo(max) > 0 ? max : current.multipliedBy(2);
        return Duration.ofMillis(wait);
    }

    void reset() {
        current = initial;
    }
}
