package io.edgeagent.agent.capacity;

import java.time.Instant;
import java.util.Objects;

/**
 * The platform asks for machine time: either a whole forecast window by its id, or a span from
 * {@code start} to {@code end} (inside one offered window or part of one).
 *
 * @param requestId the platform's id of this request; a repeated id gets the first answer again
 * @param machineId the machine
 * @param windowId  a forecast window's id, or {@code null} when start and end are given
 * @param start     the first reserved instant, or {@code null} with a window id
 * @param end       the end (exclusive), or {@code null} with a window id
 * @param reference the platform's own reference (order, job), kept with the reservation; may be null
 */
public record ReserveRequest(String requestId, String machineId, String windowId, Instant start, Instant end,
        String reference) {

    public ReserveRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(machineId, "machineId");
    }
}
