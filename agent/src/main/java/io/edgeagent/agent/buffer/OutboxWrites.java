package io.edgeagent.agent.buffer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/**
 * The SQL the writer thread runs on the outbox file: inserts, deletes of acknowledged rows, the sequence's
 * high-water mark, and drops of the oldest rows with their count kept in the file. None of it commits but
 * {@link #dropOldest}, which commits a page at a time, and {@link #truncate}; the writer commits the rest with its
 * batch.
 */
final class OutboxWrites {

    /** Rows read and dropped per transaction when dropping. */
    private static final int DROP_PAGE = 500;

    private OutboxWrites() {
    }

    /** Whether the oldest row left goes, given when it was accepted and what the rows dropped before it free. */
    @FunctionalInterface
    interface DropTest {
        boolean drop(Instant created, long freed);
    }

    /** What a drop removed. */
    record Dropped(long rows, long bytes) {
    }

    /** What H2 spends per row beyond topic and payload (key, class, flags, timestamp, page share). */
    static final int ROW_OVERHEAD = 48;

    static long rowSize(OutgoingMessage m) {
        return m.payload().length + m.topic().length() + ROW_OVERHEAD;
    }

    /** Inserts the batch's rows of one class; returns the bytes they take. */
    static long insert(Connection c, MessageClass cls, List<OutgoingMessage> batch) throws SQLException {
        List<OutgoingMessage> mine = batch.stream().filter(m -> m.cls() == cls).toList();
        if (mine.isEmpty()) {
            return 0;
        }
        long added = 0;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + cls.table()
                + " (seq, topic, qos, retained, created, payload) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (OutgoingMessage m : mine) {
                OutboxRows.bind(ps, m);
                ps.addBatch();
                added += rowSize(m);
            }
            ps.executeBatch();
        }
        return added;
    }

    /** Deletes the acknowledged rows of one class; returns the bytes freed. */
    static long delete(Connection c, MessageClass cls, List<OutgoingMessage> acked) throws SQLException {
        List<OutgoingMessage> mine = acked.stream().filter(m -> m.cls() == cls).toList();
        if (mine.isEmpty()) {
            return 0;
        }
        long removed = 0;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + cls.table() + " WHERE seq = ?")) {
            for (OutgoingMessage m : mine) {
                ps.setLong(1, m.seq());
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                // A row the budget already dropped, or acknowledged twice, frees nothing more.
                removed += counts[i] > 0 ? rowSize(mine.get(i)) : 0;
            }
        }
        return removed;
    }

    /**
     * Empties a class's table, every row of which the broker has acknowledged: H2 lets go of its pages without reading
     * them, where a delete reads and rewrites every page a row is deleted from. TRUNCATE is not transactional: it
     * commits what the connection has open first, so it comes before the batch's other writes.
     */
    static void truncate(Connection c, MessageClass cls) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("TRUNCATE TABLE " + cls.table());
        }
    }

    /**
     * Records a number of the {@code meta} table, such as the sequence's high-water mark, which survives even when
     * every row is acknowledged and deleted.
     */
    static void setMeta(Connection c, String name, long value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("MERGE INTO meta (name, num) KEY (name) VALUES (?, ?)")) {
            ps.setString(1, name);
            ps.setLong(2, value);
            ps.executeUpdate();
        }
    }

    /**
     * Drops rows of a class from the oldest while {@code test} holds, a page per transaction, and counts them in
     * the file (so that a stopped agent's drops can still be read). {@code test} is given what the rows dropped
     * before in this call free.
     */
    static Dropped dropOldest(Connection c, MessageClass cls, DropTest test) throws SQLException {
        long rowsDropped = 0;
        long bytesFreed = 0;
        while (true) {
            long lastSeqToDrop = -1;
            int rows = 0;
            long freed = bytesFreed;
            boolean kept = false;
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, created,"
                    + " OCTET_LENGTH(payload) + CHAR_LENGTH(topic) FROM " + cls.table() + " ORDER BY seq LIMIT ?")) {
                ps.setInt(1, DROP_PAGE);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (!test.drop(rs.getTimestamp(2).toInstant(), freed)) {
                            kept = true;
                            break;
                        }
                        lastSeqToDrop = rs.getLong(1);
                        freed += rs.getLong(3) + ROW_OVERHEAD;
                        rows++;
                    }
                }
            }
            if (rows > 0) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + cls.table() + " WHERE seq <= ?")) {
                    ps.setLong(1, lastSeqToDrop);
                    ps.executeUpdate();
                }
                countDrops(c, cls, rows);
                c.commit();
                rowsDropped += rows;
                bytesFreed = freed;
            }
            if (kept || rows < DROP_PAGE) {
                return new Dropped(rowsDropped, bytesFreed);
            }
        }
    }

    private static void countDrops(Connection c, MessageClass cls, long rows) throws SQLException {
        String key = OutboxQueries.droppedKey(cls);
        try (PreparedStatement update = c.prepareStatement("UPDATE meta SET num = num + ? WHERE name = ?")) {
            update.setLong(1, rows);
            update.setString(2, key);
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO meta (name, num) VALUES (?, ?)")) {
            insert.setString(1, key);
            insert.setLong(2, rows);
            insert.executeUpdate();
        }
    }
}
