package io.edgeagent.agent.buffer;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * A buffer file H2 could not read, moved aside at a start and kept.
 *
 * @param file     where it is now
 * @param bytes    its size
 * @param modified when it was last written, i.e. roughly when the agent that wrote it stopped
 */
public record QuarantinedFile(Path file, long bytes, Instant modified) {

    public QuarantinedFile {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(modified, "modified");
    }
}
