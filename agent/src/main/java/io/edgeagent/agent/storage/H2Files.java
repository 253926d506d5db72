package io.edgeagent.agent.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the agent's H2 files (the outbox, the capacity store with the sharing rules) share: telling a damaged file from one that is
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
    /** H2's own code for a full device; an I/O error saying so in its message counts too. */
    private static final int NO_DISK_SPACE = 90100;
    private static final String DISK_FULL = "No space left on device";
    private static final String SUFFIX = ".mv.db";
    private static final Logger LOG = LoggerFactory.getLogger(H2Files.class);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private H2Files() {
    }

    /**
     * Opens (or creates) {@code <dir>/<name>.mv.db} for a single writer, autocommit off. WRITE_DELAY=0: each
     * commit reaches the file (the OS page cache) at once, so a killed or crashed process loses nothing
     * committed; without it H2 keeps commits in memory for up to a second (OutboxKillTest lost everything).
     * What the OS has not flushed yet is the callers' business ({@code CHECKPOINT SYNC}). REUSE_SPACE=FALSE: H2
     * writes every chunk at the end of the file, where its recovery after a kill looks for the newest one; with
     * chunks written into freed space in the middle it followed their chain only partly and opened an older
     * state than the file held, even one forced onto the device (the soak: "holds messages up to seq 295 but seq
     * 305 had been written to it", and seqs handed out twice). The buffer's rotation and the compaction on stop
     * give the space back instead. TRACE_LEVEL_FILE=0:
     * H2's own error trace file beside it grew by 300 kB a minute on a full disk; the owners log failures once.
     * COMPRESS=TRUE: pages are written LZF-compressed; telemetry is JSON that repeats its keys and timestamps, and
     * without it a fleet of 10,000 readings a second wrote over 100 bytes per reading to the card (issue 17).
     * Pages say whether they are compressed, so files written before read as they were. CACHE_SIZE=4096 (kB): H2's
     * default page cache of 16 MB per file held two of the device's 64 MB of heap for the outbox and the capacity
     * store, whose work is the newest and the oldest rows; with the fleet's heap full, the collector ran a full
     * collection every two seconds.
     */
    public static Connection open(Path dir, String name) throws SQLException {
        String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve(name) + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;TRACE_LEVEL_FILE=0;REUSE_SPACE=FALSE;COMPRESS=TRUE;CACHE_SIZE=4096";
        Connection c = DriverManager.getConnection(url, "edge", "");
        c.setAutoCommit(false);
        return c;
    }

    /**
     * Opens {@code <dir>/<name>.mv.db} and has the owner check it. A file that existed and fails to open or to pass
     * the check for any reason but a lock, a permission or a full disk is damaged: it is moved aside (never
     * deleted), logged, and a fresh file is created and checked as new. A start never fails on a damaged file,
     * and never goes on with a file that silently lost what it held.
     *
     * @throws SQLException when the file cannot be opened for a reason moving it aside would not cure (a lock, a
     *                      permission, a full disk), or a fresh file cannot be created
     * @throws IOException  when a damaged file cannot be moved aside
     */
    public static <T> OpenedFile<T> openChecked(Path dir, String name, Clock clock, FileCheck<T> check)
            throws SQLException, IOException {
        Path file = dir.resolve(name + SUFFIX);
        boolean existed = Files.isRegularFile(file) && Files.size(file) > 0;
        String damage;
        Connection c;
        try {
            c = open(dir, name);
        } catch (SQLException e) {
            if (!existed || isNotDamage(e, file)) {
                throw e;
            }
            return reopenFresh(dir, name, clock, check, "H2 cannot open it: " + firstLine(e.getMessage()));
        }
        try {
            return new OpenedFile<>(c, check.check(c, !existed), Optional.empty());
        } catch (DamagedFileException e) {
            damage = e.getMessage();
        } catch (SQLException e) {
            if (!existed || isNotDamage(e, file)) {
                closeQuietly(c);
                throw e;
            }
            damage = "reading it failed: " + firstLine(e.getMessage());
        } catch (RuntimeException e) {
            // H2's store lets some damage through as its own unchecked exceptions.
            if (!existed) {
                closeQuietly(c);
                throw e;
            }
            damage = "reading it failed: " + firstLine(String.valueOf(e.getMessage()));
        }
        closeQuietly(c);
        return reopenFresh(dir, name, clock, check, damage);
    }

    private static <T> OpenedFile<T> reopenFresh(Path dir, String name, Clock clock, FileCheck<T> check, String damage)
            throws SQLException, IOException {
        Path file = dir.resolve(name + SUFFIX);
        Path aside = moveAside(file, name, clock);
        MovedAside moved = new MovedAside(file, aside, damage, clock.instant());
        LOG.error("{} is damaged ({}); moved it aside to {} and started a fresh one", file, damage, aside);
        Connection c = open(dir, name);
        try {
            return new OpenedFile<>(c, check.check(c, true), Optional.of(moved));
        } catch (DamagedFileException e) {
            closeQuietly(c);
            throw new SQLException("a fresh " + file + " fails its own check: " + e.getMessage(), e);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /**
     * For a {@link FileCheck} of a file that existed: each of its tables must be there. H2 opens a damaged file in
     * an older or empty state without an error, and {@code CREATE TABLE IF NOT EXISTS} would then quietly begin
     * again in it.
     */
    public static void requireTables(Connection c, List<String> tables) throws SQLException, DamagedFileException {
        for (String table : tables) {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES"
                    + " WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = ?")) {
                ps.setString(1, table.toUpperCase(Locale.ROOT));
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getLong(1) == 0) {
                        throw new DamagedFileException("its table " + table + " is missing: H2 opened an older or empty state of it");
                    }
                }
            }
        }
    }

    /** A lock, a permission or a full disk: moving the file aside would lose it and cure nothing. */
    private static boolean isNotDamage(SQLException e, Path file) {
        String message = String.valueOf(e.getMessage());
        return e.getErrorCode() == FILE_IN_USE || e.getErrorCode() == NO_DISK_SPACE || message.contains(DISK_FULL)
                || !Files.isReadable(file) || !Files.isWritable(file.getParent());
    }

    /** True when {@code e} says the device is full. */
    public static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getErrorCode() == NO_DISK_SPACE
                    || String.valueOf(t.getMessage()).contains(DISK_FULL)) {
                return true;
            }
        }
        return false;
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("closing a damaged file failed", e);
        }
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
     * Moves {@code file} to {@code <name>.corrupt-<UTC time>.mv.db} beside it and returns the new path; a second
     * file moved aside within the same second gets a number, since a rename would silently replace the first.
     */
    public static Path moveAside(Path file, String name, Clock clock) throws IOException {
        return moveAside(file, name, "corrupt", clock);
    }

    /**
     * Moves {@code file} to {@code <name>.<why>-<UTC time>.mv.db} beside it, out of the way of the agent's next open,
     * and returns the new path.
     *
     * @param why what became of it, e.g. {@code migrated} for a file whose rows moved into another
     */
    public static Path moveAside(Path file, String name, String why, Clock clock) throws IOException {
        String stamp = name + "." + why + "-" + STAMP.format(clock.instant());
        Path aside = file.resolveSibling(stamp + SUFFIX);
        for (int n = 2; Files.exists(aside); n++) {
            aside = file.resolveSibling(stamp + "-" + n + SUFFIX);
        }
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
