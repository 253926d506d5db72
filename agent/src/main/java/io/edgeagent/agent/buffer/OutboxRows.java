package io.edgeagent.agent.buffer;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;

/** How a message becomes a row: one binding for the writer's inserts and a rotation's copy. */
final class OutboxRows {

    private OutboxRows() {
    }

    /** Binds {@code (seq, topic, qos, retained, created, payload)}, in that order. */
    static void bind(PreparedStatement ps, OutgoingMessage m) throws SQLException {
        ps.setLong(1, m.seq());
        ps.setString(2, m.topic());
        ps.setInt(3, m.qos());
        ps.setBoolean(4, m.retained());
        ps.setTimestamp(5, Timestamp.from(m.createdAt()));
        ps.setBytes(6, m.payload());
    }
}
