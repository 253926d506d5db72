package io.edgeagent.agent.feed;

import java.net.URI;
import java.time.Instant;

/**
 * The uplink's connection at one moment, for the status command and logs.
 *
 * @param connected whether a broker session is up
 * @param broker    the broker connected to, or last tried
 * @param since     when the connection came up or was lost
 * @param lastError the last connection error, one line, or {@code null}
 */
public record UplinkStatus(boolean connected, URI broker, Instant since, String lastError) {
}
