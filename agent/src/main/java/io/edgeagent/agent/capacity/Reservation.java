package io.edgeagent.agent.capacity;

import java.time.Instant;
import java.util.Objects;

/**
 * Machine time the platform has reserved. It is removed from the offer and closes a live window when it
 * begins.
 *
 * @param id        the agent's id for it, used to release it
 * @param machineId the reserved machine
 * @param span      the reserved time
 * @param requestId the platform's id of the reserve request that made it
 * @param reference the platform's own reference (an order or job), or {@code null}
 */
public record Reservation(String id, String machineId, TimeSpan span, String requestId, String reference) {

    public Reservation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(machineId, "machineId");
        Objects.requireNonNull(span, "span");
        Objects.requireNonNull(requestId, "requestId");
    }

    public Instant start() {
        return span.start();
    }

    public Instant end() {
        return span.end();
    }
}
