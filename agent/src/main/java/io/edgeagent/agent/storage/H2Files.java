package io.edgeagent.agent.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
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
    private static final int FILE_IN_USE = 90020;
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private H2Files() {
    }

    /**
     * Opens (or creates) {@code <dir>/<name>.mv.db} for a single writer, autocommit off. WRITE_DELAY=0: each
     * commit reaches the file (the OS page cache) at once, so a killed or crashed process loses nothing
     * committed; without it H2 keeps commits in memory for up to a second (OutboxKillTest lost everything).
     * What the OS has not flushed yet is the callers' business ({@code CHECKPOINT SYNC}).
     */
    public static Connection open(Path dir, String name) throws SQLException {
        String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve(name) + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
        Connection c = DriverManager.getConnection(url, "edge", "");
        c.setAutoCommit(false);
        return c;
    }

    /** Why a file could not be opened, in one line a technician can act on. */
    public static String whyNotOpened(SQLException e) {
        return e.getErrorCode() == FILE_IN_USE
                ? "it is in use by another process (is a second edge-agent running with the same dataDir?)"
                : firstLine(e.getMessage());
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
