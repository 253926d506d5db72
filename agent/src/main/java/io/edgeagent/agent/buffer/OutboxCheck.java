package io.edgeagent.agent.buffer;

import io.edgeagent.agent.storage.DamagedFileException;
import io.edgeagent.agent.storage.H2Files;
import io.edgeagent.agent.storage.FileCheck;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Optional;

/**
 * What the outbox reads to trust its file as it opens, or creates in a new one: the tables, the sequence's epoch
 * and high-water mark, and every row (summing their sizes reads every page, so a damaged page is found now and
 * not by the publisher). A file that lost its tables or holds an older sequence than {@link SequenceMark} saw is
 * damaged.
 */
final class OutboxCheck implements FileCheck<OutboxCheck.Found> {

    /**
     * What an opened outbox file holds.
     *
     * @param births the last birth-and-death number handed out in this epoch, 0 for none
     */
    record Found(long epoch, long lastSeq, long births, long storedBytes) {
    }

    private final Optional<SequenceMark> mark;
    private final Clock clock;

    OutboxCheck(Optional<SequenceMark> mark, Clock clock) {
        this.mark = mark;
        this.clock = clock;
    }

    @Override
    public Found check(Connection c, boolean isNew) throws SQLException, DamagedFileException {
        if (isNew) {
            createSchema(c);
            // A new epoch, since this file's numbers are not the old one's; they go on from the last one the mark
            // saw, so a subscriber that keys on seq alone does not take the first messages for duplicates.
            long epoch = newEpoch();
            long start = mark.map(SequenceMark::seq).orElse(0L);
            OutboxWrites.setMeta(c, OutboxQueries.EPOCH, epoch);
            OutboxWrites.setMeta(c, OutboxQueries.SEQ, start);
            c.commit();
            return new Found(epoch, start, 0, 0);
        }
        H2Files.requireTables(c, OutboxQueries.TABLES);
        Optional<Long> stored = OutboxQueries.meta(c, OutboxQueries.EPOCH);
        long epoch;
        if (stored.isPresent()) {
            epoch = stored.get();
        } else {
            // A file from before epochs: its sequence gets one now and keeps it.
            epoch = newEpoch();
            OutboxWrites.setMeta(c, OutboxQueries.EPOCH, epoch);
            c.commit();
        }
        long lastSeq = OutboxQueries.lastSeq(c);
        if (mark.isPresent() && mark.get().epoch() == epoch && lastSeq < mark.get().seq()) {
            throw new DamagedFileException("it holds messages up to seq " + lastSeq + " but seq " + mark.get().seq()
                    + " had been written to it (" + SequenceMark.FILE_NAME + "): it went back to an older state");
        }
        long births = OutboxQueries.meta(c, OutboxQueries.BIRTHS).orElse(0L);
        long bytes = OutboxQueries.storedBytes(c);
        c.commit();
        return new Found(epoch, lastSeq, births, bytes);
    }

    /** Later than any epoch this folder has seen, even under a clock that was set back. */
    private long newEpoch() {
        return Math.max(clock.millis(), mark.map(m -> m.epoch() + 1).orElse(1L));
    }

    static void createSchema(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (MessageClass cls : MessageClass.values()) {
                s.execute("CREATE TABLE IF NOT EXISTS " + cls.table() + " (seq BIGINT PRIMARY KEY,"
                        + " topic VARCHAR(1024) NOT NULL, qos TINYINT NOT NULL, retained BOOLEAN NOT NULL,"
                        + " created TIMESTAMP WITH TIME ZONE NOT NULL, payload VARBINARY NOT NULL)");
            }
            // The sequence survives even when every row has been acknowledged and deleted.
            s.execute("CREATE TABLE IF NOT EXISTS meta (name VARCHAR(64) PRIMARY KEY, num BIGINT NOT NULL)");
        }
    }
}
