package io.edgeagent.agent.sharing;

import io.edgeagent.agent.capacity.store.CapacityStore;
import io.edgeagent.agent.storage.DamagedFileException;
import io.edgeagent.agent.storage.H2Files;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's sharing rules and its answers to {@code sharing set}, in the capacity store's H2 file
 * ({@code <dataDir>/capacity/capacity.mv.db}, over a {@link CapacityStore#connect connection} of their own): the rules
 * in table {@code offer}, the answers in the one {@code answer} table of every command (with {@code command}
 * {@code sharing}), so that a request id is one space across commands. A change and its answer are one transaction,
 * forced to the device before the answer is sent: a change the platform was told about survives a power cut, and a
 * retried request finds its answer even if the first one was lost. The capacity engine forgets answers after a week,
 * the sharing answers with the others.
 *
 * <p>Earlier agents kept the rules in a file of their own, {@code <dataDir>/sharing/sharing.mv.db}: the first
 * start finds it, copies its rows here in one durable transaction, then moves it aside to
 * {@code sharing.migrated-<UTC time>.mv.db}. A start cut short in between copies the same rows again.
 *
 * <p>Not thread-safe: its owner ({@link SharingOffers}) serialises the calls.
 */
public final class SharingStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SharingStore.class);
    /** The command these answers are stored under in the shared {@code answer} table. */
    static final String COMMAND = "sharing";
    /** The name of the file earlier agents kept the rules in, under {@code <dataDir>/sharing}. */
    private static final String OLD_FILE = "sharing";
    private static final List<String> OLD_TABLES = List.of("offer", "answer");

    private final Connection db;

    /**
     * The rules the platform set for one machine.
     *
     * @param rules the rules as {@link RulesJson} writes them
     */
    public record StoredOffer(String machineId, long version, Instant setAt, String requestId, String rules) {
    }

    /**
     * A request answered.
     *
     * @param command   {@code sharing}, or the command of another request that used the id first
     * @param machineId the machine it was about, {@code null} for all
     * @param result    {@code accepted}, {@code rejected} or {@code conflict}
     * @param version   the version the answer named
     */
    public record StoredAnswer(String requestId, String command, String machineId, String result, String reason,
            List<String> problems, long version) {

        public StoredAnswer {
            problems = List.copyOf(problems);
        }

        /** A {@code sharing set} answered. */
        public StoredAnswer(String requestId, String machineId, String result, String reason, List<String> problems,
                            long version) {
            this(requestId, COMMAND, machineId, result, reason, problems, version);
        }
    }

    private SharingStore(Connection db) {
        this.db = db;
    }

    /**
     * The sharing rules in {@code capacity}'s file, with those of an earlier agent's own file under {@code oldDir}
     * moved in first.
     *
     * @param oldDir {@code <dataDir>/sharing}, where earlier agents kept the rules
     */
    public static SharingStore open(CapacityStore capacity, Path oldDir, Clock clock) {
        Connection db = capacity.connect();
        try {
            migrate(oldDir, db, clock);
            return new SharingStore(db);
        } catch (RuntimeException e) {
            closeQuietly(db);
            throw e;
        }
    }

    /**
     * Moves an earlier agent's rules and answers into the capacity store's file. The old file is opened as every H2
     * file is ({@link H2Files#openChecked}): a damaged one is moved aside and its rules are lost, as they were before.
     */
    private static void migrate(Path oldDir, Connection db, Clock clock) {
        Path file = oldDir.resolve(OLD_FILE + ".mv.db");
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            OpenedFile<Boolean> opened = H2Files.openChecked(oldDir, OLD_FILE, clock, SharingStore::checkOld);
            opened.movedAside().ifPresent(m -> LOG.error("sharing store: the platform's sharing rules in {} are NOT"
                    + " in use any more; the file's rules are in force until the platform sets its own again",
                    m.movedTo()));
            Copied copied = new Copied(0, 0);
            try (Connection old = opened.connection()) {
                if (opened.state()) {
                    copied = copy(old, db);
                }
            }
            if (opened.state()) {
                Path aside = H2Files.moveAside(file, OLD_FILE, "migrated", clock);
                LOG.info("sharing store: moved {} machines' rules and {} answers from {} into the capacity store; the"
                        + " old file is now {}", copied.offers(), copied.answers(), file, aside);
            } else {
                // Made empty by this start, after the damaged one was moved aside: nothing in it to keep.
                Files.delete(file);
            }
        } catch (SQLException e) {
            rollbackQuietly(db);
            throw new IllegalStateException("cannot move the sharing rules of " + file + " into the capacity store: "
                    + H2Files.whyNotOpened(e), e);
        } catch (IOException e) {
            throw new UncheckedIOException("sharing store " + file + " cannot be moved aside: " + e.getMessage(), e);
        }
    }

    /** An earlier agent's file has both tables, every row readable; true when it has rows to move. */
    private static Boolean checkOld(Connection c, boolean isNew) throws SQLException, DamagedFileException {
        if (isNew) {
            return false;
        }
        H2Files.requireTables(c, OLD_TABLES);
        for (String table : OLD_TABLES) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                while (rs.next()) {
                    // Reading every row finds a damaged page now, not half-way through the copy.
                }
            }
        }
        c.commit();
        return true;
    }

    /** How many machines' rules and how many answers a migration copied. */
    private record Copied(int offers, int answers) {
    }

    /**
     * Every rule and answer of {@code old} into {@code db}, in one durable transaction. An answer whose request id is
     * in {@code db} already (a reservation's, or this copy's from a start cut short) is left as it is there.
     */
    private static Copied copy(Connection old, Connection db) throws SQLException {
        int offers = 0;
        int answers = 0;
        try (Statement s = old.createStatement();
             ResultSet rs = s.executeQuery("SELECT machine, version, set_ms, request_id, rules FROM offer");
             PreparedStatement put = db.prepareStatement("MERGE INTO offer (machine, version, set_ms, request_id,"
                     + " rules) KEY (machine) VALUES (?, ?, ?, ?, ?)")) {
            while (rs.next()) {
                put.setString(1, rs.getString(1));
                put.setLong(2, rs.getLong(2));
                put.setLong(3, rs.getLong(3));
                put.setString(4, rs.getString(4));
                put.setString(5, rs.getString(5));
                put.executeUpdate();
                offers++;
            }
        }
        try (Statement s = old.createStatement();
             ResultSet rs = s.executeQuery("SELECT request_id, machine, result, reason, problems, version, answered_ms"
                     + " FROM answer");
             PreparedStatement known = db.prepareStatement("SELECT 1 FROM answer WHERE request_id = ?")) {
            while (rs.next()) {
                known.setString(1, rs.getString(1));
                try (ResultSet there = known.executeQuery()) {
                    if (there.next()) {
                        continue;
                    }
                }
                insert(db, new StoredAnswer(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        problems(rs.getString(5)), rs.getLong(6)), Instant.ofEpochMilli(rs.getLong(7)));
                answers++;
            }
        }
        commitDurably(db);
        return new Copied(offers, answers);
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

    /** The answer given to {@code requestId}, by this command or another, if any. */
    public Optional<StoredAnswer> answer(String requestId) {
        try (PreparedStatement p = db.prepareStatement(
                "SELECT command, machine, result, reason, problems, version FROM answer WHERE request_id = ?")) {
            p.setString(1, requestId);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredAnswer(requestId, rs.getString(1), rs.getString(2),
                        rs.getString(3).toLowerCase(Locale.ROOT), rs.getString(4), problems(rs.getString(5)),
                        rs.getLong(6)));
            }
        } catch (SQLException e) {
            throw failed("reading an answer", e);
        }
    }

    /** Keeps the new rules (none for an answer that changed nothing) and the answer in one durable transaction. */
    public void save(List<StoredOffer> offers, StoredAnswer answer, Instant at) {
        try (PreparedStatement o = db.prepareStatement(
                "MERGE INTO offer (machine, version, set_ms, request_id, rules) KEY (machine) VALUES (?, ?, ?, ?, ?)")) {
            for (StoredOffer offer : offers) {
                o.setString(1, offer.machineId());
                o.setLong(2, offer.version());
                o.setLong(3, offer.setAt().toEpochMilli());
                o.setString(4, offer.requestId());
                o.setString(5, offer.rules());
                o.addBatch();
            }
            o.executeBatch();
            insert(db, answer, at);
            commitDurably(db);
        } catch (SQLException e) {
            rollbackQuietly(db);
            throw failed("saving the rules", e);
        }
    }

    /** The answer as the capacity engine keeps its own: the result's enum name, upper case. */
    private static void insert(Connection db, StoredAnswer answer, Instant at) throws SQLException {
        try (PreparedStatement a = db.prepareStatement("INSERT INTO answer (request_id, command, machine, result,"
                + " reason, problems, version, answered_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            a.setString(1, answer.requestId());
            a.setString(2, COMMAND);
            a.setString(3, answer.machineId());
            a.setString(4, answer.result().toUpperCase(Locale.ROOT));
            if (answer.reason() == null) {
                a.setNull(5, Types.VARCHAR);
            } else {
                a.setString(5, answer.reason());
            }
            a.setString(6, String.join("\n", answer.problems()));
            a.setLong(7, answer.version());
            a.setLong(8, at.toEpochMilli());
            a.executeUpdate();
        }
    }

    private static List<String> problems(String stored) {
        return stored == null || stored.isEmpty() ? List.of() : List.of(stored.split("\n"));
    }

    private static void commitDurably(Connection db) throws SQLException {
        db.commit();
        try (Statement s = db.createStatement()) {
            s.execute("CHECKPOINT SYNC");
        }
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException e) {
            LOG.warn("sharing store: close failed: {}", e.getMessage());
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("sharing store: close failed: {}", e.getMessage());
        }
    }

    private static void rollbackQuietly(Connection db) {
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
