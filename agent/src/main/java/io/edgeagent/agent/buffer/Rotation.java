package io.edgeagent.agent.buffer;

import io.edgeagent.agent.storage.H2Files;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Copies what an outbox file still holds (its waiting rows and its bookkeeping: epoch, sequence, drop counts)
 * into a fresh file beside it, forced onto the device, for the outbox to put in the old one's place with one
 * rename. H2 leaves the space of deleted rows in its file and reclaims it only when it closes; a rotation is what
 * keeps a running buffer within {@code buffer.maxDiskMb}. A copy interrupted by a crash is a leftover file the
 * next open deletes: until the rename, the old file is the buffer.
 */
final class Rotation {

    /** The fresh file's H2 name, beside {@code outbox}. */
    static final String NEXT_NAME = BufferFolder.FILE_NAME + "-next";
    private static final int PAGE_ROWS = 500;

    private Rotation() {
    }

    /** Where the copy is made. */
    static Path nextFile(Path dir) {
        return dir.resolve(NEXT_NAME + ".mv.db");
    }

    /** Deletes what an interrupted rotation left; the file it was copying from is still the buffer. */
    static void deleteLeftover(Path dir) throws IOException {
        Files.deleteIfExists(nextFile(dir));
    }

    /** Copies every row and every meta entry of {@code from} into a fresh {@link #nextFile}, closed and synced. */
    static void copy(Connection from, Path dir) throws SQLException, IOException {
        deleteLeftover(dir);
        try (Connection to = H2Files.open(dir, NEXT_NAME)) {
            OutboxCheck.createSchema(to);
            try (Statement s = from.createStatement();
                 ResultSet rs = s.executeQuery("SELECT name, num FROM meta");
                 PreparedStatement insert = to.prepareStatement("INSERT INTO meta (name, num) VALUES (?, ?)")) {
                while (rs.next()) {
                    insert.setString(1, rs.getString(1));
                    insert.setLong(2, rs.getLong(2));
                    insert.executeUpdate();
                }
            }
            to.commit();
            for (MessageClass cls : MessageClass.values()) {
                copyRows(from, to, cls);
            }
            try (Statement s = to.createStatement()) {
                s.execute("CHECKPOINT SYNC");
            }
        }
    }

    private static void copyRows(Connection from, Connection to, MessageClass cls) throws SQLException {
        long after = 0;
        while (true) {
            List<OutgoingMessage> page = OutboxQueries.page(from, cls, after, Long.MAX_VALUE, PAGE_ROWS);
            if (page.isEmpty()) {
                return;
            }
            try (PreparedStatement ps = to.prepareStatement("INSERT INTO " + cls.table()
                    + " (seq, topic, qos, retained, created, payload) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (OutgoingMessage m : page) {
                    OutboxRows.bind(ps, m);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            to.commit();
            after = page.get(page.size() - 1).seq();
        }
    }
}
