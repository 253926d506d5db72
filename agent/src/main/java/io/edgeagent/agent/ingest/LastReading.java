package io.edgeagent.agent.ingest;

import io.edgeagent.drivers.Reading;
import java.time.Instant;
import java.util.Objects;

/**
 * The latest reading of one signal and when it reached the agent: the gap between the two shows a machine
 * whose clock is off, or a driver that delivers late.
 *
 * @param reading the reading as the driver gave it
 * @param arrived when ingest took it
 */
public record LastReading(Reading reading, Instant arrived) {

    public LastReading {
        Objects.requireNonNull(reading, "reading");
        Objects.requireNonNull(arrived, "arrived");
    }
}
