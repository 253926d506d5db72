package io.edgeagent.drivers;

import java.time.Instant;
import java.util.Objects;

/**
 * A driver's link health at one moment.
 *
 * @param state     where the link stands
 * @param since     when it entered that state
 * @param lastError the last fault seen, one line, for an engineer reading the status ({@code null} if none)
 */
public record DriverHealth(ConnectionState state, Instant since, String lastError) {

    public DriverHealth {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
    }

    public boolean isConnected() {
        return state == ConnectionState.CONNECTED;
    }
}
