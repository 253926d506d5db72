package io.edgeagent.agent.feed.json;

/**
 * Whole seconds from milliseconds, keeping a total: the largest-remainder method. Rounding each part on its
 * own can lose or invent a second; this never does.
 */
final class Seconds {

    private Seconds() {
    }

    /** A length in milliseconds rounded to whole seconds, half up: the total {@link #apportion} can keep. */
    static long rounded(long millis) {
        return (millis + 500) / 1000;
    }

    /**
     * Splits {@code totalSeconds} over the parts in proportion to {@code millis}, whose sum must be
     * {@code totalSeconds * 1000}: every part gets its whole seconds, and the seconds left over go to the
     * parts with the largest fractions (ties to the earlier part). The sum may also be any length that
     * rounds to {@code totalSeconds} ({@link #rounded}): then at most one second per part is added, or none.
     */
    static long[] apportion(long[] millis, long totalSeconds) {
        long[] out = new long[millis.length];
        long[] rest = new long[millis.length];
        long given = 0;
        for (int i = 0; i < millis.length; i++) {
            out[i] = millis[i] / 1000;
            rest[i] = millis[i] % 1000;
            given += out[i];
        }
        for (long left = totalSeconds - given; left > 0; left--) {
            int best = 0;
            for (int i = 1; i < rest.length; i++) {
                if (rest[i] > rest[best]) {
                    best = i;
                }
            }
            out[best]++;
            rest[best] = -1;
        }
        return out;
    }
}
