package io.edgeagent.agent.buffer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The reads the running outbox and a stopped agent's file share, so both answer from the same SQL. None of them
 * writes; the caller commits or closes.
 */
final class OutboxQueries {

    private OutboxQueries() {
    }

    /** The {@code meta} row holding the sequence's high-water mark. */
    static final String SEQ = "seq";
    /** The {@code meta} row holding the sequence's epoch: made when the sequence starts, kept with it. */
    static final String EPOCH = "epoch";
    /** The {@code meta} row holding the last birth-and-death number handed out: one per connection to the broker. */
    static final String BIRTHS = "bdseq";
    /** Every table an outbox file has. */
    static final List<String> TABLES = List.of(MessageClass.EVENT.table(), MessageClass.TELEMETRY.table(), "meta");

    /** A number in the {@code meta} table, if the row is there. */
    static Optional<Long> meta(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT num FROM meta WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /** The {@code meta} row counting a class's drops; kept in the file so a stopped agent's drops can be read. */
    static String droppedKey(MessageClass cls) {
        return "dropped_" + cls.name().toLowerCase(Locale.ROOT);
    }

    static long lastSeq(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT GREATEST(COALESCE((SELECT num FROM meta WHERE name = 'seq'), 0),"
                     + " COALESCE((SELECT MAX(seq) FROM outbox_event), 0), COALESCE((SELECT MAX(seq) FROM outbox_telemetry), 0))")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** What the rows take as the disk budget counts them; reads every row, so only at start and for a stopped agent. */
    static long storedBytes(Connection c) throws SQLException {
        long bytes = 0;
        for (MessageClass cls : MessageClass.values()) {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COALESCE(SUM(OCTET_LENGTH(payload) + CHAR_LENGTH(topic)), 0)"
                         + " + COUNT(*) * " + OutboxWrites.ROW_OVERHEAD + " FROM " + cls.table())) {
                rs.next();
                bytes += rs.getLong(1);
            }
        }
        return bytes;
    }

    static long count(Connection c, MessageClass cls) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + cls.table())) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** When the oldest waiting message of a class was accepted: one primary-key lookup. */
    static Optional<Instant> oldest(Connection c, MessageClass cls) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT created FROM " + cls.table() + " ORDER BY seq LIMIT 1")) {
            return rs.next() ? Optional.of(rs.getTimestamp(1).toInstant()) : Optional.empty();
        }
    }

    /** The lowest sequence of a class's rows, if any: one primary-key lookup. */
    static OptionalLong firstSeq(Connection c, MessageClass cls) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT seq FROM " + cls.table() + " ORDER BY seq LIMIT 1")) {
            return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
        }
    }

    /** The class's drops recorded in the file; 0 in a file from before drops were recorded. */
    static long dropped(Connection c, MessageClass cls) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT num FROM meta WHERE name = ?")) {
            ps.setString(1, droppedKey(cls));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    static ClassStats classStats(Connection c, MessageClass cls) throws SQLException {
        return new ClassStats(cls, count(c, cls), oldest(c, cls), dropped(c, cls));
    }

    /** Up to {@code limit} rows of a class with {@code afterSeq < seq <= upTo}, in order. */
    static List<OutgoingMessage> page(Connection c, MessageClass cls, long afterSeq, long upTo, int limit) throws SQLException {
        List<OutgoingMessage> out = new ArrayList<>(Math.min(limit, 500));
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, topic, qos, retained, created, payload FROM "
                + cls.table() + " WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?")) {
            ps.setLong(1, afterSeq);
            ps.setLong(2, upTo);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new OutgoingMessage(rs.getLong(1), cls, rs.getString(2), rs.getInt(3), rs.getBoolean(4),
                            rs.getBytes(6), rs.getTimestamp(5).toInstant()));
                }
            }
        }
        return out;
    }
}
