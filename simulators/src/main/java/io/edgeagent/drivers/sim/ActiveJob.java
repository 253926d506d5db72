package io.edgeagent.drivers.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * The job a simulated injection-moulding machine runs from start to stop, EUROMAP 77's {@code Jobs/ActiveJob}.
 *
 * @param name      JobName
 * @param mouldId   MouldId
 * @param cycleTime the nominal cycle time, ExpectedCycleTime
 * @param cavities  parts per cycle, NumCavities
 */
record ActiveJob(String name, String mouldId, Duration cycleTime, int cavities) {

    ActiveJob {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mouldId, "mouldId");
        Objects.requireNonNull(cycleTime, "cycleTime");
        if (cavities < 1) {
            throw new IllegalArgumentException("cavities must be at least 1, was " + cavities);
        }
    }
}
