package io.edgeagent.agent.capacity.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.agent.capacity.CommandAnswer;
import io.edgeagent.agent.capacity.Delivery;
import io.edgeagent.agent.capacity.MeterSnapshot;
import io.edgeagent.agent.capacity.OpenHour;
import io.edgeagent.agent.capacity.OwedShare;
import io.edgeagent.agent.capacity.Reservation;
import io.edgeagent.agent.capacity.ReservationStatus;
import io.edgeagent.agent.capacity.TimeSpan;
import io.edgeagent.agent.capacity.UsageProfile;
import io.edgeagent.agent.config.MachineState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The capacity store on a real H2 file: what it keeps across a reopen, and what it does with a corrupt file. */
class CapacityStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-23T07:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private final Reservation reservation = new Reservation("res-1", "imm-01",
            new TimeSpan(T0.plusSeconds(3600), T0.plusSeconds(7200)), "r-1", "order 4711");

    private static final MeterSnapshot METER = new MeterSnapshot("imm-01", T0, T0.plusSeconds(3600),
            T0.plusSeconds(600), Map.of(MachineState.IDLE, 600_000L), 0, 0, null, null);

    /** A meter stored before good and bad parts were metered reads back as a machine that never reported them. */
    @Test
    void aMeterStoredBeforeGoodPartsReadsBackWithoutThem() {
        MeterSnapshot old = Snapshots.meter("{\"machine\":\"imm-01\",\"bucketStart\":" + T0.toEpochMilli()
                + ",\"bucketEnd\":" + T0.plusSeconds(3600).toEpochMilli() + ",\"cursor\":" + T0.plusSeconds(600).toEpochMilli()
                + ",\"millis\":{\"IDLE\":600000},\"unknown\":0,\"cycles\":7,\"lastCounter\":1234}");
        assertEquals(new MeterSnapshot("imm-01", T0, T0.plusSeconds(3600), T0.plusSeconds(600),
                Map.of(MachineState.IDLE, 600_000L), 0, 7, 1234L, null), old);
    }

    @Test
    void reservationsAnswersMetersAndProfilesSurviveAReopen() {
        CommandAnswer accepted = new CommandAnswer("r-1", "reserve", CommandAnswer.Result.ACCEPTED, null, reservation);
        CommandAnswer conflict = new CommandAnswer("r-2", "reserve", CommandAnswer.Result.CONFLICT, "overlaps", null);
        MeterSnapshot meter = new MeterSnapshot("imm-01", T0, T0.plusSeconds(3600), T0.plusSeconds(600),
                Map.of(MachineState.IDLE, 400_000L), 200_000L, 7, 1234L, 31.5, 26L, 5_040L, 2L, null);
        UsageProfile.Snapshot profile = new UsageProfile.Snapshot(List.of(new UsageProfile.Slot(9, 0.75, 3)));
        try (CapacityStore store = CapacityStore.open(dir, CLOCK)) {
            store.record(accepted, T0);
            store.record(conflict, T0);
            store.saveOpenHours(List.of(new OpenHour(meter, null, List.of())));
            store.saveProfile("imm-01", profile);
        }
        try (CapacityStore store = CapacityStore.open(dir, CLOCK)) {
            assertEquals(List.of(reservation), store.reservations());
            assertEquals(Optional.of(accepted), store.answer("r-1"));
            assertEquals(Optional.of(conflict), store.answer("r-2"));
            assertEquals(Optional.of(meter), store.meter("imm-01"));
            assertEquals(Optional.of(profile), store.profile("imm-01"));
            assertEquals(Optional.empty(), store.meter("imm-02"));

            store.record(new CommandAnswer("r-3", "release", CommandAnswer.Result.RELEASED, null, reservation), T0);
            assertTrue(store.reservations().isEmpty(), "a release removes the reservation with its answer");
            store.prune(T0.plusSeconds(1));
            assertEquals(Optional.empty(), store.answer("r-1"), "old answers are forgotten");
        }
    }

    /**
     * Issue 19: a reservation's status and the account of the running one are kept across a reopen, and so is
     * what an ended one is owed in the open hour (docs/capacity.md, Metering: shares survive a restart).
     */
    @Test
    void statusesTheRunningReservationsAccountAndTheSharesOwedSurviveAReopen() {
        Delivery running = Delivery.begin(reservation, reservation.start(), MachineState.RUNNING, "running rule");
        running.advance(reservation.start().plusSeconds(600));
        running.onCycles(20);
        running.onGoodParts(38);
        running.onJob("jobName", "JOB-4711");
        running.told(true);
        try (CapacityStore store = CapacityStore.open(dir, CLOCK)) {
            store.record(new CommandAnswer("r-1", "reserve", CommandAnswer.Result.ACCEPTED, null, reservation), T0);
            assertEquals(Map.of(), store.statuses(), "booked: no status stored yet");
            store.saveStatus(reservation.id(), ReservationStatus.ACTIVE);
            store.saveOpenHours(List.of(new OpenHour(METER, running.snapshot(), List.of())));
        }
        try (CapacityStore store = CapacityStore.open(dir, CLOCK)) {
            assertEquals(Map.of(reservation.id(), ReservationStatus.ACTIVE), store.statuses());
            assertEquals(Optional.of(running.snapshot()), store.delivery("imm-01"));
            assertEquals(Long.valueOf(38), store.delivery("imm-01").orElseThrow().goodParts());
            assertEquals(List.of(), store.owed("imm-01"));
            store.saveOpenHours(List.of(new OpenHour(METER, null, List.of(running.owed()))));
            assertEquals(Optional.empty(), store.delivery("imm-01"), "an ended reservation's account is removed");
        }
        try (CapacityStore store = CapacityStore.open(dir, CLOCK)) {
            assertEquals(List.of(new OwedShare(reservation.id(), "order 4711", reservation.start(),
                    reservation.start().plusSeconds(600), 20, 38, 0)), store.owed("imm-01"),
                    "what it is owed in the open hour is kept with it");
        }
    }

    /** A store written before reservations had a lifecycle has no status column: it is added, every reservation booked. */
    @Test
    void aStoreFromBeforeTheLifecycleGetsItsStatusColumn() throws Exception {
        Files.createDirectories(dir);
        String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("capacity") + ";TRACE_LEVEL_FILE=0";
        try (Connection c = DriverManager.getConnection(url, "edge", "");
             Statement s = c.createStatement()) {
            // The schema as CapacityStore created it up to 1891deb.
            s.execute("CREATE TABLE reservation (id VARCHAR(64) PRIMARY KEY, machine VARCHAR(64) NOT NULL,"
                    + " start_ms BIGINT NOT NULL, end_ms BIGINT NOT NULL, request_id VARCHAR(128) NOT NULL,"
                    + " reference VARCHAR(256))");
            s.execute("CREATE TABLE answer (request_id VARCHAR(128) PRIMARY KEY,"
                    + " command VARCHAR(32) NOT NULL, result VARCHAR(16) NOT NULL, reason VARCHAR(1024),"
                    + " reservation_id VARCHAR(64), machine VARCHAR(64), start_ms BIGINT, end_ms BIGINT,"
                    + " reservation_request VARCHAR(128), reference VARCHAR(256), answered_ms BIGINT NOT NULL)");
            s.execute("CREATE TABLE document (kind VARCHAR(32) NOT NULL, machine VARCHAR(64) NOT NULL,"
                    + " body VARCHAR NOT NULL, PRIMARY KEY (kind, machine))");
            s.execute("INSERT INTO reservation VALUES ('res-1', 'imm-01', " + reservation.start().toEpochMilli() + ", "
                    + reservation.end().toEpochMilli() + ", 'r-1', 'order 4711')");
        }
        try (CapacityStore store = CapacityStore.open(dir, CLOCK)) {
            assertTrue(store.movedAside().isEmpty(), "an older store is not damaged");
            assertEquals(List.of(reservation), store.reservations());
            assertEquals(Map.of(), store.statuses());
            store.saveStatus(reservation.id(), ReservationStatus.ACTIVE);
            assertEquals(Map.of(reservation.id(), ReservationStatus.ACTIVE), store.statuses());
        }
    }

    @Test
    void anUnreadableFileIsMovedAsideNotDeleted() throws Exception {
        Files.createDirectories(dir);
        byte[] garbage = "this is not an H2 file, it is what a bad SD card sector leaves".repeat(100).getBytes();
        Files.write(dir.resolve("capacity.mv.db"), garbage);
        try (CapacityStore store = CapacityStore.open(dir, CLOCK)) {
            assertTrue(store.reservations().isEmpty());
            assertTrue(store.movedAside().isPresent(), "the platform is told its reservations are gone");
            store.record(new CommandAnswer("r-1", "reserve", CommandAnswer.Result.ACCEPTED, null, reservation), T0);
        }
        try (Stream<Path> files = Files.list(dir)) {
            Path aside = files.filter(p -> p.getFileName().toString().startsWith("capacity.corrupt-")).findFirst().orElseThrow();
            assertEquals(garbage.length, Files.size(aside), "the unreadable file is kept as it was");
        }
    }

    /**
     * Issue 14, defect 2: H2 can open a damaged file in an older, empty state without an error; the store used to
     * create its tables afresh in it and go on, its reservations silently gone. A file without its tables is damaged.
     */
    @Test
    void aFileThatOpensWithoutItsTablesIsMovedAsideAndSaysSo() throws Exception {
        try (CapacityStore store = CapacityStore.open(dir, CLOCK)) {
            store.record(new CommandAnswer("r-1", "reserve", CommandAnswer.Result.ACCEPTED, null, reservation), T0);
        }
        try (java.sql.Connection c = io.edgeagent.agent.storage.H2Files.open(dir, "capacity");
             java.sql.Statement s = c.createStatement()) {
            s.execute("DROP TABLE reservation");
            c.commit();
        }
        try (CapacityStore store = CapacityStore.open(dir, CLOCK)) {
            assertTrue(store.reservations().isEmpty());
            String reason = store.movedAside().orElseThrow().reason();
            assertEquals("its table reservation is missing: H2 opened an older or empty state of it", reason);
            assertTrue(Files.exists(store.movedAside().get().movedTo()), "the damaged file is kept");
        }
        try (CapacityStore store = CapacityStore.open(dir, CLOCK)) {
            assertTrue(store.movedAside().isEmpty(), "the fresh file is trusted at the next start");
        }
    }

    @Test
    void aStoredDocumentThatNoLongerAddsUpIsDroppedNotResumed() {
        try (CapacityStore store = CapacityStore.open(dir, CLOCK)) {
            store.saveOpenHours(List.of(new OpenHour(METER, null, List.of())));
        }
        // Simulate a row damaged on disk: the times no longer add up to the cursor.
        try (CapacityStore store = CapacityStore.open(dir, CLOCK)) {
            store.putDocuments("meter", Map.of("imm-01", "{\"machine\":\"imm-01\",\"bucketStart\":0,\"bucketEnd\":3600000,\"cursor\":600000,"
                    + "\"millis\":{\"IDLE\":1},\"unknown\":0,\"cycles\":0}"));
            assertEquals(Optional.empty(), store.meter("imm-01"));
        }
    }
}
