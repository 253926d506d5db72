package io.edgeagent.agent.buffer;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What the outbox holds now, and what it had to drop.
 *
 * @param events           committed event rows not yet acknowledged
 * @param telemetry        committed telemetry rows not yet sent
 * @param bytes            what the stored rows take, as counted against the disk budget
 * @param lastSeq          the last sequence number handed out
 * @param droppedTelemetry telemetry messages dropped by the disk budget or the age limit since start
 * @param droppedEvents    event messages dropped by the disk budget since start (only once no telemetry was left)
 * @param quarantined      the unreadable buffer file moved aside at start, if any
 * @param held             messages accepted and held in memory, not yet in the file
 * @param writeFailure     why the file takes nothing now (a full disk), while that lasts
 */
public record OutboxStats(long events, long telemetry, long bytes, long lastSeq, long droppedTelemetry,
                          long droppedEvents, Optional<Path> quarantined, long held, Optional<String> writeFailure) {
}
