package io.edgeagent.agent.capacity;

/**
 * The steps of one machine counter that counts up and resets to zero (cycles, good parts, bad parts): the
 * one place that decides what a reading counted. The first reading (after start or {@link #lost}) is only a
 * baseline. A decrease is a reset (new job, machine restart) that counted up from zero, so its value is
 * what was made; a negative value counts nothing.
 */
final class CounterSteps {

    private Long last;

    /** @param last the counter's last reading, or {@code null} when there is no baseline */
    CounterSteps(Long last) {
        this.last = last;
    }

    /** @return what the reading {@code value} counted since the last one, never negative */
    long next(long value) {
        long made = last == null ? 0 : value >= last ? value - last : value;
        last = value;
        return Math.max(0, made);
    }

    /** The connection to the machine dropped: the counter may have moved or reset unseen. */
    void lost() {
        last = null;
    }

    /** The last reading, or {@code null} when there is no baseline. */
    Long last() {
        return last;
    }
}
