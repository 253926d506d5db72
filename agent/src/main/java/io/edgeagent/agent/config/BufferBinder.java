package io.edgeagent.agent.config;

import java.time.Duration;
import java.util.Optional;

/** Binds {@code buffer:}: the disk budget, the age limit of telemetry and the commit cadence. */
final class BufferBinder {

    /** A year: an outage longer than that is not buffered against, and a typo of 87600 is caught. */
    private static final int MAX_AGE_HOURS = 8760;

    private BufferBinder() {
    }

    static Optional<BufferConfig> bind(YamlValue value) {
        return value.map("maxDiskMb", "maxAgeHours", "commitMs").flatMap(BufferBinder::bind);
    }

    private static Optional<BufferConfig> bind(YamlMap map) {
        Problems problems = map.context().problems();
        int before = problems.count();
        Optional<Integer> maxDiskMb = map.read("maxDiskMb", v -> v.wholeInt(16, Integer.MAX_VALUE, "megabytes"),
                BufferConfig.DEFAULT.maxDiskMb());
        Optional<Optional<Duration>> maxAge = map.read("maxAgeHours",
                v -> v.whole(1, MAX_AGE_HOURS, "hours").map(hours -> Optional.of(Duration.ofHours(hours))),
                BufferConfig.DEFAULT.maxAge());
        Optional<Long> commitMs = map.read("commitMs", v -> v.whole(50, 10_000, "milliseconds"),
                BufferConfig.DEFAULT.commitInterval().toMillis());
        return problems.ifNoneSince(before, () -> new BufferConfig(maxDiskMb.orElseThrow(), maxAge.orElseThrow(),
                Duration.ofMillis(commitMs.orElseThrow())));
    }
}
