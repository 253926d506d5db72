package io.edgeagent.agent.feed;

import java.net.URI;
import java.time.Instant;

/**
 * The uplink at one moment, for the status command, the metrics and logs. The counts are since the agent started.
 *
 * @param connected          whether a broker session is up
 * @param broker             the broker connected to, or last tried
 * @param since              when the connection came up or was lost
 * @param lastError          the last connection error, one line, or {@code null}
 * @param bdSeq              the birth-and-death number of the current or last connection (its birth and Last Will
 *                           carry it); 0 before the first
 * @param reconnects         connections made after the first one
 * @param publishedEvents    event messages of the outbox the broker acknowledged
 * @param publishedTelemetry telemetry messages of the outbox the broker acknowledged (QoS 1) or took (QoS 0)
 */
public record UplinkStatus(boolean connected, URI broker, Instant since, String lastError, long bdSeq,
        long reconnects, long publishedEvents, long publishedTelemetry) {
}
