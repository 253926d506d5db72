package io.edgeagent.drivers.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {

    @Test
    void doublesUpToTheMaximumAndStartsOverAfterAReset() {
        RetryBackoff backoff = new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(5), () -> 0.5);

        assertEquals(List.of(1L, 2L, 4L, 5L, 5L), Stream.generate(backoff::next).limit(5).map(Duration::toSeconds)
                .toList());
        backoff.reset();
        assertEquals(Duration.ofSeconds(1), backoff.next());
    }

    @Test
    void jitterSpreadsEachDelayByUpToTwentyPercent() {
        RetryBackoff low = new RetryBackoff(Duration.ofSeconds(10), Duration.ofSeconds(10), () -> 0.0);
        RetryBackoff high = new RetryBackoff(Duration.ofSeconds(10), Duration.ofSeconds(10), () -> 0.999_999);

        assertEquals(Duration.ofSeconds(8), low.next());
        assertEquals(12_000, high.next().toMillis(), 1);
    }

    @Test
    void spansItsDelaysForALogLine() {
        RetryBackoff backoff = new RetryBackoff(Duration.ofMillis(50), Duration.ofSeconds(30), () -> 0.5);

        assertEquals("0.05-30 s", backoff.span());
        assertEquals("0.05-5 s", backoff.span(Duration.ofSeconds(5)));
        assertEquals("1-30 s", RetryBackoff.forMachine().span(Duration.ofMinutes(1)));
    }
}
