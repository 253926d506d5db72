package io.edgeagent.agent.sharing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeagent.agent.EdgeAgent;
import io.edgeagent.agent.config.ConfigLoader;
import io.edgeagent.broker.EmbeddedBroker;
import io.edgeagent.agent.testing.CommandClient;
import io.edgeagent.agent.testing.Feed;
import io.edgeagent.agent.testing.Ports;
import io.edgeagent.agent.testing.TestConfigs;
import io.edgeagent.drivers.sim.ImmSimulator;
import io.edgeagent.drivers.sim.Phase;
import io.edgeagent.drivers.sim.SimulatorIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cmd/sharing} over a real MQTT 5 broker (request/response by Response Topic and Correlation Data, MQTT 5
 * 4.10) against a real agent reading a simulated idle machine over OPC UA: the platform's calendar is in force as the
 * command is answered (the capacity message shows its windows), survives a restart on its H2 file, and a config
 * that gives the rules back to the file refuses the command and offers the file's calendar again.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SharingCommandEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String BASE = "edge/v1/plant-1/gw-sharing";
    private static final String CAPACITY = BASE + "/machines/imm-01/capacity";
    private static final String SHARING = BASE + "/cmd/sharing";
    /** One hour a day at 02:00 UTC, which a day-long window of the file's calendar never looks like. */
    private static final String ONE_HOUR = """
            {"calendar": {"weekly": [{"days": ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"], "from": "02:00",
              "to": "03:00"}]}, "minWindowMinutes": 30}""";

    @TempDir
    Path dir;

    @Test
    void thePlatformsCalendarIsInForceAtOnceSurvivesARestartAndYieldsToTheFile() throws Exception {
        int brokerPort = Ports.free();
        int machinePort = Ports.free();
        Path configFile = dir.resolve("agent.yaml");
        try (EmbeddedBroker broker = EmbeddedBroker.start(brokerPort, dir.resolve("broker"));
             CommandClient platform = new CommandClient(broker.url(), "platform/replies");
             ImmSimulator imm = ImmSimulator.builder("imm-01").port(machinePort).manual(Phase.IDLE)
                     .cycleTime(Duration.ofMillis(300)).identity(SimulatorIdentity.generate()).build()) {
            imm.start();
            Files.writeString(configFile, config(brokerPort, machinePort, "platform"));

            try (Feed feed = new Feed(broker.url(), CAPACITY);
                 EdgeAgent ignored = EdgeAgent.start(ConfigLoader.load(configFile), Clock.systemUTC())) {
                assertDayLong(awaitWindows(feed), "the file's calendar, around the clock");

                JsonNode set = request(platform, "{\"requestId\": \"s-1\", \"action\": \"set\", \"ifVersion\": 0,"
                        + " \"sharing\": " + ONE_HOUR + "}", "c-1");
                assertEquals("accepted", set.get("result").asText(), set.toString());
                assertEquals(1, set.get("version").asLong());
                assertEquals("platform", set.get("machines").get(0).get("source").asText());
                assertOneHourAt2(awaitWindows(feed));

                JsonNode retried = request(platform, "{\"requestId\": \"s-1\", \"action\": \"set\", \"ifVersion\": 0,"
                        + " \"sharing\": " + ONE_HOUR + "}", "c-2");
                assertEquals("accepted", retried.get("result").asText(), "a retry is not a conflict with itself");
                assertEquals(1, retried.get("version").asLong());

                JsonNode stale = request(platform, "{\"requestId\": \"s-2\", \"action\": \"set\", \"machine\": \"imm-01\","
                        + " \"ifVersion\": 0, \"sharing\": {\"minWindowMinutes\": 45}}", "c-3");
                assertEquals("conflict", stale.get("result").asText(), stale.toString());
                assertEquals(1, stale.get("version").asLong());

                JsonNode invalid = request(platform, "{\"requestId\": \"s-3\", \"action\": \"set\", \"sharing\":"
                        + " {\"calendar\": {\"weekly\": [{\"days\": [\"MON\"], \"from\": \"25:00\", \"to\": \"06:00\"}]}}}",
                        "c-4");
                assertEquals("rejected", invalid.get("result").asText());
                assertEquals("sharing.calendar.weekly[0].from '25:00' is not a time of day: write HH:MM from 00:00 to"
                        + " 23:59, e.g. \"08:00\"", invalid.get("problems").get(0).asText());
            }

            try (Feed feed = new Feed(broker.url(), CAPACITY);
                 EdgeAgent ignored = EdgeAgent.start(ConfigLoader.load(configFile), Clock.systemUTC())) {
                assertOneHourAt2(awaitWindows(feed));
                JsonNode get = request(platform, "{\"requestId\": \"g-1\", \"action\": \"get\", \"machine\": \"imm-01\"}",
                        "c-5");
                assertEquals("ok", get.get("result").asText(), get.toString());
                JsonNode machine = get.get("machines").get(0);
                assertEquals(1, machine.get("version").asLong());
                assertEquals("s-1", machine.get("setBy").asText());
                assertEquals("02:00", machine.get("sharing").get("calendar").get("weekly").get(0).get("from").asText());
                assertEquals(30, machine.get("sharing").get("minWindowMinutes").asInt());
            }

            Files.writeString(configFile, config(brokerPort, machinePort, "file"));
            try (Feed feed = new Feed(broker.url(), CAPACITY);
                 EdgeAgent ignored = EdgeAgent.start(ConfigLoader.load(configFile), Clock.systemUTC())) {
                assertDayLong(awaitWindows(feed), "the file's calendar is back");
                JsonNode refused = request(platform, "{\"requestId\": \"s-4\", \"action\": \"set\", \"sharing\": "
                        + ONE_HOUR + "}", "c-6");
                assertEquals("rejected", refused.get("result").asText());
                assertTrue(refused.get("reason").asText().startsWith("sharing.managedBy is file in "), refused.toString());
                assertEquals("file", refused.get("managedBy").asText());
            }
        }
    }

    private static JsonNode request(CommandClient platform, String request, String correlation) throws Exception {
        return platform.request(SHARING, request, correlation, WAIT).json();
    }

    /** The next capacity message this agent publishes with forecast windows; a retained one of a run before is not it. */
    private static JsonNode awaitWindows(Feed feed) throws InterruptedException {
        return feed.await(m -> !m.retained() && !m.json().get("windows").isEmpty(), WAIT, "capacity with windows").json()
                .get("windows");
    }

    private static void assertOneHourAt2(JsonNode windows) {
        for (JsonNode w : windows) {
            Instant start = Instant.parse(w.get("start").asText());
            Instant end = Instant.parse(w.get("end").asText());
            assertTrue(Duration.between(start, end).compareTo(Duration.ofHours(1)) <= 0, w.toString());
            assertEquals(Instant.parse(w.get("start").asText()).atZone(ZoneOffset.UTC).toLocalDate().atTime(3, 0)
                    .toInstant(ZoneOffset.UTC), end, "every window ends at 03:00 UTC: " + w);
        }
    }

    private static void assertDayLong(JsonNode windows, String what) {
        assertFalse(windows.isEmpty());
        assertTrue(Duration.between(Instant.parse(windows.get(windows.size() - 1).get("start").asText()),
                Instant.parse(windows.get(windows.size() - 1).get("end").asText())).compareTo(Duration.ofHours(2)) > 0,
                what + ": " + windows);
    }

    private static String config(int brokerPort, int machinePort, String managedBy) {
        return """
                agent: { id: gw-sharing, site: plant-1, dataDir: ./data, timezone: UTC }
                broker: { urls: [ "tcp://127.0.0.1:%d" ] }
                sharing:
                  managedBy: %s
                  calendar:
                    weekly:
                      - { days: [MON, TUE, WED, THU, FRI, SAT, SUN], from: "00:00", to: "24:00" }
                """.formatted(brokerPort, managedBy) + TestConfigs.simulatedImm(machinePort);
    }
}
