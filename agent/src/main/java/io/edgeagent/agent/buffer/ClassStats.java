package io.edgeagent.agent.buffer;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One delivery class in the buffer file.
 *
 * @param cls     the class
 * @param waiting committed messages not yet acknowledged by the broker
 * @param oldest  when the oldest of them was accepted; empty when none waits
 * @param dropped messages of the class the disk budget or the age limit removed since the file was created
 */
public record ClassStats(MessageClass cls, long waiting, Optional<Instant> oldest, long dropped) {

    public ClassStats {
        Objects.requireNonNull(cls, "cls");
        Objects.requireNonNull(oldest, "oldest");
    }
}
