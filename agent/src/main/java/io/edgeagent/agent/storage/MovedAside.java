package io.edgeagent.agent.storage;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * A damaged file moved aside at a start, kept for the evidence.
 *
 * @param file   where it was
 * @param movedTo where it is now
 * @param reason why it was judged damaged, in one line
 * @param at     when it was moved
 */
public record MovedAside(Path file, Path movedTo, String reason, Instant at) {

    public MovedAside {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(movedTo, "movedTo");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }
}
