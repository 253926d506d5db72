package io.edgeagent.agent.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;

/**
 * What the agent's H2 files (the outbox, the capacity store) share: telling a damaged file from one that is
 * merely locked or not permitted, and moving a damaged one aside, never deleting it, so that a bad SD card
 * sector costs a restart with a fresh file and nothing of the evidence.
 */
public final class H2Files {

    /** H2 error codes for a file whose content is not a readable database. */
    private static final Set<Integer> DAMAGED = Set.of(50000, 90030, 90048, 90049);
    /** H2's general file I/O error: damage when the file exists and can be read, else a real I/O problem. */
    private static final int IO_EXCEPTION = 90028;
    /** The file is locked by another process. */
    public static final int FILE_IN_USE = 90020;
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private H2Files() {
    }

    /** True when opening {@code file} failed because its content is damaged, not because of a lock or permission. */
    public static boolean isDamaged(SQLException e, Path file) {
        if (DAMAGED.contains(e.getErrorCode())) {
            return true;
        }
        return e.getErrorCode() == IO_EXCEPTION && Files.isRegularFile(file) && Files.isReadable(file)
                && Files.isWritable(file.getParent());
    }

    /**
     * Moves {@code file} to {@code <name>.corrupt-<UTC time>.mv.db} beside it and returns the new path.
     */
    public static Path moveAside(Path file, String name, Clock clock) throws IOException {
        Path aside = file.resolveSibling(name + ".corrupt-" + STAMP.format(clock.instant()) + ".mv.db");
        Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
        return aside;
    }

    /** The first line of an H2 message, which carries the SQL and a stack otherwise. */
    public static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
