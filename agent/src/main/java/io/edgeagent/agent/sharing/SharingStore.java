package io.edgeagent.agent.sharing;

import io.edgeagent.agent.storage.DamagedFileException;
import io.edgeagent.agent.storage.H2Files;
import io.edgeagent.agent.storage.MovedAside;
import io.edgeagent.agent.storage.OpenedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's sharing rules and its answers to {@code sharing set}, in their own H2 file
 * ({@code <dataDir>/sharing/sharing.mv.db}). A change and its answer are one transaction, forced to the device before
 * the answer is sent: a change the platform was told about survives a power cut, and a retried request finds its
 * answer even if the first one was lost. A damaged file is moved aside, as the capacity store's is; the file's rules
 * are then in force until the platform sets its own again.
 *
 * <p>Not thread-safe: its owner ({@link SharingOffers}) serialises the calls.
 */
public final class SharingStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SharingStore.class);
    private static final String FILE_NAME = "sharing";
    private static final List<String> TABLES = List.of("offer", "answer");
    /** Answers are kept this long for retried requests, as the capacity store keeps its own. */
    static final Duration KEEP_ANSWERS = Duration.ofDays(7);

    private final Connection db;
    private final Optional<MovedAside> movedAside;

    /**
     * The rules the platform set for one machine.
     *
     * @param rules the rules as {@link RulesJson} writes them
     */
    public record StoredOffer(String machineId, long version, Instant setAt, String requestId, String rules) {
    }

    /**
     * A {@code sharing set} answered.
     *
     * @param machineId the machine it was about, {@code null} for all
     * @param result    {@code accepted}, {@code rejected} or {@code conflict}
     * @param version   the version the answer named
     */
    public record StoredAnswer(String requestId, String machineId, String result, String reason, List<String> problems,
            long version) {

        public StoredAnswer {
            problems = List.copyOf(problems);
        }
    }

    private SharingStore(Connection db, Optional<MovedAside> movedAside) {
        this.db = db;
        this.movedAside = movedAside;
    }

    /** Opens (or creates) the store under {@code dir}, forgetting answers older than a week. */
    public static SharingStore open(Path dir, Clock clock) {
        Path file = dir.resolve(FILE_NAME + ".mv.db");
        try {
            Files.createDirectories(dir);
            OpenedFile<Void> opened = H2Files.openChecked(dir, FILE_NAME, clock, SharingStore::check);
            opened.movedAside().ifPresent(m -> LOG.error("sharing store: the platform's sharing rules in {} are NOT in"
                    + " use any more; the file's rules are in force until the platform sets its own again", m.movedTo()));
            SharingStore store = new SharingStore(opened.connection(), opened.movedAside());
            store.forgetAnswersBefore(clock.instant().minus(KEEP_ANSWERS));
            return store;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open sharing store " + file + ": " + H2Files.whyNotOpened(e), e);
        } catch (IOException e) {
            throw new UncheckedIOException("sharing store " + file + " cannot be made, or is damaged and could not be"
                    + " moved aside: " + e.getMessage(), e);
        }
    }

    private static Void check(Connection c, boolean isNew) throws SQLException, DamagedFileException {
        if (isNew) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE offer (machine VARCHAR(64) PRIMARY KEY, version BIGINT NOT NULL,"
                        + " set_ms BIGINT NOT NULL, request_id VARCHAR(128) NOT NULL, rules VARCHAR NOT NULL)");
                s.execute("CREATE TABLE answer (request_id VARCHAR(128) PRIMARY KEY, machine VARCHAR(64),"
                        + " result VARCHAR(16) NOT NULL, reason VARCHAR, problems VARCHAR, version BIGINT NOT NULL,"
                        + " answered_ms BIGINT NOT NULL)");
            }
            c.commit();
            return null;
        }
        H2Files.requireTables(c, TABLES);
        for (String table : TABLES) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                while (rs.next()) {
                    // Reading every row finds a damaged page now, not at the first request.
                }
            }
        }
        c.commit();
        return null;
    }

    /** The damaged file this start moved aside, if it did. */
    public Optional<MovedAside> movedAside() {
        return movedAside;
    }

    /** Every machine's rules as the platform last set them. */
    public List<StoredOffer> offers() {
        List<StoredOffer> out = new ArrayList<>();
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT machine, version, set_ms, request_id, rules FROM offer ORDER BY machine")) {
            while (rs.next()) {
                out.add(new StoredOffer(rs.getString(1), rs.getLong(2), Instant.ofEpochMilli(rs.getLong(3)),
                        rs.getString(4), rs.getString(5)));
            }
            return out;
        } catch (SQLException e) {
            throw failed("reading the rules", e);
        }
    }

    public Optional<StoredAnswer> answer(String requestId) {
        try (PreparedStatement p = db.prepareStatement(
                "SELECT machine, result, reason, problems, version FROM answer WHERE request_id = ?")) {
            p.setString(1, requestId);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String problems = rs.getString(4);
                return Optional.of(new StoredAnswer(requestId, rs.getString(1), rs.getString(2), rs.getString(3),
                        problems == null || problems.isEmpty() ? List.of() : List.of(problems.split("\n")),
                        rs.getLong(5)));
            }
        } catch (SQLException e) {
            throw failed("reading an answer", e);
        }
    }

    /** Keeps the new rules (none for an answer that changed nothing) and the answer in one durable transaction. */
    public void save(List<StoredOffer> offers, StoredAnswer answer, Instant at) {
        try (PreparedStatement o = db.prepareStatement(
                "MERGE INTO offer (machine, version, set_ms, request_id, rules) KEY (machine) VALUES (?, ?, ?, ?, ?)");
             PreparedStatement a = db.prepareStatement("INSERT INTO answer (request_id, machine, result, reason,"
                     + " problems, version, answered_ms) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (StoredOffer offer : offers) {
                o.setString(1, offer.machineId());
                o.setLong(2, offer.version());
                o.setLong(3, offer.setAt().toEpochMilli());
                o.setString(4, offer.requestId());
                o.setString(5, offer.rules());
                o.addBatch();
            }
            o.executeBatch();
            a.setString(1, answer.requestId());
            a.setString(2, answer.machineId());
            a.setString(3, answer.result());
            if (answer.reason() == null) {
                a.setNull(4, Types.VARCHAR);
            } else {
                a.setString(4, answer.reason());
            }
            a.setString(5, String.join("\n", answer.problems()));
            a.setLong(6, answer.version());
            a.setLong(7, at.toEpochMilli());
            a.executeUpdate();
            db.commit();
            try (Statement s = db.createStatement()) {
                s.execute("CHECKPOINT SYNC");
            }
        } catch (SQLException e) {
            rollbackQuietly();
            throw failed("saving the rules", e);
        }
    }

    private void forgetAnswersBefore(Instant cutoff) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("DELETE FROM answer WHERE answered_ms < ?")) {
            p.setLong(1, cutoff.toEpochMilli());
            p.executeUpdate();
        }
        db.commit();
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException e) {
            LOG.warn("sharing store: close failed: {}", e.getMessage());
        }
    }

    private void rollbackQuietly() {
        try {
            db.rollback();
        } catch (SQLException e) {
            LOG.debug("sharing store: rollback failed: {}", e.getMessage());
        }
    }

    private static IllegalStateException failed(String what, SQLException e) {
        return new IllegalStateException("sharing store: " + what + " failed: " + H2Files.firstLine(e.getMessage()), e);
    }
}
