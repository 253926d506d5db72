package io.edgeagent.agent.capacity.store;

import io.edgeagent.agent.capacity.CapacityMemory;
import io.edgeagent.agent.capacity.CommandAnswer;
import io.edgeagent.agent.capacity.Delivery;
import io.edgeagent.agent.capacity.MeterSnapshot;
import io.edgeagent.agent.capacity.OpenHour;
import io.edgeagent.agent.capacity.OwedShare;
import io.edgeagent.agent.capacity.Reservation;
import io.edgeagent.agent.capacity.ReservationStatus;
import io.edgeagent.agent.capacity.TimeSpan;
import io.edgeagent.agent.capacity.UsageProfile;
import io.edgeagent.agent.storage.DamagedFileException;
import io.edgeagent.agent.storage.H2Files;
import io.edgeagent.agent.storage.MovedAside;
import io.edgeagent.agent.storage.OpenedFile;
import java.io.IOException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the capacity side must remember across restarts, in its own H2 file
 * ({@code <dataDir>/capacity/capacity.mv.db}): reservations, the answers given to commands (so a retried
 * request gets the same answer), and per-machine documents such as the open metering hour and the learned
 * usage profile. Small, rarely written data: every change is its own transaction and is forced to the
 * device before the method returns, because an accepted reservation must not vanish in a power cut.
 *
 * <p>The platform's sharing rules live in the same file (table {@code offer}, written by the sharing store over its
 * own {@link #connect connection}), and their answers in the same {@code answer} table, with {@code command}
 * {@code sharing}: request ids are one space across commands, so one table holds them all, and a request id
 * replayed on another command is found. This class owns the file's schema and its one open-or-quarantine.
 *
 * <p>Not thread-safe: owned by the thread that drives the capacity components.
 */
public final class CapacityStore implements CapacityMemory, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CapacityStore.class);
    private static final String FILE_NAME = "capacity";
    private static final String METER = "meter";
    private static final String PROFILE = "profile";
    private static final String DELIVERY = "delivery";
    private static final String OWED = "owed";

    private static final List<String> TABLES = List.of("reservation", "answer", "document");
    /** H2's length of a VARCHAR without one: a sharing answer's reason quotes what it refused. */
    private static final long MAX_REASON = 1_000_000;

    private final Path dir;
    private final Connection db;
    private final Optional<MovedAside> movedAside;

    private CapacityStore(Path dir, Connection db, Optional<MovedAside> movedAside) {
        this.dir = dir;
        this.db = db;
        this.movedAside = movedAside;
    }

    /**
     * Opens (or creates) the store under {@code dir}. A damaged file (unreadable, or missing its tables: H2 can
     * open a damaged file in an older, empty state) is moved aside with a timestamped name, never deleted, and a
     * fresh store is started; the reservations in it are then lost, which {@link #movedAside} tells, so that the
     * platform is told to reconcile.
     */
    public static CapacityStore open(Path dir, Clock clock) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot create capacity directory " + dir + ": " + e.getMessage(), e);
        }
        Path file = dir.resolve(FILE_NAME + ".mv.db");
        try {
            OpenedFile<Void> opened = H2Files.openChecked(dir, FILE_NAME, clock, CapacityStore::check);
            opened.movedAside().ifPresent(m -> LOG.error("capacity store: reservations, learned usage profiles and the"
                    + " platform's sharing rules in {} are NOT in use any more; the platform is told to reconcile its"
                    + " reservations, and the file's sharing rules are in force until it sets its own again",
                    m.movedTo()));
            return new CapacityStore(dir, opened.connection(), opened.movedAside());
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot open capacity store " + file + ": " + H2Files.whyNotOpened(e), e);
        } catch (IOException e) {
            throw new StoreUnavailableException("capacity store " + file + " is damaged and could not be moved aside: "
                    + e.getMessage(), e);
        }
    }

    /** Creates the tables in a new file; in an existing one, finds them and reads every row once. */
    private static Void check(Connection c, boolean isNew) throws SQLException, DamagedFileException {
        if (isNew) {
            createSchema(c);
            return null;
        }
        H2Files.requireTables(c, TABLES);
        // Stores written before reservations had a lifecycle: every reservation in them is booked (null).
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE reservation ADD COLUMN IF NOT EXISTS status VARCHAR(16)");
        }
        shareWithSharing(c);
        for (String table : TABLES) {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                while (rs.next()) {
                    // Reading every row finds a damaged page now, not at the first reservation.
                }
            }
        }
        c.commit();
        return null;
    }

    /** The damaged file this start moved aside, losing what it held; the platform must reconcile its reservations. */
    public Optional<MovedAside> movedAside() {
        return movedAside;
    }

    private static void createSchema(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS reservation (id VARCHAR(64) PRIMARY KEY, machine VARCHAR(64) NOT NULL,"
                    + " start_ms BIGINT NOT NULL, end_ms BIGINT NOT NULL, request_id VARCHAR(128) NOT NULL,"
                    + " reference VARCHAR(256), status VARCHAR(16))");
            s.execute("CREATE TABLE IF NOT EXISTS answer (request_id VARCHAR(128) PRIMARY KEY,"
                    + " command VARCHAR(32) NOT NULL, result VARCHAR(16) NOT NULL, reason VARCHAR,"
                    + " reservation_id VARCHAR(64), machine VARCHAR(64), start_ms BIGINT, end_ms BIGINT,"
                    + " reservation_request VARCHAR(128), reference VARCHAR(256), answered_ms BIGINT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS document (kind VARCHAR(32) NOT NULL, machine VARCHAR(64) NOT NULL,"
                    + " body VARCHAR NOT NULL, PRIMARY KEY (kind, machine))");
        }
        shareWithSharing(c);
        c.commit();
    }

    /**
     * The sharing store's table and the columns of its answers, in new files and in those written before the sharing
     * rules moved here: a sharing answer's reason quotes the rules it refused and may be longer than a reservation's.
     */
    private static void shareWithSharing(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS offer (machine VARCHAR(64) PRIMARY KEY, version BIGINT NOT NULL,"
                    + " set_ms BIGINT NOT NULL, request_id VARCHAR(128) NOT NULL, rules VARCHAR NOT NULL)");
            s.execute("ALTER TABLE answer ADD COLUMN IF NOT EXISTS problems VARCHAR");
            s.execute("ALTER TABLE answer ADD COLUMN IF NOT EXISTS version BIGINT");
            try (ResultSet rs = s.executeQuery("SELECT CHARACTER_MAXIMUM_LENGTH FROM INFORMATION_SCHEMA.COLUMNS"
                    + " WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = 'ANSWER' AND COLUMN_NAME = 'REASON'")) {
                if (rs.next() && rs.getLong(1) < MAX_REASON) {
                    s.execute("ALTER TABLE answer ALTER COLUMN reason SET DATA TYPE VARCHAR");
                }
            }
        }
    }

    /**
     * Another connection to this file, checked and open: the sharing store's, which writes on the platform's command
     * thread while this one's owner writes on the ingest thread, each in its own transactions. The caller closes it.
     */
    public Connection connect() {
        try {
            return H2Files.open(dir, FILE_NAME);
        } catch (SQLException e) {
            throw failed("opening a connection for the sharing rules", e);
        }
    }

    @Override
    public List<Reservation> reservations() {
        List<Reservation> out = new ArrayList<>();
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, machine, start_ms, end_ms, request_id, reference FROM reservation"
                     + " ORDER BY start_ms, id")) {
            while (rs.next()) {
                out.add(new Reservation(rs.getString(1), rs.getString(2),
                        new TimeSpan(Instant.ofEpochMilli(rs.getLong(3)), Instant.ofEpochMilli(rs.getLong(4))),
                        rs.getString(5), rs.getString(6)));
            }
            return out;
        } catch (SQLException e) {
            throw failed("reading reservations", e);
        }
    }

    @Override
    public Map<String, ReservationStatus> statuses() {
        Map<String, ReservationStatus> out = new LinkedHashMap<>();
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, status FROM reservation WHERE status IS NOT NULL")) {
            while (rs.next()) {
                out.put(rs.getString(1), ReservationStatus.valueOf(rs.getString(2)));
            }
            return out;
        } catch (SQLException | IllegalArgumentException e) {
            throw new StoreUnavailableException("capacity store: reading reservation statuses failed: "
                    + e.getMessage(), e);
        }
    }

    /** Stores a reservation's new status; returns once it is on the device. */
    @Override
    public void saveStatus(String reservationId, ReservationStatus status) {
        try (PreparedStatement p = db.prepareStatement("UPDATE reservation SET status = ? WHERE id = ?")) {
            p.setString(1, status.name());
            p.setString(2, reservationId);
            p.executeUpdate();
            commitDurably();
        } catch (SQLException e) {
            rollbackQuietly();
            throw failed("storing the status of reservation " + reservationId, e);
        }
    }

    @Override
    public Optional<Delivery.Snapshot> delivery(String machineId) {
        return document(DELIVERY, machineId).flatMap(body -> decode(DELIVERY, machineId, () -> Snapshots.delivery(body)));
    }

    @Override
    public List<OwedShare> owed(String machineId) {
        return document(OWED, machineId).flatMap(body -> decode(OWED, machineId, () -> Snapshots.owed(body)))
                .orElse(List.of());
    }

    /** The answer already given to {@code requestId}, if any. */
    @Override
    public Optional<CommandAnswer> answer(String requestId) {
        try (PreparedStatement p = db.prepareStatement("SELECT command, result, reason, reservation_id, machine,"
                + " start_ms, end_ms, reservation_request, reference FROM answer WHERE request_id = ?")) {
            p.setString(1, requestId);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Reservation r = rs.getString(4) == null ? null : new Reservation(rs.getString(4), rs.getString(5),
                        new TimeSpan(Instant.ofEpochMilli(rs.getLong(6)), Instant.ofEpochMilli(rs.getLong(7))),
                        rs.getString(8), rs.getString(9));
                return Optional.of(new CommandAnswer(requestId, rs.getString(1),
                        CommandAnswer.Result.valueOf(rs.getString(2)), rs.getString(3), r));
            }
        } catch (SQLException e) {
            throw failed("reading the answer to request " + requestId, e);
        }
    }

    /**
     * Records an answer and its effect in one transaction: an accepted reservation is added, a released
     * one removed. Returns once it is on the device.
     */
    @Override
    public void record(CommandAnswer answer, Instant at) {
        try {
            Reservation r = answer.reservation();
            if (answer.result() == CommandAnswer.Result.ACCEPTED) {
                try (PreparedStatement p = db.prepareStatement("INSERT INTO reservation (id, machine, start_ms, end_ms,"
                        + " request_id, reference) VALUES (?, ?, ?, ?, ?, ?)")) {
                    p.setString(1, r.id());
                    p.setString(2, r.machineId());
                    p.setLong(3, r.start().toEpochMilli());
                    p.setLong(4, r.end().toEpochMilli());
                    p.setString(5, r.requestId());
                    p.setString(6, r.reference());
                    p.executeUpdate();
                }
            } else if (answer.result() == CommandAnswer.Result.RELEASED) {
                try (PreparedStatement p = db.prepareStatement("DELETE FROM reservation WHERE id = ?")) {
                    p.setString(1, r.id());
                    p.executeUpdate();
                }
            }
            try (PreparedStatement p = db.prepareStatement("INSERT INTO answer (request_id, command, result, reason,"
                    + " reservation_id, machine, start_ms, end_ms, reservation_request, reference, answered_ms)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                p.setString(1, answer.requestId());
                p.setString(2, answer.command());
                p.setString(3, answer.result().name());
                p.setString(4, answer.reason());
                p.setString(5, r == null ? null : r.id());
                p.setString(6, r == null ? null : r.machineId());
                setLong(p, 7, r == null ? null : r.start().toEpochMilli());
                setLong(p, 8, r == null ? null : r.end().toEpochMilli());
                p.setString(9, r == null ? null : r.requestId());
                p.setString(10, r == null ? null : r.reference());
                p.setLong(11, at.toEpochMilli());
                p.executeUpdate();
            }
            commitDurably();
        } catch (SQLException e) {
            rollbackQuietly();
            throw failed("recording the answer to request " + answer.requestId(), e);
        }
    }

    /**
     * Forgets reservations that ended before {@code before} and answers older than it; a platform does not
     * retry a request for that long.
     */
    @Override
    public void prune(Instant before) {
        try (PreparedStatement r = db.prepareStatement("DELETE FROM reservation WHERE end_ms < ?");
             PreparedStatement a = db.prepareStatement("DELETE FROM answer WHERE answered_ms < ?")) {
            r.setLong(1, before.toEpochMilli());
            r.executeUpdate();
            a.setLong(1, before.toEpochMilli());
            a.executeUpdate();
            db.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw failed("pruning old reservations", e);
        }
    }

    @Override
    public Optional<MeterSnapshot> meter(String machineId) {
        return document(METER, machineId).flatMap(body -> decode(METER, machineId, () -> Snapshots.meter(body)));
    }

    @Override
    public void saveOpenHours(List<OpenHour> hours) {
        if (hours.isEmpty()) {
            return;
        }
        try (PreparedStatement put = db.prepareStatement("MERGE INTO document (kind, machine, body) KEY (kind, machine)"
                + " VALUES (?, ?, ?)");
             PreparedStatement delete = db.prepareStatement("DELETE FROM document WHERE kind = ? AND machine = ?")) {
            for (OpenHour h : hours) {
                addDocument(put, METER, h.machineId(), Snapshots.json(h.meter()));
                addDocument(put, OWED, h.machineId(), Snapshots.json(h.owed()));
                if (h.delivery() == null) {
                    delete.setString(1, DELIVERY);
                    delete.setString(2, h.machineId());
                    delete.addBatch();
                } else {
                    addDocument(put, DELIVERY, h.machineId(), Snapshots.json(h.delivery()));
                }
            }
            put.executeBatch();
            delete.executeBatch();
            db.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw failed("storing the open metering hours", e);
        }
    }

    private static void addDocument(PreparedStatement put, String kind, String machineId, String body)
            throws SQLException {
        put.setString(1, kind);
        put.setString(2, machineId);
        put.setString(3, body);
        put.addBatch();
    }

    @Override
    public Optional<UsageProfile.Snapshot> profile(String machineId) {
        return document(PROFILE, machineId).flatMap(body -> decode(PROFILE, machineId, () -> Snapshots.profile(body)));
    }

    @Override
    public void saveProfile(String machineId, UsageProfile.Snapshot profile) {
        putDocuments(PROFILE, Map.of(machineId, Snapshots.json(profile)));
    }

    /** A document that cannot be read back is dropped with a warning: the component starts afresh. */
    private static <T> Optional<T> decode(String kind, String machineId, Supplier<T> parse) {
        try {
            return Optional.of(parse.get());
        } catch (RuntimeException e) {
            LOG.warn("{}: stored {} is unreadable ({}); starting it afresh", machineId, kind, e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<String> document(String kind, String machineId) {
        try (PreparedStatement p = db.prepareStatement("SELECT body FROM document WHERE kind = ? AND machine = ?")) {
            p.setString(1, kind);
            p.setString(2, machineId);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failed("reading " + kind + " of " + machineId, e);
        }
    }

    void putDocuments(String kind, Map<String, String> bodiesByMachine) {
        if (bodiesByMachine.isEmpty()) {
            return;
        }
        try (PreparedStatement p = db.prepareStatement("MERGE INTO document (kind, machine, body) KEY (kind, machine)"
                + " VALUES (?, ?, ?)")) {
            for (Map.Entry<String, String> e : bodiesByMachine.entrySet()) {
                p.setString(1, kind);
                p.setString(2, e.getKey());
                p.setString(3, e.getValue());
                p.addBatch();
            }
            p.executeBatch();
            db.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw failed("storing " + kind, e);
        }
    }

    @Override
    public void close() {
        try (Statement s = db.createStatement()) {
            s.execute("CHECKPOINT SYNC");
        } catch (SQLException e) {
            LOG.warn("capacity store: final checkpoint failed: {}", e.getMessage());
        }
        try {
            db.close();
        } catch (SQLException e) {
            LOG.warn("capacity store: close failed: {}", e.getMessage());
        }
    }

    private void commitDurably() throws SQLException {
        db.commit();
        try (Statement s = db.createStatement()) {
            s.execute("CHECKPOINT SYNC");
        }
    }

    private static void setLong(PreparedStatement p, int index, Long value) throws SQLException {
        if (value == null) {
            p.setNull(index, Types.BIGINT);
        } else {
            p.setLong(index, value);
        }
    }

    private void rollbackQuietly() {
        try {
            db.rollback();
        } catch (SQLException e) {
            LOG.debug("capacity store: rollback failed: {}", e.getMessage());
        }
    }

    private static StoreUnavailableException failed(String what, SQLException e) {
        return new StoreUnavailableException("capacity store: " + what + " failed: " + H2Files.firstLine(e.getMessage()), e);
    }

}
