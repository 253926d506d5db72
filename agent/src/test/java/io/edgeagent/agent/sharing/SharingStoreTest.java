package io.edgeagent.agent.sharing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.agent.capacity.CapacityEngine;
import io.edgeagent.agent.capacity.CapacityPlan;
import io.edgeagent.agent.capacity.CommandAnswer;
import io.edgeagent.agent.capacity.ReserveRequest;
import io.edgeagent.agent.config.AgentConfig;
import io.edgeagent.agent.config.ConfigLoader;
import io.edgeagent.agent.sharing.SharingAnswer.Result;
import io.edgeagent.agent.testing.CapacityRecorder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sharing rules in the capacity store's file: request ids one space across commands (config/asyncapi.yaml,
 * "Ids are one space across the commands that store their answers"), and an earlier agent's own sharing file moved
 * in at the first start.
 */
class SharingStoreTest {

    /** An hour after the old file was written (see src/test/resources/sharing-own-file/README.md). */
    private static final Instant T0 = Instant.parse("2026-12-01T07:00:00Z");
    private static final String RULES = "{\"minWindowMinutes\": 45}";

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    @AutoClose
    private final StoresOnDisk stores = new StoresOnDisk(clock);

    @Test
    void anOldSharingFileIsMovedIntoTheCapacityStoreOnceWithEverythingItHeld() throws Exception {
        Path old = earlierFile("sharing-own-file/sharing.mv.db", "data/sharing");
        AgentConfig config = config();
        SharingOffers offers = stores.open(dir.resolve("data"), config);

        assertFalse(Files.exists(old), "moved aside, so that no later start reads it again");
        List<Path> aside = files(dir.resolve("data/sharing"));
        assertEquals(1, aside.size(), aside.toString());
        assertTrue(aside.get(0).getFileName().toString().matches("sharing\\.migrated-20261201T070000Z\\.mv\\.db"),
                aside.toString());

        assertEquals(1, offers.version(), "the platform's version goes on from the old file's");
        MachineOffer imm02 = offers.offer("imm-02").orElseThrow();
        assertEquals(new RuleOrigin.Platform(1, Instant.parse("2026-12-01T06:00:00Z"), "s-1"), imm02.origin());
        assertEquals(90, imm02.minWindowMinutes());
        assertEquals("MON TUE 18:00-06:00", imm02.rules().get(0).rule());
        assertEquals(0, offers.offer("imm-01").orElseThrow().version(), "imm-01 keeps the file's rules");

        SharingAnswer accepted = offers.set("s-1", "imm-02", 0L, RULES);
        assertEquals(Result.ACCEPTED, accepted.result(), "a retry of the old file's request gets its first answer");
        assertEquals(1, accepted.version());
        assertTrue(accepted.changed().isEmpty());
        SharingAnswer rejected = offers.set("s-2", "imm-01", null, RULES);
        assertEquals(Result.REJECTED, rejected.result());
        assertEquals(List.of("sharing.minWindowMinutes is 0, out of range: use a whole number of minutes (1 to 1440)",
                "sharing.calendar.weekly[0].days[0] 'TUX' is not one of MON, TUE, WED, THU, FRI, SAT, SUN: did you"
                        + " mean 'TUE'?"), rejected.problems());
        assertEquals("the sharing rules have 2 problems, the first: " + rejected.problems().get(0), rejected.reason());
        SharingAnswer conflict = offers.set("s-3", "imm-02", 0L, RULES);
        assertEquals(Result.CONFLICT, conflict.result());
        assertEquals("ifVersion 0 is not the current version 1 of the sharing rules of imm-02: they changed since they"
                + " were read; get them again", conflict.reason());

        stores.close();
        SharingOffers again = stores.open(dir.resolve("data"), config);
        assertEquals(List.of(aside.get(0)), files(dir.resolve("data/sharing")), "nothing more to move");
        assertEquals(offers.offers(), again.offers(), "the rules now come from the capacity store's file");
        assertEquals(Result.ACCEPTED, again.set("s-1", "imm-02", 0L, RULES).result());
    }

    /** An earlier agent's file that is damaged is moved aside as every damaged H2 file is, and the start goes on. */
    @Test
    void aDamagedOldSharingFileIsMovedAsideAndTheFilesRulesAreInForce() throws Exception {
        Path old = Files.createDirectories(dir.resolve("data/sharing")).resolve("sharing.mv.db");
        Files.writeString(old, "not an H2 file, as a bad SD card sector leaves one");
        SharingOffers offers = stores.open(dir.resolve("data"), config());

        assertEquals(List.of(dir.resolve("data/sharing/sharing.corrupt-20261201T070000Z.mv.db")),
                files(dir.resolve("data/sharing")), "kept for analysis, and no empty file left in its place");
        assertEquals("not an H2 file, as a bad SD card sector leaves one",
                Files.readString(dir.resolve("data/sharing/sharing.corrupt-20261201T070000Z.mv.db")));
        assertEquals(0, offers.version());
        assertEquals(0, offers.offer("imm-02").orElseThrow().version(), "the config file's rules");
        assertEquals(Result.ACCEPTED, offers.set("s-1", "imm-02", null, RULES).result());
    }

    /** One answer table: an id replayed on another command is told so, not answered with the other's answer. */
    @Test
    void aRequestIdIsOneSpaceAcrossSharingAndReservations() throws Exception {
        AgentConfig config = config();
        SharingOffers offers = stores.open(dir.resolve("data"), config);
        CapacityEngine engine = new CapacityEngine(CapacityPlan.from(config), stores.capacity(), new CapacityRecorder());
        engine.start(T0, 0);

        assertEquals(Result.ACCEPTED, offers.set("s-1", "imm-02", null, RULES).result());
        CommandAnswer reserve = engine.reserve(new ReserveRequest("s-1", "imm-02", null, T0.plusSeconds(3600),
                T0.plusSeconds(7200), null), T0);
        assertEquals(CommandAnswer.Result.REJECTED, reserve.result());
        assertEquals("requestId 's-1' was already used for a sharing request: every request needs its own id",
                reserve.reason());

        CommandAnswer unknown = engine.reserve(new ReserveRequest("r-1", "imm-09", null, T0.plusSeconds(3600),
                T0.plusSeconds(7200), null), T0);
        assertEquals(CommandAnswer.Result.REJECTED, unknown.result());
        SharingAnswer set = offers.set("r-1", "imm-02", null, RULES);
        assertEquals(Result.REJECTED, set.result());
        assertEquals("requestId 'r-1' was already used for a reserve request: every request needs its own id",
                set.reason());
        assertEquals(1, offers.version(), "nothing changed");
        assertEquals(unknown, engine.reserve(new ReserveRequest("r-1", "imm-09", null, T0.plusSeconds(3600),
                T0.plusSeconds(7200), null), T0), "the id stays the reserve's, with its first answer");

        stores.close();
        offers = stores.open(dir.resolve("data"), config);
        assertEquals(Result.REJECTED, offers.set("r-1", "imm-02", null, RULES).result(), "across a restart too");
        assertEquals(Result.ACCEPTED, offers.set("s-1", "imm-02", null, RULES).result());
    }

    /**
     * A store written before: it gains the sharing table and room for a sharing answer's long reason, and keeps its
     * reservations and answers, whose ids sharing now sees.
     */
    @Test
    void aCapacityStoreWrittenBeforeTakesTheSharingRulesAndKeepsItsOwn() throws Exception {
        earlierFile("capacity-before-sharing/capacity.mv.db", "data/capacity");
        AgentConfig config = config();
        SharingOffers offers = stores.open(dir.resolve("data"), config);
        assertTrue(stores.capacity().movedAside().isEmpty(), "an older file is no damaged one");
        assertEquals(List.of("res-1"), stores.capacity().reservations().stream().map(r -> r.id()).toList());
        assertEquals("requestId 'r-1' was already used for a reserve request: every request needs its own id",
                offers.set("r-1", "imm-02", null, RULES).reason());

        String longDay = "D".repeat(1500);
        SharingAnswer rejected = offers.set("s-long", "imm-01", null, "{\"calendar\": {\"weekly\": [{\"days\": [\""
                + longDay + "\"], \"from\": \"08:00\", \"to\": \"09:00\"}]}}");
        assertEquals(Result.REJECTED, rejected.result());
        assertTrue(rejected.reason().length() > 1500, rejected.reason());
        assertEquals(Result.ACCEPTED, offers.set("s-1", "imm-02", null, RULES).result());

        stores.close();
        SharingOffers again = stores.open(dir.resolve("data"), config);
        assertEquals(rejected.reason(), again.set("s-long", "imm-01", null, RULES).reason(), "kept whole");
        assertEquals(1, again.version());
        assertEquals(45, again.offer("imm-02").orElseThrow().minWindowMinutes());
        assertEquals(List.of("res-1"), stores.capacity().reservations().stream().map(r -> r.id()).toList());
    }

    /** A file an earlier agent wrote (src/test/resources, with a README on how), put where it kept it. */
    private Path earlierFile(String resource, String folder) throws IOException {
        Path file = Files.createDirectories(dir.resolve(folder)).resolve(Path.of(resource).getFileName());
        try (InputStream in = getClass().getResourceAsStream("/" + resource)) {
            Files.copy(in, file);
        }
        return file;
    }

    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }

    /** The config the old file was written under: its machines, rules managed by the platform. */
    private AgentConfig config() throws Exception {
        return ConfigLoader.load(Files.writeString(dir.resolve("agent.yaml"), """
                sharing:
                  managedBy: platform
                  calendar:
                    weekly:
                      - { days: [MON, TUE, WED, THU, FRI, SAT, SUN], from: "00:00", to: "24:00" }
                agent: { id: gw01, site: plant-1, dataDir: ./data, timezone: UTC }
                broker: { urls: [ "tcp://127.0.0.1:1883" ] }
                machines:
                  - id: imm-01
                    modbus: { tcp: 127.0.0.1 }
                    signals: { mode: { register: holding:0 } }
                    state: { running: { signal: mode, eq: 1 }, idle: { otherwise: true } }
                  - id: imm-02
                    modbus: { tcp: 127.0.0.2 }
                    signals: { mode: { register: holding:0 } }
                    state: { running: { signal: mode, eq: 1 }, idle: { otherwise: true } }
                """), Function.identity());
    }
}
