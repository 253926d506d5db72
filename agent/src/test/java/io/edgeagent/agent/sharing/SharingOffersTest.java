package io.edgeagent.agent.sharing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.agent.config.AgentConfig;
import io.edgeagent.agent.config.ConfigException;
import io.edgeagent.agent.config.ConfigLoader;
import io.edgeagent.agent.config.ConfigProblem;
import io.edgeagent.agent.config.MaintenanceSlot;
import io.edgeagent.agent.sharing.SharingAnswer.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform's sharing rules against a real H2 file: versions and {@code ifVersion}, retried requests, the file's
 * own checks and words, {@code managedBy}, and what a restart keeps. The answers' JSON and their way over MQTT are
 * {@link SharingCommandEndToEndTest}'s.
 */
class SharingOffersTest {

    private static final Instant T0 = Instant.parse("2026-12-01T06:00:00Z");
    private static final String CALENDAR = """
            {"calendar": {"weekly": [{"days": ["MON", "TUE"], "from": "18:00", "to": "06:00"}], "closed": ["2026-12-25"]},
             "minWindowMinutes": 90,
             "maintenance": [{"machine": "imm-02", "from": "2026-12-02T08:00", "to": "2026-12-02T12:00"}]}""";

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    @AutoClose
    private final StoresOnDisk stores = new StoresOnDisk(clock);

    @Test
    void anAcceptedSetIsInForceAtOnceAndAfterARestartWithItsVersionAndOrigin() throws Exception {
        AgentConfig config = config("platform");
        SharingOffers offers = stores.open(dir.resolve("data"), config);
        assertEquals(0, offers.version(), "nothing set yet: the file's rules, version 0");

        SharingAnswer set = offers.set("s-1", "imm-02", 0L, CALENDAR);
        assertEquals(Result.ACCEPTED, set.result(), set.reason());
        assertEquals(1, set.version());
        assertEquals(List.of("imm-02"), set.changed().stream().map(MachineOffer::machineId).toList());
        assertPlatformRules(offers.offer("imm-02").orElseThrow(), 1, "s-1");
        assertEquals(0, offers.offer("imm-01").orElseThrow().version(), "the other machine keeps the file's rules");
        assertTrue(offers.maintenanceAt("imm-02", Instant.parse("2026-12-02T09:00:00Z")).orElseThrow()
                .endsWith("(platform version 1, set " + T0 + ")"), "why names the platform's version");

        stores.close();
        SharingOffers reopened = stores.open(dir.resolve("data"), config);
        assertEquals(1, reopened.version());
        assertPlatformRules(reopened.offer("imm-02").orElseThrow(), 1, "s-1");
        assertEquals(offers.offers(), reopened.offers(), "a restart puts exactly the same rules in force");
    }

    /** The point of ifVersion: of two platform users who read version 1, the second to write is told, not lost. */
    @Test
    void aStaleIfVersionIsAConflictAndChangesNothing() throws Exception {
        SharingOffers offers = stores.open(dir.resolve("data"), config("platform"));
        assertEquals(Result.ACCEPTED, offers.set("s-1", null, 0L, CALENDAR).result());
        assertEquals(Result.ACCEPTED, offers.set("s-2", "imm-01", 1L, CALENDAR.replace("imm-02", "imm-01")).result());

        SharingAnswer stale = offers.set("s-3", null, 1L, CALENDAR.replace("\"minWindowMinutes\": 90", "\"minWindowMinutes\": 30"));
        assertEquals(Result.CONFLICT, stale.result());
        assertEquals("ifVersion 1 is not the current version 2 of the sharing rules of this agent: they changed since"
                + " they were read; get them again", stale.reason());
        assertEquals(2, offers.version());
        assertTrue(stale.changed().isEmpty());
        assertEquals(90, offers.offer("imm-02").orElseThrow().minWindowMinutes(), "nothing changed");

        assertEquals(Result.ACCEPTED, offers.set("s-4", "imm-02", 1L, CALENDAR).result(),
                "imm-02 is still at version 1: a change to imm-01 is no conflict for it");
    }

    /** A retry after a lost answer: the first answer again, not a conflict with its own change, nothing applied twice. */
    @Test
    void aRetriedRequestGetsItsFirstAnswerAgainAcrossARestart() throws Exception {
        AgentConfig config = config("platform");
        SharingOffers offers = stores.open(dir.resolve("data"), config);
        SharingAnswer first = offers.set("s-1", "imm-02", 0L, CALENDAR);
        SharingAnswer again = offers.set("s-1", "imm-02", 0L, CALENDAR);
        assertEquals(Result.ACCEPTED, again.result());
        assertEquals(first.version(), again.version());
        assertTrue(again.changed().isEmpty(), "nothing to put in force again");
        assertEquals(1, offers.version());
        SharingAnswer all = offers.set("s-all", null, 1L, CALENDAR);
        SharingAnswer allAgain = offers.set("s-all", null, 1L, CALENDAR);
        assertEquals(Result.ACCEPTED, allAgain.result(), "the same for a request about all machines");
        assertEquals(2, allAgain.version());
        assertEquals(all.machines(), allAgain.machines());

        SharingAnswer rejected = offers.set("s-2", "imm-02", null, "{\"minWindowMinutes\": 0}");
        stores.close();
        SharingOffers reopened = stores.open(dir.resolve("data"), config);
        assertEquals(rejected.reason(), reopened.set("s-2", "imm-02", null, CALENDAR).reason(),
                "a rejected request stays rejected even when retried with mended rules: a new change needs a new id");
        assertEquals(first.version(), reopened.set("s-1", "imm-02", 0L, CALENDAR).version());
        assertEquals(2, reopened.version());
    }

    /** The same mistake is told in the same words whether a technician writes it in the file or the platform sends it. */
    @Test
    void invalidRulesAreRejectedWithTheFilesOwnMessages() throws Exception {
        SharingOffers offers = stores.open(dir.resolve("data"), config("platform"));
        String bad = """
                {"calendar": {"weekly": [{"days": ["MON", "TUX"], "from": "25:00", "to": "06:00"}], "closed": ["2026-13-01"]},
                 "minWindowMinutes": 0,
                 "maintenance": [{"machine": "imm-09", "from": "2026-12-02T12:00", "to": "2026-12-02T08:00"}]}""";
        SharingAnswer rejected = offers.set("s-1", null, null, bad);
        assertEquals(Result.REJECTED, rejected.result());

        List<String> fromFile = fileProblems("""
                sharing:
                  calendar:
                    weekly:
                      - { days: [MON, TUX], from: "25:00", to: "06:00" }
                    closed: [ 2026-13-01 ]
                  minWindowMinutes: 0
                  maintenance:
                    - { machine: imm-09, from: 2026-12-02T12:00, to: 2026-12-02T08:00 }
                """);
        assertEquals(6, fromFile.size(), fromFile.toString());
        assertEquals(fromFile.stream().sorted().toList(), rejected.problems().stream().sorted().toList());
        assertEquals("the sharing rules have 6 problems, the first: " + rejected.problems().get(0), rejected.reason());
        assertEquals(0, offers.version(), "nothing kept");

        SharingAnswer notThisMachine = offers.set("s-2", "imm-01", null, CALENDAR);
        assertEquals(List.of("sharing.maintenance[0].machine 'imm-02' is not the machine this request sets (imm-01):"
                + " set all machines to plan another's"), notThisMachine.problems());
        assertEquals(Result.REJECTED, offers.set("s-3", null, null, "{\"horizonDays\": 3}").result(),
                "the horizon stays with the file");
        assertEquals(Result.REJECTED, offers.set("s-4", "imm-07", null, CALENDAR).result());
        assertEquals("unknown machine 'imm-07'; this agent has [imm-01, imm-02]", offers.get("g-1", "imm-07").reason());
    }

    @Test
    void withManagedByFileASetIsRejectedAndStoredRulesWaitUntilThePlatformManagesAgain() throws Exception {
        AgentConfig platform = config("platform");
        SharingOffers offers = stores.open(dir.resolve("data"), platform);
        assertEquals(Result.ACCEPTED, offers.set("s-1", null, null, CALENDAR).result());
        stores.close();

        AgentConfig file = config("file");
        SharingOffers byFile = stores.open(dir.resolve("data"), file);
        SharingAnswer refused = byFile.set("s-2", null, null, CALENDAR);
        assertEquals(Result.REJECTED, refused.result());
        assertEquals("sharing.managedBy is file in " + file.sourcePath() + ": the sharing rules are the file's; set"
                + " sharing.managedBy: platform there to manage them from the platform", refused.reason());
        MachineOffer fileRules = byFile.offer("imm-02").orElseThrow();
        assertEquals(0, fileRules.version());
        assertEquals(List.of(
                new SharingRule("weekly", "MON TUE WED THU FRI SAT SUN 00:00-24:00", file.sourcePath() + ":5"),
                new SharingRule("minWindow", "60 min", "default"),
                new SharingRule("maintenance", "2026-12-03T08:00 .. 2026-12-03T10:00", file.sourcePath() + ":8")),
                fileRules.rules(), "each rule names its line of the file");
        assertEquals(Result.OK, byFile.get("g-1", null).result(), "reading stays allowed");
        stores.close();

        assertPlatformRules(stores.open(dir.resolve("data"), platform).offer("imm-02").orElseThrow(), 1, "s-1");
    }

    private static void assertPlatformRules(MachineOffer o, long version, String requestId) {
        assertEquals(version, o.version());
        assertEquals(new RuleOrigin.Platform(version, T0, requestId), o.origin());
        assertEquals(List.of(LocalDate.parse("2026-12-25")), o.closed());
        assertEquals(90, o.minWindowMinutes());
        assertEquals(List.of(new MaintenanceSlot("imm-02", LocalDateTime.parse("2026-12-02T08:00"),
                LocalDateTime.parse("2026-12-02T12:00"))), o.maintenance());
        assertEquals("MON TUE 18:00-06:00", o.rules().get(0).rule());
        assertEquals("platform version " + version + ", set " + T0, o.rules().get(0).from());
    }

    private AgentConfig config(String managedBy) throws Exception {
        return ConfigLoader.load(Files.writeString(dir.resolve("agent.yaml"), base("""
                sharing:
                  managedBy: %s
                  calendar:
                    weekly:
                      - { days: [MON, TUE, WED, THU, FRI, SAT, SUN], from: "00:00", to: "24:00" }
                  maintenance:
                    - { machine: imm-01, from: 2026-12-03T08:00, to: 2026-12-03T10:00 }
                    - { machine: imm-02, from: 2026-12-03T08:00, to: 2026-12-03T10:00 }
                """.formatted(managedBy))), Function.identity());
    }

    private List<String> fileProblems(String sharing) throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), base(sharing));
        try {
            ConfigLoader.load(file, Function.identity());
            throw new AssertionError("the file is invalid");
        } catch (ConfigException e) {
            return e.problems().stream().map(ConfigProblem::message).toList();
        }
    }

    private static String base(String sharing) {
        return sharing + """
                agent: { id: gw01, site: plant-1, dataDir: ./data, timezone: UTC }
                broker: { urls: [ "tcp://127.0.0.1:1883" ] }
                machines:
                  - id: imm-01
                    opcua: { endpoint: "opc.tcp://127.0.0.1:4840" }
                    signals: { mode: { node: "ns=2;s=Mode" } }
                    state: { running: { signal: mode, eq: 1 }, idle: { otherwise: true } }
                  - id: imm-02
                    opcua: { endpoint: "opc.tcp://127.0.0.1:4840" }
                    signals: { mode: { node: "ns=2;s=Mode" } }
                    state: { running: { signal: mode, eq: 1 }, idle: { otherwise: true } }
                """;
    }
}
