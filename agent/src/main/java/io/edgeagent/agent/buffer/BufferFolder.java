package io.edgeagent.agent.buffer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The buffer's folder in the data dir: the outbox file, and beside it the unreadable ones moved aside at start,
 * which the agent never deletes (they are the evidence of what a power cut or a bad card did).
 *
 * @param dir the folder, {@code <dataDir>/buffer}
 */
public record BufferFolder(Path dir) {

    /** The folder's name in the data dir. */
    public static final String NAME = "buffer";
    static final String FILE_NAME = "outbox";
    private static final String SUFFIX = ".mv.db";
    /** How {@code H2Files.moveAside} names a file it moved aside. */
    private static final String ASIDE_PREFIX = FILE_NAME + ".corrupt-";

    public BufferFolder {
        Objects.requireNonNull(dir, "dir");
    }

    public static BufferFolder inDataDir(Path dataDir) {
        return new BufferFolder(dataDir.resolve(NAME));
    }

    /** The outbox file. */
    public Path file() {
        return dir.resolve(FILE_NAME + SUFFIX);
    }

    /** The outbox file's size on disk; 0 when there is none. */
    long fileBytes() throws IOException {
        try {
            return Files.size(file());
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    /** The files moved aside, oldest first (their names carry the time they were moved). */
    List<QuarantinedFile> quarantined() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<QuarantinedFile> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.startsWith(ASIDE_PREFIX) && name.endsWith(SUFFIX) && Files.isRegularFile(f)) {
                    found.add(new QuarantinedFile(f, Files.size(f), Files.getLastModifiedTime(f).toInstant()));
                }
            }
        }
        return List.copyOf(found);
    }
}
