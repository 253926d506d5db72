package io.edgeagent.agent.ingest;

import io.edgeagent.drivers.Reading;
import java.time.Instant;

/**
 * Sees every reading ingest takes, on the ingest thread, right after it was processed. It must return at
 * once and never block: every machine's state and telemetry wait while it runs.
 */
@FunctionalInterface
public interface ReadingListener {

    void onReading(Reading reading, Instant arrived);
}
