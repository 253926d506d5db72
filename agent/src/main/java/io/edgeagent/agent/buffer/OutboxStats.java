package io.edgeagent.agent.buffer;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What the outbox holds now.
 *
 * @param events      committed event rows not yet acknowledged
 * @param telemetry   committed telemetry rows not yet sent
 * @param lastSeq     the last sequence number handed out
 * @param quarantined the unreadable buffer file moved aside at start, if any
 */
public record OutboxStats(long events, long telemetry, long lastSeq, Optional<Path> quarantined) {
}
