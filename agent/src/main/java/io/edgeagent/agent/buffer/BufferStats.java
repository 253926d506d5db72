package io.edgeagent.agent.buffer;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a buffer file holds, the same whether the running agent answers or the file of a stopped one is read.
 *
 * @param file        the outbox file
 * @param fileBytes   its size on disk, deleted rows included until the file is compacted
 * @param storedBytes what its rows take as the disk budget ({@code buffer.maxDiskMb}) counts them
 * @param lastSeq     the last sequence number handed out
 * @param classes     one entry per {@link MessageClass}, in its order
 * @param quarantined unreadable buffer files moved aside beside it, oldest first
 */
public record BufferStats(Path file, long fileBytes, long storedBytes, long lastSeq, List<ClassStats> classes,
                          List<QuarantinedFile> quarantined) {

    public BufferStats {
        Objects.requireNonNull(file, "file");
        classes = List.copyOf(classes);
        quarantined = List.copyOf(quarantined);
    }

    public ClassStats of(MessageClass cls) {
        return classes.stream().filter(c -> c.cls() == cls).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no stats for " + cls));
    }
}
