package io.edgeagent.agent.config;

import java.time.LocalDateTime;
import java.util.Objects;

/**
 * Planned maintenance of one machine, in the agent's time zone; {@code from} is before {@code to}.
 *
 * @param machine the id of a configured machine
 */
public record MaintenanceSlot(String machine, LocalDateTime from, LocalDateTime to) {

    public MaintenanceSlot {
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }
}
