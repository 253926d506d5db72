package io.edgeagent.agent.feed.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.edgeagent.agent.buffer.Outbox;
import io.edgeagent.agent.buffer.OutboxStats;
import io.edgeagent.agent.capacity.CapacityEngine;
import io.edgeagent.agent.capacity.CapacityPicture;
import io.edgeagent.agent.capacity.CapacityPlan;
import io.edgeagent.agent.capacity.CommandAnswer;
import io.edgeagent.agent.capacity.CurrentReservation;
import io.edgeagent.agent.capacity.Delivery;
import io.edgeagent.agent.capacity.DeliveryReport;
import io.edgeagent.agent.capacity.ForecastWindow;
import io.edgeagent.agent.capacity.LiveWindow;
import io.edgeagent.agent.capacity.LiveWindowTracker;
import io.edgeagent.agent.capacity.Meter;
import io.edgeagent.agent.capacity.MeterBucket;
import io.edgeagent.agent.capacity.Reservation;
import io.edgeagent.agent.capacity.ReservationEvent;
import io.edgeagent.agent.capacity.ReservationShare;
import io.edgeagent.agent.capacity.ReservationStatus;
import io.edgeagent.agent.capacity.ReserveRequest;
import io.edgeagent.agent.capacity.TimeSpan;
import io.edgeagent.agent.capacity.store.CapacityStore;
import io.edgeagent.agent.config.AgentConfig;
import io.edgeagent.agent.config.ConfigException;
import io.edgeagent.agent.config.ConfigLoader;
import io.edgeagent.agent.config.CycleConfig;
import io.edgeagent.agent.config.MachineConfig;
import io.edgeagent.agent.config.MachineKind;
import io.edgeagent.agent.config.MachineState;
import io.edgeagent.agent.config.SharingConfig;
import io.edgeagent.agent.config.SharingConfig.ManagedBy;
import io.edgeagent.agent.config.SharingRulesReader;
import io.edgeagent.agent.config.TelemetryConfig;
import io.edgeagent.agent.feed.AgentIdentity;
import io.edgeagent.agent.feed.StatusReport;
import io.edgeagent.agent.feed.Timestamps;
import io.edgeagent.agent.feed.UplinkStatus;
import io.edgeagent.agent.ingest.Ingest;
import io.edgeagent.agent.platform.AgentCommands;
import io.edgeagent.agent.platform.CapacityCommands;
import io.edgeagent.agent.platform.CommandRouter;
import io.edgeagent.agent.platform.ConfigReloader;
import io.edgeagent.agent.platform.ReloadOutcome;
import io.edgeagent.agent.platform.SharingCommands;
import io.edgeagent.agent.sharing.MachineOffer;
import io.edgeagent.agent.sharing.RuleOrigin;
import io.edgeagent.agent.sharing.SharingAnswer;
import io.edgeagent.agent.sharing.SharingOffers;
import io.edgeagent.agent.sharing.SharingStore;
import io.edgeagent.agent.state.AlarmChange;
import io.edgeagent.agent.state.StateChange;
import io.edgeagent.agent.storage.MovedAside;
import io.edgeagent.agent.testing.CapacityRecorder;
import io.edgeagent.agent.testing.CommandClient;
import io.edgeagent.agent.testing.Feed;
import io.edgeagent.agent.testing.ManualTime;
import io.edgeagent.agent.testing.Ports;
import io.edgeagent.agent.uplink.BrokerException;
import io.edgeagent.agent.uplink.BrokerLink;
import io.edgeagent.agent.uplink.ForwardingLink;
import io.edgeagent.agent.uplink.PahoBrokerLink;
import io.edgeagent.agent.uplink.Uplink;
import io.edgeagent.broker.EmbeddedBroker;
import io.edgeagent.drivers.Alarm;
import io.edgeagent.drivers.Quality;
import io.edgeagent.drivers.Reading;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * config/asyncapi.yaml tells the cloud the truth: what {@link Payloads} renders, and every message a subscriber
 * receives from a real {@link Uplink}, validates against the document's component schemas, and payloads
 * that break the contract do not. The requests the document describes are the ones the agent's
 * {@link CapacityCommands} understand, and its answers arrive where the document says.
 *
 * <p>The schemas are taken straight from the document: it is loaded as one schema resource under its own
 * file URI, and each payload schema is addressed by a JSON pointer into it
 * ({@code file:/.../asyncapi.yaml#/components/schemas/Status}), so the document's own
 * {@code $ref: '#/components/schemas/...'} resolve against it exactly as an AsyncAPI tool resolves them.
 */
class PayloadContractTest {

    private static final Path DOCUMENT = Path.of("../config/asyncapi.yaml");
    private static final Path CONFIGS = Path.of("../config");
    private static final Instant NOW = Instant.parse("2026-03-02T08:15:30.250Z");
    private static final Instant SOURCE_TIME = Instant.parse("2026-03-02T08:15:29.731Z");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Topics TOPICS = new Topics("edge/v1", "site-a", "gw-test");
    private static final AgentIdentity IDENTITY = new AgentIdentity("0.1.0",
            "1e384bc2e267129355dcfd450c248bbc04d4cbc2cef2ef9a51c0e569b25ff73e", List.of("imm-01", "imm-02"));
    /** A reload that finds the file the agent runs already. */
    private static final ConfigReloader UNCHANGED = () -> new ReloadOutcome(ReloadOutcome.Result.UNCHANGED,
            "1e384bc2e267129355dcfd450c248bbc04d4cbc2cef2ef9a51c0e569b25ff73e", "the agent runs this file already");
    /** What the agent sends: each starts with the envelope. */
    private static final List<String> PAYLOAD_SCHEMAS = List.of("Status", "MachineState", "Telemetry", "Capacity",
            "IdleWindow", "Metering", "Capability", "CommandAnswer", "StatusAnswer", "RebirthAnswer", "ReloadAnswer",
            "StorageReset", "ReservationsAnswer", "SharingAnswer", "Alarms", "AlarmChange", "ReservationList",
            "ReservationEvent", "DeliveryReport");
    /** What the platform sends the agent: no envelope. */
    private static final List<String> REQUEST_SCHEMAS = List.of("ReserveRequest", "ReleaseRequest", "AgentRequest",
            "SharingRequest");
    /** The AsyncAPI document's top-level keys: not JSON Schema keywords, so the validator is told to skip them. */
    private static final List<String> ASYNCAPI_ROOT_KEYS = List.of("asyncapi", "id", "info", "servers",
            "defaultContentType", "channels", "operations", "components");
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Rules for imm-02 as SharingCommands' documentation writes them. */
    private static final String SHARING_RULES = "{\"calendar\": {\"weekly\": [{\"days\": [\"MON\", \"TUE\"], \"from\": \"18:00\","
            + " \"to\": \"06:00\"}], \"closed\": [\"2026-12-25\"]}, \"minWindowMinutes\": 90, \"maintenance\":"
            + " [{\"machine\": \"imm-02\", \"from\": \"2026-12-01T08:00\", \"to\": \"2026-12-01T12:00\"}]}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode document;
    private static String documentIri;
    private static JsonSchemaFactory factory;
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private final Payloads payloads = new Payloads(TOPICS.agentId(), 1L, Clock.fixed(NOW, ZoneOffset.UTC));

    @TempDir
    Path dir;

    @BeforeAll
    static void loadDocument() throws IOException {
        document = new ObjectMapper(new YAMLFactory()).readTree(DOCUMENT.toFile());
        documentIri = DOCUMENT.toAbsolutePath().normalize().toUri().toString();
        // The document root is loaded as the schema resource that holds components.schemas; its AsyncAPI keys
        // are declared as non-validating keywords so draft 2020-12 neither warns about nor evaluates them.
        JsonMetaSchema draft202012 = JsonMetaSchema.builder(JsonMetaSchema.getV202012())
                .keywords(ASYNCAPI_ROOT_KEYS.stream().map(NonValidationKeyword::new).toList())
                .build();
        factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, b -> b.metaSchema(draft202012));
    }

    /** The validator for {@code components.schemas.<name>}, its {@code $ref}s resolved within the document. */
    private static JsonSchema schema(String name) {
        assertFalse(document.at("/components/schemas/" + name).isMissingNode(),
                "config/asyncapi.yaml has no components.schemas." + name);
        return SCHEMAS.computeIfAbsent(name,
                n -> factory.getSchema(SchemaLocation.of(documentIri + "#/components/schemas/" + n)));
    }

    // ---------------------------------------------------------------- the document itself

    @Test
    void documentIsAsyncApi3ForThisPayloadVersion() {
        assertEquals("3.0.0", document.path("asyncapi").asText());
        assertEquals(String.valueOf(Payloads.SCHEMA), document.path("info").path("version").asText());
        assertEquals(Payloads.SCHEMA, document.at("/components/schemas/SchemaVersion/const").asInt());
        assertEquals("mqtt", document.at("/servers/production/protocol").asText());
        assertEquals("5", document.at("/servers/production/protocolVersion").asText());
    }

    @Test
    void channelAddressesAreTheTopicsTheAgentPublishesTo() {
        Topics template = new Topics("edge/v1", "{site}", "{agentId}");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("status", template.status());
        expected.put("machineState", template.machineState("{machineId}"));
        expected.put("machineTelemetry", template.machineTelemetry("{machineId}"));
        expected.put("machineCapacity", template.machineCapacity("{machineId}"));
        expected.put("machineWindows", template.machineWindows("{machineId}"));
        expected.put("machineMetering", template.machineMetering("{machineId}"));
        expected.put("machineAlarms", template.machineAlarms("{machineId}"));
        expected.put("machineAlarmChanges", template.machineAlarmChanges("{machineId}"));
        expected.put("machineReservations", template.machineReservations("{machineId}"));
        expected.put("machineReservationEvents", template.machineReservationEvents("{machineId}"));
        expected.put("machineReservationReport", template.machineReservationReport("{machineId}", "{reservationId}"));
        expected.put("agentEvents", template.events());
        expected.put("machineCapability", template.machineCapability("{machineId}"));
        expected.put("reserveCommand", template.command("reserve"));
        expected.put("reservationsCommand", template.command("reservations"));
        expected.put("releaseCommand", template.command("release"));
        expected.put("statusCommand", template.command("status"));
        expected.put("rebirthCommand", template.command("rebirth"));
        expected.put("sharingCommand", template.command("sharing"));
        expected.put("reloadConfigCommand", template.command("reload-config"));
        expected.put("commandReply", template.commandReply("{command}"));
        Map<String, String> documented = new LinkedHashMap<>();
        document.path("channels").fields().forEachRemaining(e -> documented.put(e.getKey(), e.getValue().path("address").asText()));
        assertEquals(expected, documented);
    }

    /** One request channel per command the agent takes, and none it does not take. */
    @Test
    void commandChannelsAreTheCommandsTheAgentTakes() {
        Set<String> documented = new TreeSet<>();
        Pattern command = Pattern.compile(Pattern.quote(new Topics("edge/v1", "{site}", "{agentId}").command("")) + "([a-z-]+)");
        for (JsonNode channel : document.path("channels")) {
            Matcher m = command.matcher(channel.path("address").asText());
            if (m.matches()) {
                documented.add(m.group(1));
            }
        }
        CommandRouter commands = new CommandRouter(payloads)
                .add(new CapacityCommands(null, null, payloads, Clock.fixed(NOW, ZoneOffset.UTC), Optional.empty()))
                .add(new AgentCommands(null, null, null, null, IDENTITY, payloads, UNCHANGED))
                .add(new SharingCommands(null, null, null, payloads));
        assertEquals(new TreeSet<>(commands.names()), documented);
    }

    @Test
    void operationBindingsMatchHowTheAgentPublishes() {
        // Retained at QoS 1: Uplink.statusMessage, OutboxFeedSink.stateChanged, .capacity, .capability, .reservations,
        // the alarm list.
        for (String op : List.of("receiveStatus", "receiveMachineState", "receiveMachineCapacity", "receiveMachineCapability",
                "receiveMachineReservations", "receiveMachineAlarms")) {
            assertEquals("receive", document.at("/operations/" + op + "/action").asText(), op);
            assertEquals(1, document.at("/operations/" + op + "/bindings/mqtt/qos").asInt(), op);
            assertTrue(document.at("/operations/" + op + "/bindings/mqtt/retain").asBoolean(), op);
        }
        // Not retained at QoS 1: OutboxFeedSink.windowClosed, .metered, .reservationChanged, .delivered, an alarm's
        // change; answers (Uplink.reply).
        for (String op : List.of("receiveMachineWindows", "receiveMachineMetering", "receiveMachineReservationEvents",
                "receiveMachineReservationReport", "receiveMachineAlarmChanges", "receiveCommandReply")) {
            assertEquals("receive", document.at("/operations/" + op + "/action").asText(), op);
            assertEquals(1, document.at("/operations/" + op + "/bindings/mqtt/qos").asInt(), op);
            assertFalse(document.at("/operations/" + op + "/bindings/mqtt/retain").asBoolean(true), op);
        }
        assertEquals("receive", document.at("/operations/receiveMachineTelemetry/action").asText());
        assertEquals(TelemetryConfig.DEFAULT.qos(),
                document.at("/operations/receiveMachineTelemetry/bindings/mqtt/qos").asInt(), "default telemetry QoS");
        assertFalse(document.at("/operations/receiveMachineTelemetry/bindings/mqtt/retain").asBoolean(true));
        // The platform sends requests at QoS 1 (the agent subscribes at 1), never retained, and gets the answer
        // on the reply channel.
        for (String op : List.of("sendReserve", "sendRelease")) {
            assertEquals("send", document.at("/operations/" + op + "/action").asText(), op);
            assertEquals(1, document.at("/operations/" + op + "/bindings/mqtt/qos").asInt(), op);
            assertFalse(document.at("/operations/" + op + "/bindings/mqtt/retain").asBoolean(true), op);
            assertEquals("#/channels/commandReply", document.at("/operations/" + op + "/reply/channel/$ref").asText(), op);
            assertEquals("CommandAnswer", refName(message(document.at("/operations/" + op + "/reply/messages/0")).path("payload")), op);
        }
        // PahoBrokerLink sets content type and payload format indicator on every message.
        JsonNode mqtt = document.at("/components/messageTraits/json/bindings/mqtt");
        assertEquals("application/json", mqtt.path("contentType").asText());
        assertEquals(1, mqtt.path("payloadFormatIndicator").asInt());
    }

    /** What the agent sends is described by a receive operation or a reply, what it takes by a send operation. */
    @Test
    void everyMessageIsSentByTheAgentOrByThePlatform() {
        Set<String> fromAgent = new TreeSet<>();
        Set<String> fromPlatform = new TreeSet<>();
        for (JsonNode op : document.path("operations")) {
            Set<String> into = op.path("action").asText().equals("receive") ? fromAgent : fromPlatform;
            op.path("messages").forEach(m -> into.add(refName(message(m).path("payload"))));
            op.path("reply").path("messages").forEach(m -> fromAgent.add(refName(message(m).path("payload"))));
        }
        assertEquals(new TreeSet<>(PAYLOAD_SCHEMAS), fromAgent);
        assertEquals(new TreeSet<>(REQUEST_SCHEMAS), fromPlatform);
        Set<String> messages = new TreeSet<>();
        document.at("/components/messages").elements().forEachRemaining(m -> messages.add(refName(m.path("payload"))));
        Set<String> all = new TreeSet<>(fromAgent);
        all.addAll(fromPlatform);
        assertEquals(all, messages, "every message of the document is used by an operation");
    }

    /** The payload schemas are flat (allOf + additionalProperties: false does not compose): each repeats the envelope. */
    @Test
    void everyPayloadSchemaIsClosedAndRepeatsTheEnvelopeExactly() {
        JsonNode envelope = document.at("/components/schemas/Envelope");
        Set<String> envelopeRequired = texts(envelope.path("required"));
        for (String name : PAYLOAD_SCHEMAS) {
            JsonNode s = document.at("/components/schemas/" + name);
            assertFalse(s.path("additionalProperties").asBoolean(true), name + " must be closed");
            assertTrue(texts(s.path("required")).containsAll(envelopeRequired), name + " requires " + envelopeRequired);
            // One number or none: seq for what the buffer keeps, bdSeq for the status, none for an answer.
            String counter = name.equals("Status") ? "bdSeq" : name.endsWith("Answer") ? null : "seq";
            for (Iterator<Map.Entry<String, JsonNode>> it = envelope.path("properties").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                if (p.getKey().equals("seq") || p.getKey().equals("bdSeq")) {
                    assertEquals(p.getKey().equals(counter), s.path("properties").has(p.getKey()), name + "." + p.getKey());
                    assertEquals(p.getKey().equals(counter), texts(s.path("required")).contains(p.getKey()),
                            name + " requires " + p.getKey());
                    if (!p.getKey().equals(counter)) {
                        continue;
                    }
                }
                assertEquals(p.getValue(), s.path("properties").path(p.getKey()), name + "." + p.getKey());
            }
        }
        // Requests are closed too, so a platform checking its requests catches a misspelt field; they carry no envelope.
        for (String name : REQUEST_SCHEMAS) {
            JsonNode s = document.at("/components/schemas/" + name);
            assertFalse(s.path("additionalProperties").asBoolean(true), name + " must be closed");
            assertFalse(s.path("properties").has("seq"), name + " has no envelope");
        }
    }

    @Test
    void documentExamplesMatchTheirSchemas() {
        int checked = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = document.at("/components/messages").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> message = it.next();
            String payloadSchema = refName(message.getValue().path("payload"));
            String headerSchema = message.getValue().has("headers") ? refName(message.getValue().path("headers")) : null;
            assertTrue(message.getValue().path("examples").size() > 0, message.getKey() + " has examples");
            for (JsonNode example : message.getValue().path("examples")) {
                String what = message.getKey() + " example " + example.path("name").asText();
                assertValid(payloadSchema, example.path("payload"), what);
                if (PAYLOAD_SCHEMAS.contains(payloadSchema)) {
                    assertValid("Envelope", example.path("payload"), what);
                }
                if (example.has("headers")) {
                    assertNotNull(headerSchema, what + " has headers, its message none");
                    assertValid(headerSchema, example.path("headers"), what + " headers");
                }
                checked++;
            }
        }
        assertTrue(checked >= 25, "examples checked: " + checked);
    }

    // ---------------------------------------------------------------- payloads rendered by Payloads

    @Test
    void birthAndOfflineStatusMatchTheSchema() {
        assertValid("Status", payloads.status(41, IDENTITY, true));
        assertValid("Status", payloads.status(40, IDENTITY, false));
        assertValid("Status", payloads.status(1, new AgentIdentity("0.1.0-SNAPSHOT", IDENTITY.configHash(), List.of()), true));
    }

    @Test
    void firstStateAndEveryStateChangeMatchTheSchema() {
        assertValid("MachineState", payloads.state(3, new StateChange("imm-02", MachineState.IDLE,
                SOURCE_TIME, null, "otherwise")));
        for (MachineState state : MachineState.values()) {
            for (MachineState previous : MachineState.values()) {
                if (state != previous) {
                    assertValid("MachineState", payloads.state(42, new StateChange("imm-01", state, SOURCE_TIME,
                            previous, "machineMode in [3, 4] (machineMode=4)")));
                }
            }
        }
    }

    @Test
    void telemetryWithEveryKindOfValueMatchesTheSchema() {
        JsonNode rendered = assertValid("Telemetry", payloads.telemetry(43, "imm-01", List.of(
                Reading.good("imm-01", "cycleCounter", 18342L, SOURCE_TIME),
                Reading.good("imm-01", "mouldTemp", 46.8, SOURCE_TIME),
                Reading.good("imm-01", "heatersOn", Boolean.TRUE, SOURCE_TIME),
                Reading.good("imm-01", "mouldName", "M-4711 cap", SOURCE_TIME),
                new Reading("imm-01", "meltTemp", null, SOURCE_TIME, Quality.UNCERTAIN, null),
                Reading.good("imm-01", "clampForce", Double.NaN, SOURCE_TIME),
                Reading.good("imm-01", "screwSpeed", Double.POSITIVE_INFINITY, SOURCE_TIME),
                new Reading("imm-01", "nozzleTemp", null, SOURCE_TIME, Quality.BAD, "Bad_NodeIdUnknown"),
                new Reading("imm-01", "oilTemp", 51.0, SOURCE_TIME, Quality.UNCERTAIN, "Uncertain_LastUsableValue"))));
        // What the schema's description promises about value kinds.
        JsonNode readings = rendered.get("readings");
        assertTrue(readings.get(0).get("value").isIntegralNumber(), readings.get(0).toString());
        assertTrue(readings.get(1).get("value").isDouble(), readings.get(1).toString());
        // Issue 16, item 8: a float that is not a number is no value, from either protocol.
        assertTrue(readings.get(5).get("value").isNull(), readings.get(5).toString());
        assertEquals("BAD", readings.get(5).get("quality").asText());
        assertEquals("value is NaN", readings.get(5).get("detail").asText());
        assertEquals("value is Infinity", readings.get(6).get("detail").asText());
        assertFalse(readings.get(0).has("detail"), "no detail on a good reading");
        assertFalse(readings.get(3).has("locale"), "no locale on text the machine did not tag");
    }

    @Test
    void chineseTextKeepsItsLocaleBesideTheText() {
        // Issue 21: an OPC UA LocalizedText in zh-CN, and a Modbus string read as GBK, which has no locale.
        JsonNode readings = assertValid("Telemetry", payloads.telemetry(812, "imm-01", List.of(
                Reading.good("imm-01", "model", "海天 MA2500 注塑机", SOURCE_TIME).inLocale("zh-CN"),
                Reading.good("imm-01", "mouldId", "模具-A07", SOURCE_TIME)))).get("readings");

        assertEquals("海天 MA2500 注塑机", readings.get(0).get("value").asText(), "the value is the text, as rules see it");
        assertEquals("zh-CN", readings.get(0).get("locale").asText());
        assertFalse(readings.get(1).has("locale"));
        ObjectNode telemetry = json(payloads.telemetry(812, "imm-01",
                List.of(Reading.good("imm-01", "model", "x", SOURCE_TIME).inLocale("zh-CN"))));
        ((ObjectNode) telemetry.get("readings").get(0)).put("locale", "");
        assertInvalid("Telemetry", telemetry, "minLength", "/readings/0/locale");
    }

    @Test
    void historicalPayloadsMatchTheSchema() {
        JsonNode state = assertValid("MachineState", Payloads.markHistorical(payloads.state(17, new StateChange("imm-02",
                MachineState.OFFLINE, SOURCE_TIME, MachineState.IDLE, "not reachable: connection refused"))));
        assertTrue(state.get("historical").asBoolean());
        JsonNode telemetry = assertValid("Telemetry", Payloads.markHistorical(payloads.telemetry(18, "imm-02",
                List.of(Reading.good("imm-02", "mouldTemp", 40.5, SOURCE_TIME)))));
        assertTrue(telemetry.get("historical").asBoolean());
        for (byte[] event : List.of(payloads.capacity(19, idlePicture()), payloads.window(20, closedWindow("RUNNING")),
                payloads.metering(21, fullHour(), BERLIN), payloads.capability(22, demoMachines().get(0)))) {
            assertTrue(assertValid(schemaOf(event), Payloads.markHistorical(event)).get("historical").asBoolean());
        }
    }

    @Test
    void capacityOffersMatchTheSchema() {
        JsonNode idle = assertValid("Capacity", payloads.capacity(44, idlePicture()));
        assertEquals("2026-03-02T08:02:11.480Z", idle.at("/open/start").asText());
        assertTrue(idle.at("/windows/1/estimatedCycles").isNull(), idle.toString());
        assertTrue(idle.at("/windows/1/estimatedParts").isNull(), idle.toString());
        assertFalse(idle.at("/reservations/1").has("reference"), "no reference when the platform gave none");

        // A picture without a state (earlier agents published one at start-up), and one for every state without an offer.
        assertTrue(assertValid("Capacity", payloads.capacity(5, new CapacityPicture("imm-02", null, null, List.of(),
                List.of()))).get("state").isNull());
        for (MachineState state : MachineState.values()) {
            assertValid("Capacity", payloads.capacity(57, new CapacityPicture("imm-01", state, null, List.of(),
                    List.of(reservation("plat-7f3a-0042", "order 4711, step 2")))));
        }
        // Confidence at both ends, a window too short for one cycle.
        ForecastWindow sure = new ForecastWindow("imm-01-20260303T0500Z", Instant.parse("2026-03-03T05:00:00Z"),
                Instant.parse("2026-03-03T05:01:00Z"), 1.0, 0.017, 0L, 0L);
        ForecastWindow unsure = new ForecastWindow("imm-01-20260303T0600Z", Instant.parse("2026-03-03T06:00:00Z"),
                Instant.parse("2026-03-03T07:00:00Z"), 0.0, 1.0, 3600L, null);
        assertValid("Capacity", payloads.capacity(58, new CapacityPicture("imm-01", MachineState.RUNNING, null,
                List.of(sure, unsure), List.of())));
    }

    /** Every way a live window closes, driven through the real tracker, so closedBy is what the agent sends. */
    @Test
    void closedIdleWindowsMatchTheSchemaWhateverClosedThem() {
        Set<String> reasons = new TreeSet<>();
        for (LiveWindow w : everyWayAWindowCloses()) {
            JsonNode rendered = assertValid("IdleWindow", payloads.window(45, w));
            reasons.add(rendered.get("closedBy").asText());
            // start + seconds = end, exactly, on the times as printed.
            long start = Instant.parse(rendered.get("start").asText()).toEpochMilli();
            long end = Instant.parse(rendered.get("end").asText()).toEpochMilli();
            assertEquals(end - start, Math.round(rendered.get("seconds").asDouble() * 1000.0), rendered.toString());
        }
        assertEquals(texts(document.at("/components/schemas/IdleWindow/properties/closedBy/enum")), reasons,
                "the document lists exactly the reasons a window closes for");

        // Times finer than a millisecond: seconds follow the printed times, not the hidden microseconds.
        JsonNode fine = assertValid("IdleWindow", payloads.window(46, new LiveWindow("imm-01",
                Instant.parse("2026-03-02T08:02:11.480900Z"), Instant.parse("2026-03-02T08:15:29.731100Z"), "RUNNING")));
        assertEquals(798.251, fine.get("seconds").asDouble(), 0.0);
    }

    @Test
    void meteringHoursMatchTheSchemaAndAddUpToTheirLength() {
        JsonNode hour = assertValid("Metering", payloads.metering(39, fullHour(), BERLIN));
        assertEquals("2026-03-02T08:00:00+01:00", hour.get("localStart").asText());
        assertEquals("Europe/Berlin", hour.get("zone").asText());
        assertEquals(Map.of("RUNNING", 2710L, "IDLE", 412L, "SETUP", 478L, "DOWN", 0L, "MAINTENANCE", 0L,
                "OFFLINE", 0L, "UNKNOWN", 0L), seconds(hour));
        assertEquals(5420, hour.get("parts").asLong());

        // A meter driven through a night with clock changes: every hour adds up to its own length.
        List<Long> lengths = new ArrayList<>();
        for (ZoneId zone : List.of(BERLIN, ZoneId.of("Australia/Lord_Howe"), ZoneId.of("UTC"))) {
            for (MeterBucket b : meteredNight(zone)) {
                JsonNode rendered = assertValid("Metering", payloads.metering(40, b, zone));
                long length = Duration.between(Instant.parse(rendered.get("start").asText()),
                        Instant.parse(rendered.get("end").asText())).toSeconds();
                assertEquals(length, seconds(rendered).values().stream().mapToLong(Long::longValue).sum(), rendered.toString());
                assertEquals(zone.getId(), rendered.get("zone").asText());
                lengths.add(length);
            }
        }
        assertTrue(lengths.contains(1800L), "Lord Howe's half-hour change makes a short hour: " + lengths);
        assertTrue(lengths.stream().allMatch(l -> l <= 3600), "never longer than an hour: " + lengths);

        // Without cavities there are no parts; an hour nobody observed is all UNKNOWN.
        JsonNode unobserved = assertValid("Metering", payloads.metering(41, new MeterBucket("imm-02",
                Instant.parse("2026-03-02T07:00:00Z"), Instant.parse("2026-03-02T08:00:00Z"), Map.of(), 3_600_000L, 0, null),
                ZoneId.of("UTC")));
        assertTrue(unobserved.get("parts").isNull());
        assertTrue(unobserved.get("partsSource").isNull());
        assertTrue(unobserved.get("goodParts").isNull(), "a machine without a good parts counter: null, not 0");
        assertTrue(unobserved.get("goodPartsSource").isNull());
        assertEquals(3600, unobserved.at("/seconds/UNKNOWN").asLong());
        assertEquals("2026-03-02T07:00:00+00:00", unobserved.get("localStart").asText());
    }

    /** Issue 22 item 4: an hour of a EUROMAP 77 machine carries good and bad parts, each naming its source. */
    @Test
    void meteringCarriesGoodAndBadPartsWithTheirSources() {
        MeterBucket h = fullHour();
        JsonNode hour = assertValid("Metering", payloads.metering(42, new MeterBucket(h.machineId(), h.start(), h.end(),
                h.millis(), h.unknownMillis(), h.cycles(), h.parts(), 5390L, 30L), BERLIN));
        assertEquals(5390, hour.get("goodParts").asLong());
        assertEquals(30, hour.get("badParts").asLong());
        assertEquals("cycles x cavities", hour.get("partsSource").asText());
        assertEquals("goodPartsCounter", hour.get("goodPartsSource").asText());
        assertEquals("badPartsCounter", hour.get("badPartsSource").asText());

        // docs/capacity.md, Metering: each share carries the good and bad parts made for it, from the hour's sources.
        JsonNode shared = assertValid("Metering", payloads.metering(43, new MeterBucket(h.machineId(), h.start(),
                h.end(), h.millis(), h.unknownMillis(), h.cycles(), h.parts(), 5390L, null, List.of(
                        new ReservationShare("res-1", null, 1_800_000, 702, 2808L, 2796L, null))), BERLIN));
        assertEquals(2796, shared.at("/reservations/0/goodParts").asLong());
        assertTrue(shared.at("/reservations/0/badParts").isNull(), "no bad parts counter: null, as the hour's");
        assertTrue(shared.get("badParts").isNull());

        ObjectNode wrong = hour.deepCopy();
        wrong.put("goodParts", -1);
        assertInvalid("Metering", wrong, "minimum", "/goodParts");
        wrong = hour.deepCopy();
        wrong.put("goodPartsSource", "guessed");
        assertInvalid("Metering", wrong, "enum", "/goodPartsSource");
        wrong = shared.deepCopy();
        ((ObjectNode) wrong.at("/reservations/0")).put("goodParts", -1);
        assertInvalid("Metering", wrong, "minimum", "/reservations/0/goodParts");
    }

    /** An OPC UA condition with its locale and a Modbus code without one, raised, acknowledged and cleared. */
    @Test
    void alarmsAndTheirChangesMatchTheSchema() {
        Alarm condition = new Alarm("imm-01", "nsu=urn:edge-agent:simulator;s=imm-01/Alarms/SpindleOverload", "imm-01",
                "主轴过载", "zh-CN", 800, true, false, SOURCE_TIME);
        Alarm code = new Alarm("imm-01", "holding:8=1010", "holding:8", "spindle overload", null, 700, true, false,
                SOURCE_TIME);
        JsonNode list = assertValid("Alarms", payloads.alarms(60, new AlarmChange(AlarmChange.Kind.RAISED, code,
                List.of(condition, code))));
        assertEquals("zh-CN", list.at("/alarms/0/locale").asText());
        assertFalse(list.at("/alarms/1").has("locale"), list.toString());
        Alarm acked = new Alarm("imm-01", condition.id(), condition.source(), condition.message(), condition.locale(),
                800, true, true, NOW);
        assertEquals("changed", assertValid("AlarmChange", payloads.alarmChange(61,
                new AlarmChange(AlarmChange.Kind.CHANGED, acked, List.of(acked)))).path("change").asText());
        JsonNode cleared = assertValid("AlarmChange", payloads.alarmChange(62,
                new AlarmChange(AlarmChange.Kind.CLEARED, code.cleared(NOW), List.of())));
        assertFalse(cleared.at("/alarm/active").asBoolean(true));
        assertEquals(0, assertValid("Alarms", payloads.alarms(63, new AlarmChange(AlarmChange.Kind.CLEARED,
                code.cleared(NOW), List.of()))).path("alarms").size());
    }

    @Test
    void capabilityOfEveryConfiguredMachineMatchesTheSchema() {
        List<MachineConfig> machines = new ArrayList<>(demoMachines());
        for (String example : List.of("injection-moulding-euromap77.yaml", "cnc-modbus-tcp.yaml", "cnc-opcua-umati.yaml",
                "press-gpio.yaml")) {
            machines.addAll(load(CONFIGS.resolve("examples").resolve(example)).machines());
        }
        for (MachineConfig m : machines) {
            assertValid("Capability", payloads.capability(1, m));
        }
        JsonNode imm = assertValid("Capability", payloads.capability(1, demoMachines().get(0)));
        assertEquals(4, imm.at("/cycle/cavities").asInt());
        assertTrue(imm.at("/capability/materials").isArray(), imm.toString());

        // Every kind, a machine configured with an id only, and a cycle time without cavities.
        MachineConfig any = machines.get(0);
        for (MachineKind kind : MachineKind.values()) {
            assertValid("Capability", payloads.capability(2, new MachineConfig("press-03", "press-03", kind, Map.of(),
                    null, any.connection(), any.signals(), any.state(), any.counter())));
        }
        JsonNode bare = assertValid("Capability", payloads.capability(3, new MachineConfig("press-03", "press-03",
                MachineKind.OTHER, Map.of(), null, any.connection(), any.signals(), any.state(), any.counter())));
        assertTrue(bare.at("/cycle/nominalSeconds").isNull() && bare.at("/cycle/cavities").isNull(), bare.toString());
        assertValid("Capability", payloads.capability(4, new MachineConfig("cnc-02", "DMG Mori #2", MachineKind.CNC,
                Map.of("travelMm", List.of(600L, 400L, 500L), "spindle", Map.of("rpm", 12000L, "taper", "BT40")),
                new CycleConfig(95.5, null), any.connection(), any.signals(), any.state(), any.counter())));
    }

    /**
     * A reservation's whole life driven through the real engine and store: every list, change, report and
     * shared metering hour it makes matches its schema, and the report's seconds add up.
     */
    @Test
    void reservationListsChangesReportsAndSharedHoursFromTheEngineMatchTheirSchemas() {
        CapacityRecorder out = new CapacityRecorder();
        CapacityPlan plan = CapacityPlan.from(load(CONFIGS.resolve("demo.yaml")));
        String m = "imm-02";
        // Monday 2026-03-02, 10:00:00.250 in Berlin: offered by the demo's calendar.
        Instant t = NOW.plus(Duration.ofMinutes(45));
        try (CapacityStore store = CapacityStore.open(dir.resolve("capacity"), Clock.fixed(t, ZoneOffset.UTC))) {
            CapacityEngine engine = new CapacityEngine(plan, store, out);
            long[] mono = {0};
            engine.start(t, 0);
            engine.onState(new StateChange(m, MachineState.IDLE, t, null, "otherwise"), t);
            engine.onCounter(m, 10, t);
            Instant start = Instant.parse("2026-03-02T09:30:00Z");
            CommandAnswer a = engine.reserve(new ReserveRequest("ct-r1", m, null, start, start.plus(Duration.ofMinutes(45)),
                    "order 4711"), t);
            CommandAnswer b = engine.reserve(new ReserveRequest("ct-r2", m, null, start.plus(Duration.ofMinutes(45)),
                    start.plus(Duration.ofMinutes(90)), null), t);
            assertEquals(CommandAnswer.Result.ACCEPTED, a.result(), String.valueOf(a.reason()));
            assertEquals(CommandAnswer.Result.ACCEPTED, b.result(), String.valueOf(b.reason()));
            Instant[] now = {t};
            Consumer<Duration> run = d -> {
                for (Instant end = now[0].plus(d); now[0].isBefore(end); ) {
                    now[0] = now[0].plusSeconds(15);
                    mono[0] += Duration.ofSeconds(15).toNanos();
                    engine.tick(now[0], mono[0]);
                }
            };
            run.accept(Duration.between(t, start).plusSeconds(30));
            engine.onState(new StateChange(m, MachineState.RUNNING, now[0], MachineState.IDLE, "running rule"), now[0]);
            engine.onJob(m, "jobName", "JOB-4711");
            for (int i = 1; i <= 40; i++) {
                run.accept(Duration.ofSeconds(30));
                engine.onCounter(m, 10 + i, now[0]);
            }
            engine.onState(new StateChange(m, MachineState.DOWN, now[0], MachineState.RUNNING,
                    "alarmCode ne 0 (alarmCode=17)"), now[0]);
            run.accept(Duration.ofMinutes(30));
            engine.onState(new StateChange(m, MachineState.RUNNING, now[0], MachineState.DOWN, "running rule"), now[0]);
            run.accept(Duration.ofMinutes(10));
            assertEquals(CommandAnswer.Result.RELEASED, engine.release("ct-r3", b.reservation().id(), now[0]).result());
            run.accept(Duration.ofHours(1));
        }
        out.pictures.forEach(p -> assertValid("Capacity", payloads.capacity(1, p)));
        out.lists.forEach(l -> assertValid("ReservationList", payloads.reservations(2, m, l)));
        Set<String> kinds = new TreeSet<>();
        out.events.forEach(e -> kinds.add(assertValid("ReservationEvent", payloads.reservationEvent(3, e)).get("event").asText()));
        assertEquals(Set.of("active", "at_risk", "booked", "completed", "released"), kinds);
        assertEquals(2, out.reports.size(), "one completed, one released while active");
        List<JsonNode> reports = new ArrayList<>();
        for (DeliveryReport r : out.reports) {
            JsonNode report = assertValid("DeliveryReport", payloads.deliveryReport(4, r));
            assertEquals(report.get("reservedSeconds").asLong(), seconds(report).values().stream().mapToLong(Long::longValue).sum(),
                    report.toString());
            reports.add(report);
        }
        JsonNode completed = reports.get(0);
        assertEquals(40, completed.get("cycles").asLong(), completed.toString());
        assertEquals("JOB-4711", completed.at("/jobs/jobName/0").asText(), completed.toString());
        assertEquals("alarmCode ne 0 (alarmCode=17)", completed.at("/down/0/reason").asText(), completed.toString());
        boolean shared = false;
        for (MeterBucket b : out.buckets) {
            shared |= assertValid("Metering", payloads.metering(5, b, BERLIN)).get("reservations").size() > 0;
        }
        assertTrue(shared, "an hour names the reservations active in it");
    }

    /** Issue 19 item 3: the report's part counts, each with where it came from, or null without the counter. */
    @Test
    void aDeliveryReportNamesTheSourceOfEachPartCount() {
        Reservation r = reservation("plat-7f3a-0042", "order 4711, step 2");
        JsonNode report = assertValid("DeliveryReport", payloads.deliveryReport(56, delivered(r)));
        assertEquals(480, report.get("parts").asLong());
        assertEquals("cycles x cavities", report.get("partsSource").asText());
        assertEquals(470, report.get("goodParts").asLong());
        assertEquals("goodPartsCounter", report.get("goodPartsSource").asText());
        assertEquals(10, report.get("badParts").asLong());
        assertEquals("badPartsCounter", report.get("badPartsSource").asText());

        Delivery plain = Delivery.begin(r, r.start(), MachineState.RUNNING, "running rule");
        JsonNode without = assertValid("DeliveryReport", payloads.deliveryReport(57,
                plain.finish(ReservationStatus.COMPLETED, r.end(), null)));
        assertTrue(without.get("goodParts").isNull() && without.get("goodPartsSource").isNull(), without.toString());
        assertTrue(without.get("partsSource").isNull(), without.toString());
    }

    @Test
    void answersOfEveryResultMatchTheSchema() {
        Reservation r = reservation("plat-7f3a-0042", "order 4711, step 2");
        Set<String> results = new TreeSet<>();
        for (CommandAnswer.Result result : CommandAnswer.Result.values()) {
            boolean made = result == CommandAnswer.Result.ACCEPTED || result == CommandAnswer.Result.RELEASED;
            boolean release = result == CommandAnswer.Result.RELEASED || result == CommandAnswer.Result.NOT_FOUND;
            CommandAnswer a = new CommandAnswer("plat-7f3a-0044", release ? "release" : "reserve", result,
                    made ? null : "overlaps reservation " + r.id(), made ? r : null);
            results.add(assertValid("CommandAnswer", payloads.answer(a)).get("result").asText());
        }
        results.add(assertValid("CommandAnswer", payloads.error("reserve", "plat-7f3a-0045",
                "give either 'window' or 'start' and 'end', not both")).get("result").asText());
        JsonNode unreadable = assertValid("CommandAnswer", payloads.error("reserve", null,
                "the payload is not JSON: Unexpected character"));
        assertTrue(unreadable.get("requestId").isNull());
        assertValid("CommandAnswer", payloads.error("reboot", null, "unknown command 'reboot'; this agent takes [reserve, release]"));
        assertEquals(texts(document.at("/components/schemas/CommandAnswer/properties/result/enum")), results,
                "the document lists exactly the results the agent sends");
    }

    /** Sharing answers of every result, from the file or the platform, match their schema, and the document lists exactly those results. */
    @Test
    void sharingAnswersOfEveryResultMatchTheSchema() {
        Set<String> results = new TreeSet<>();
        for (SharingAnswer.Result result : SharingAnswer.Result.values()) {
            results.add(assertValid("SharingAnswer", payloads.sharingAnswer(sharingAnswer(result), ManagedBy.PLATFORM))
                    .get("result").asText());
        }
        MachineOffer fromFile = new MachineOffer("imm-02", List.of(), List.of(), 60, List.of(),
                new RuleOrigin.File("/etc/edge-agent/agent.yaml", List.of(), List.of(), 0, List.of()));
        JsonNode byFile = assertValid("SharingAnswer", payloads.sharingAnswer(new SharingAnswer("plat-7f3a-0074",
                SharingAnswer.Result.REJECTED, "sharing.managedBy is file", List.of(), 0, List.of(fromFile), List.of()),
                ManagedBy.FILE));
        assertEquals("file", byFile.at("/machines/0/source").asText());
        assertEquals(texts(document.at("/components/schemas/SharingAnswer/properties/result/enum")), results,
                "the document lists exactly the results the agent sends");
        assertValid("SharingRequest", tree("{\"requestId\":\"s-1\",\"action\":\"get\",\"machine\":\"imm-07\"}"), "get");
        assertValid("SharingRequest", tree("{\"requestId\":\"s-2\",\"action\":\"set\",\"machine\":\"imm-07\","
                + "\"ifVersion\":4,\"sharing\":" + SHARING_RULES.replace("imm-02", "imm-07") + "}"), "set, as SharingCommands documents it");
        assertInvalid("SharingRequest", tree("{\"requestId\":\"s-3\",\"action\":\"set\"}"), "required", "");
        assertInvalid("SharingRequest", tree("{\"requestId\":\"s-4\",\"action\":\"replace\"}"), "enum", "/action");
        ObjectNode accepted = json(payloads.sharingAnswer(sharingAnswer(SharingAnswer.Result.ACCEPTED), ManagedBy.PLATFORM));
        ((ObjectNode) accepted.at("/machines/0")).remove("setAt");
        assertInvalid("SharingAnswer", accepted, "required", "/machines/0");
    }

    /** One answer of {@code result}: imm-02's rules set by the platform as version 4; a problem when not ok or accepted. */
    private static SharingAnswer sharingAnswer(SharingAnswer.Result result) {
        SharingRulesReader.Read read = SharingRulesReader.read(SHARING_RULES, List.of("imm-01", "imm-02"));
        SharingConfig rules = read.rules().orElseThrow(() -> new AssertionError(read.problems()));
        MachineOffer offer = new MachineOffer("imm-02", rules.weekly(), rules.closed(), rules.minWindowMinutes(),
                rules.maintenance(), new RuleOrigin.Platform(4, NOW, "plat-7f3a-0071"));
        boolean fine = result == SharingAnswer.Result.OK || result == SharingAnswer.Result.ACCEPTED;
        return new SharingAnswer("plat-7f3a-0071", result, fine ? null : "ifVersion 3 is not the current version 4",
                result == SharingAnswer.Result.REJECTED ? List.of("sharing.minWindowMinutes is 0, out of range") : List.of(),
                4, List.of(offer), List.of());
    }

    /** The request forms in {@link CapacityCommands}' documentation are what the document describes. */
    @Test
    void requestsTheAgentTakesMatchTheirSchemas() {
        assertValid("ReserveRequest", tree("{\"requestId\": \"r-1\", \"machine\": \"imm-07\", \"window\": \"imm-07-20261201T0800Z\"}"), "by window");
        assertValid("ReserveRequest", tree("{\"requestId\": \"r-1\", \"machine\": \"imm-07\", \"start\": \"2026-12-01T08:00:00Z\","
                + " \"end\": \"2026-12-01T10:00:00Z\", \"reference\": \"order 4711\"}"), "by span");
        assertValid("ReserveRequest", tree("{\"requestId\": \"r-1\", \"machine\": \"imm-07\", \"start\": \"2026-12-01T08:00:00.5Z\","
                + " \"end\": \"2026-12-01T10:00:00Z\"}"), "with a fraction");
        assertValid("ReleaseRequest", tree("{\"requestId\": \"r-2\", \"reservation\": \"res-74764d7f-4772-3bd6-bfdb-46dc1308b2e1\"}"), "release");
    }

    // ---------------------------------------------------------------- the schemas bite

    @Test
    void unknownStateIsRejected() {
        ObjectNode state = json(payloads.state(42, new StateChange("imm-01", MachineState.RUNNING, SOURCE_TIME, null, "otherwise")));
        state.put("state", "PRODUCING");
        assertInvalid("MachineState", state, "enum", "/state");
        state.put("state", "RUNNING").put("previous", "BROKEN");
        assertInvalid("MachineState", state, "enum", "/previous");
    }

    @Test
    void readingWithoutQualityIsRejected() {
        ObjectNode telemetry = json(payloads.telemetry(43, "imm-01",
                List.of(Reading.good("imm-01", "mouldTemp", 46.8, SOURCE_TIME))));
        ((ObjectNode) telemetry.get("readings").get(0)).remove("quality");
        assertInvalid("Telemetry", telemetry, "required", "/readings/0");
    }

    @Test
    void unknownTopLevelFieldIsRejectedByEverySchema() {
        Map<String, JsonNode> valid = new LinkedHashMap<>();
        valid.put("Status", json(payloads.status(41, IDENTITY, true)));
        valid.put("MachineState", json(payloads.state(42, new StateChange("imm-01", MachineState.IDLE, SOURCE_TIME, null, "otherwise"))));
        valid.put("Telemetry", json(payloads.telemetry(43, "imm-01", List.of(Reading.good("imm-01", "mouldTemp", 46.8, SOURCE_TIME)))));
        valid.put("Capacity", json(payloads.capacity(44, idlePicture())));
        valid.put("IdleWindow", json(payloads.window(45, closedWindow("RUNNING"))));
        valid.put("Metering", json(payloads.metering(46, fullHour(), BERLIN)));
        valid.put("Capability", json(payloads.capability(47, demoMachines().get(0))));
        valid.put("CommandAnswer", json(payloads.answer(accepted())));
        valid.put("StatusAnswer", json(payloads.statusAnswer("s-1", new StatusReport(IDENTITY,
                new UplinkStatus(false, URI.create("ssl://mqtt-a.example.net:8883"), NOW, "bad user name or password", 4, 2, 900, 12_000),
                new OutboxStats(3, 120, 40_960, 500, 7, 0, Optional.empty(), 0, Optional.empty()), List.of(idlePicture())))));
        valid.put("RebirthAnswer", json(payloads.rebirthAnswer("b-1", 6)));
        valid.put("ReloadAnswer", json(payloads.reloadAnswer("c-1", "invalid", null,
                "1 problems, first: agent.yaml:3:7: unknown key 'sit' under agent: did you mean 'site'?")));
        MovedAside reset = new MovedAside(Path.of("/var/lib/edge-agent/capacity/capacity.mv.db"),
                Path.of("/var/lib/edge-agent/capacity/capacity.corrupt-20260302T081529Z.mv.db"),
                "its table reservation is missing: H2 opened an older or empty state of it", NOW);
        valid.put("StorageReset", json(payloads.storageReset(52, "capacity", reset)));
        valid.put("ReservationsAnswer", json(payloads.reservationsAnswer("l-1", accepted().reservation() == null
                ? List.of() : List.of(accepted().reservation()), Optional.of(reset))));
        valid.put("SharingAnswer", json(payloads.sharingAnswer(sharingAnswer(SharingAnswer.Result.ACCEPTED),
                ManagedBy.PLATFORM)));
        Alarm alarm = new Alarm("imm-01", "holding:8=1010", "holding:8", "spindle overload", null, 800, true, false,
                SOURCE_TIME);
        valid.put("Alarms", json(payloads.alarms(48, new AlarmChange(AlarmChange.Kind.RAISED, alarm, List.of(alarm)))));
        valid.put("AlarmChange", json(payloads.alarmChange(49, new AlarmChange(AlarmChange.Kind.RAISED, alarm,
                List.of(alarm)))));
        Reservation r = accepted().reservation();
        valid.put("ReservationList", json(payloads.reservations(53, "imm-01",
                List.of(new CurrentReservation(r, ReservationStatus.ACTIVE, true)))));
        valid.put("ReservationEvent", json(payloads.reservationEvent(54, new ReservationEvent("active", r,
                ReservationStatus.ACTIVE, false, "its time began"))));
        valid.put("DeliveryReport", json(payloads.deliveryReport(55, delivered(r))));
        valid.put("ReserveRequest", tree("{\"requestId\":\"r-1\",\"machine\":\"imm-01\",\"window\":\"imm-01-20260302T0700Z\"}"));
        valid.put("ReleaseRequest", tree("{\"requestId\":\"r-2\",\"reservation\":\"res-1\"}"));
        valid.put("AgentRequest", tree("{\"requestId\":\"s-1\"}"));
        valid.put("SharingRequest", tree("{\"requestId\":\"s-2\",\"action\":\"set\",\"sharing\":" + SHARING_RULES + "}"));
        List<String> all = new ArrayList<>(PAYLOAD_SCHEMAS);
        all.addAll(REQUEST_SCHEMAS);
        assertEquals(all, List.copyOf(valid.keySet()));
        for (Map.Entry<String, JsonNode> e : valid.entrySet()) {
            assertValid(e.getKey(), e.getValue(), "the valid " + e.getKey());
            ObjectNode payload = e.getValue().deepCopy();
            payload.put("colour", "blue");
            assertInvalid(e.getKey(), payload, "additionalProperties", "");
        }
    }

    @Test
    void timestampWithoutMillisecondsIsRejected() {
        ObjectNode state = json(payloads.state(42, new StateChange("imm-01", MachineState.IDLE, SOURCE_TIME, null, "otherwise")));
        state.put("ts", "2026-03-02T08:15:30Z");
        assertInvalid("MachineState", state, "pattern", "/ts");

        ObjectNode telemetry = json(payloads.telemetry(43, "imm-01",
                List.of(Reading.good("imm-01", "mouldTemp", 46.8, SOURCE_TIME))));
        ((ObjectNode) telemetry.get("readings").get(0)).put("ts", "2026-03-02T08:15:29.731+01:00");
        assertInvalid("Telemetry", telemetry, "pattern", "/readings/0/ts");
    }

    @Test
    void historicalFalseIsRejected() {
        ObjectNode telemetry = json(payloads.telemetry(43, "imm-01",
                List.of(Reading.good("imm-01", "mouldTemp", 46.8, SOURCE_TIME))));
        telemetry.put("historical", false);
        assertInvalid("Telemetry", telemetry, "const", "/historical");
    }

    @Test
    void capacityThatBreaksItsPromisesIsRejected() {
        ObjectNode capacity = json(payloads.capacity(44, idlePicture()));
        ((ObjectNode) capacity.at("/windows/0")).put("confidence", 1.5);
        assertInvalid("Capacity", capacity, "maximum", "/windows/0/confidence");

        capacity = json(payloads.capacity(44, idlePicture()));
        ((ObjectNode) capacity.at("/windows/0")).remove("estimatedParts");
        assertInvalid("Capacity", capacity, "required", "/windows/0");

        capacity = json(payloads.capacity(44, idlePicture()));
        ((ObjectNode) capacity.at("/open")).put("end", "2026-03-02T08:15:29.731Z");
        assertInvalid("Capacity", capacity, "additionalProperties", "/open");

        capacity = json(payloads.capacity(44, idlePicture()));
        ((ObjectNode) capacity.at("/reservations/0")).remove("requestId");
        assertInvalid("Capacity", capacity, "required", "/reservations/0");

        // Nothing may be offered while the machine is down or offline, or before its state is known.
        for (MachineState state : new MachineState[] {MachineState.DOWN, MachineState.OFFLINE, null}) {
            CapacityPicture offering = new CapacityPicture("imm-01", state, null, idlePicture().windows(), List.of());
            assertInvalid("Capacity", json(payloads.capacity(44, offering)), "maxItems", "/windows");
        }
    }

    @Test
    void closedWindowWithAnUnknownReasonIsRejected() {
        ObjectNode window = json(payloads.window(45, closedWindow("RUNNING")));
        window.put("closedBy", "IDLE");
        assertInvalid("IdleWindow", window, "enum", "/closedBy");
        window.put("closedBy", "RUNNING").remove("seconds");
        assertInvalid("IdleWindow", window, "required", "");
    }

    @Test
    void meteringWithoutEveryStateOrWithFractionsIsRejected() {
        ObjectNode hour = json(payloads.metering(39, fullHour(), BERLIN));
        ((ObjectNode) hour.get("seconds")).remove("UNKNOWN");
        assertInvalid("Metering", hour, "required", "/seconds");

        hour = json(payloads.metering(39, fullHour(), BERLIN));
        ((ObjectNode) hour.get("seconds")).put("RUNNING", 2709.6);
        assertInvalid("Metering", hour, "type", "/seconds/RUNNING");

        hour = json(payloads.metering(39, fullHour(), BERLIN));
        ((ObjectNode) hour.get("seconds")).put("PRODUCING", 0);
        assertInvalid("Metering", hour, "additionalProperties", "/seconds");

        hour = json(payloads.metering(39, fullHour(), BERLIN));
        hour.put("localStart", "2026-03-02T08:00:00.000 Europe/Berlin");
        assertInvalid("Metering", hour, "pattern", "/localStart");
    }

    @Test
    void capabilityOfAnUnknownKindIsRejected() {
        ObjectNode capability = json(payloads.capability(1, demoMachines().get(0)));
        capability.put("kind", "lathe");
        assertInvalid("Capability", capability, "enum", "/kind");
        capability.put("kind", "cnc");
        ((ObjectNode) capability.get("cycle")).remove("cavities");
        assertInvalid("Capability", capability, "required", "/cycle");
    }

    @Test
    void answersThatBreakTheirPromisesAreRejected() {
        ObjectNode answer = json(payloads.answer(accepted()));
        answer.put("result", "maybe");
        assertInvalid("CommandAnswer", answer, "enum", "/result");

        answer = json(payloads.answer(accepted()));
        answer.remove("reservation");
        assertInvalid("CommandAnswer", answer, "required", "");

        ObjectNode conflict = json(payloads.answer(new CommandAnswer("plat-7f3a-0044", "reserve",
                CommandAnswer.Result.CONFLICT, "overlaps reservation res-1", null)));
        conflict.remove("reason");
        assertInvalid("CommandAnswer", conflict, "required", "");

        conflict = json(payloads.answer(new CommandAnswer("plat-7f3a-0044", "reserve",
                CommandAnswer.Result.CONFLICT, "overlaps reservation res-1", null)));
        conflict.putNull("requestId");
        assertInvalid("CommandAnswer", conflict, "const", "/result");
    }

    @Test
    void requestsTheAgentWouldNotUnderstandAreRejected() {
        assertInvalid("ReserveRequest", tree("{\"requestId\":\"r-1\",\"machine\":\"imm-01\",\"window\":\"w-1\","
                + "\"start\":\"2026-03-03T07:00:00Z\",\"end\":\"2026-03-03T09:00:00Z\"}"), "oneOf", "");
        assertInvalid("ReserveRequest", tree("{\"requestId\":\"r-1\",\"machine\":\"imm-01\",\"start\":\"2026-03-03T07:00:00Z\"}"),
                "oneOf", "");
        assertInvalid("ReserveRequest", tree("{\"requestId\":\"r-1\",\"window\":\"w-1\"}"), "required", "");
        assertInvalid("ReserveRequest", tree("{\"requestId\":\"r-1\",\"machine\":\"imm-01\",\"start\":\"2026-03-03T08:00\","
                + "\"end\":\"2026-03-03T09:00:00Z\"}"), "pattern", "/start");
        assertInvalid("ReserveRequest", tree("{\"requestId\":\"  \",\"machine\":\"imm-01\",\"window\":\"w-1\"}"), "pattern", "/requestId");
        assertInvalid("ReserveRequest", tree("{\"requestId\":\"" + "r".repeat(129) + "\",\"machine\":\"imm-01\",\"window\":\"w-1\"}"),
                "maxLength", "/requestId");
        assertInvalid("ReleaseRequest", tree("{\"requestId\":\"r-2\",\"reservationId\":\"res-1\"}"), "required", "");
        assertInvalid("ReleaseRequest", tree("{\"requestId\":42,\"reservation\":\"res-1\"}"), "type", "/requestId");
    }

    // ---------------------------------------------------------------- what really goes over the wire

    /**
     * A real uplink to a real broker, watched by a separate subscriber: the birth, a state and a telemetry message
     * accepted before the uplink connected (so replayed as historical), the same accepted live, and the offline
     * status of an orderly stop. Each is routed to its channel by the document's own addresses and validated
     * against that channel's payload schema and the envelope, and was published with its channel's QoS and retain.
     */
    @Test
    void everyMessageOnTheWireMatchesTheSchemaOfItsChannel() throws Exception {
        ManualTime time = new ManualTime(NOW);
        Clock clock = time.clock();
        Payloads wirePayloads = new Payloads(TOPICS.agentId(), 1L, clock);
        try (EmbeddedBroker broker = EmbeddedBroker.start(Ports.free(), dir.resolve("broker"));
             Feed feed = new Feed(broker.url(), TOPICS.all());
             Outbox outbox = Outbox.open(dir.resolve("buffer"), clock)) {
            OutboxFeedSink sink = new OutboxFeedSink(outbox, wirePayloads, TOPICS, TelemetryConfig.DEFAULT.qos(),
                    ZoneOffset.UTC);
            sink.stateChanged(new StateChange("imm-02", MachineState.OFFLINE, clock.instant(), null, "not connected yet"));
            sink.telemetry("imm-02", List.of(new Reading("imm-02", "mouldTemp", null, clock.instant(), Quality.BAD,
                    "Bad_NotConnected")));
            // The uplink connects a second later (by its clock): what was accepted before is a replay.
            time.advance(Duration.ofSeconds(1));
            RecordingLink link = new RecordingLink(new PahoBrokerLink(TOPICS.agentId(), null, null, Duration.ofSeconds(2)));
            Uplink uplink = new Uplink(link, outbox, new JsonFeedSession(TOPICS, wirePayloads, IDENTITY),
                    List.of(URI.create(broker.url())), clock);
            uplink.start();
            try {
                feed.await(m -> m.topic().equals(TOPICS.status()), WAIT, "birth");
                Feed.Message replayedState = feed.await(m -> m.topic().equals(TOPICS.machineState("imm-02")), WAIT, "replayed state");
                Feed.Message replayedTelemetry = feed.await(m -> m.topic().equals(TOPICS.machineTelemetry("imm-02")), WAIT,
                        "replayed telemetry");
                assertTrue(replayedState.json().path("historical").asBoolean(), replayedState.raw());
                assertTrue(replayedTelemetry.json().path("historical").asBoolean(), replayedTelemetry.raw());

                sink.stateChanged(new StateChange("imm-01", MachineState.RUNNING, clock.instant(), MachineState.IDLE,
                        "cycleCounter counting (advanced within the last 6 s)"));
                sink.telemetry("imm-01", List.of(
                        Reading.good("imm-01", "cycleCounter", 18342L, SOURCE_TIME),
                        Reading.good("imm-01", "mouldTemp", 46.8, SOURCE_TIME),
                        Reading.good("imm-01", "heatersOn", Boolean.TRUE, SOURCE_TIME),
                        Reading.good("imm-01", "mouldName", "M-4711", SOURCE_TIME),
                        Reading.good("imm-01", "clampForce", Double.NaN, SOURCE_TIME)));
                Feed.Message liveState = feed.await(m -> m.topic().equals(TOPICS.machineState("imm-01")), WAIT, "live state");
                Feed.Message liveTelemetry = feed.await(m -> m.topic().equals(TOPICS.machineTelemetry("imm-01")), WAIT,
                        "live telemetry");
                assertFalse(liveState.json().has("historical"), liveState.raw());
                assertFalse(liveTelemetry.json().has("historical"), liveTelemetry.raw());
            } finally {
                uplink.close();
            }
            Feed.Message offline = feed.await(m -> m.topic().equals(TOPICS.status()), WAIT, "offline status");
            assertFalse(offline.json().path("online").asBoolean(true), offline.raw());

            List<Feed.Message> received = feed.seen();
            // Delivery is at least once: count messages by seq, not copies. The status messages take none.
            assertEquals(4, received.stream().filter(m -> m.json().has("seq")).mapToLong(m -> m.json().path("seq").asLong())
                    .distinct().count(), "2 states, 2 telemetry: " + received);
            List<JsonNode> statuses = received.stream().filter(m -> m.topic().equals(TOPICS.status()))
                    .map(Feed.Message::json).toList();
            assertTrue(statuses.stream().noneMatch(m -> m.has("seq")), "status takes no seq: " + statuses);
            assertEquals(1, statuses.stream().map(m -> m.path("bdSeq").asLong()).distinct().count(),
                    "the birth and the offline status of one connection share their bdSeq: " + statuses);
            List<String> problems = new ArrayList<>();
            problems.addAll(checkOnTheirChannels(received, m -> false));
            problems.addAll(checkPublishedAsDocumented(link.published(), null));
            assertTrue(problems.isEmpty(), "messages on the wire that break config/asyncapi.yaml:\n  "
                    + String.join("\n  ", problems));
        }
    }

    /**
     * The capacity side and the commands, through the agent's real parts: the capacity engine with its store, the
     * ingest thread that drives it, the outbox, the uplink and the command handler, against a real broker. A
     * platform client reserves and releases by MQTT v5 request/response (and once without a response topic);
     * the machine goes idle, runs, idles again and is reserved; an hour closes. Every message on the wire is
     * validated against its channel's schema, every channel the agent publishes on is seen, every message was
     * published with its channel's QoS and retain flag, and every request the document calls valid is one the
     * agent understands (its answer is no {@code error}), every one it calls invalid is answered {@code error}.
     */
    @Test
    void capacityAndCommandsOnTheWireMatchTheirChannels() throws Exception {
        ManualTime time = new ManualTime(NOW);
        Clock clock = time.clock();
        Payloads wirePayloads = new Payloads(TOPICS.agentId(), 1L, clock);
        AgentConfig config = load(CONFIGS.resolve("demo.yaml"));
        CapacityPlan plan = CapacityPlan.from(config);
        String m = "imm-02";
        String replies = "platform/replies/" + TOPICS.agentId();
        List<JsonNode> answers = new ArrayList<>();
        try (EmbeddedBroker broker = EmbeddedBroker.start(Ports.free(), dir.resolve("broker"));
             Feed feed = new Feed(broker.url(), TOPICS.all());
             CommandClient platform = new CommandClient(broker.url(), replies);
             Outbox outbox = Outbox.open(dir.resolve("buffer"), clock);
             CapacityStore store = CapacityStore.open(dir.resolve("capacity"), clock);
             SharingStore sharingStore = SharingStore.open(store, dir.resolve("sharing"), clock)) {
            OutboxFeedSink sink = new OutboxFeedSink(outbox, wirePayloads, TOPICS, TelemetryConfig.DEFAULT.qos(), plan.zone());
            // What a start that found the capacity store damaged tells the platform first.
            sink.storageReset("capacity", new MovedAside(dir.resolve("capacity.mv.db"),
                    dir.resolve("capacity.corrupt-20260302T081529Z.mv.db"), "its table reservation is missing", NOW));
            config.machines().forEach(sink::capability);
            // An alarm raised and cleared: its changes, and the retained list after each.
            Alarm overload = new Alarm(m, "nsu=urn:edge-agent:simulator;s=" + m + "/Alarms/SpindleOverload", m,
                    "spindle overload", "en", 800, true, false, SOURCE_TIME);
            sink.alarmChanged(new AlarmChange(AlarmChange.Kind.RAISED, overload, List.of(overload)));
            sink.alarmChanged(new AlarmChange(AlarmChange.Kind.CLEARED, overload.cleared(NOW), List.of()));
            CapacityEngine engine = new CapacityEngine(plan, store, sink);
            // The agent's monotonic clock moves with the wall clock, so moving it is time passing, not a clock step.
            Ingest ingest = new Ingest(Map.of(), Map.of(), TelemetryConfig.DEFAULT.batch(), 1000, sink, engine, clock,
                    time::nanoTime);
            RecordingLink link = new RecordingLink(new PahoBrokerLink(TOPICS.agentId(), null, null, Duration.ofSeconds(2)));
            CommandRouter router = new CommandRouter(wirePayloads).add(new CapacityCommands(ingest, engine, wirePayloads, clock, Optional.empty()));
            Uplink uplink = new Uplink(link, outbox, new JsonFeedSession(TOPICS, wirePayloads, IDENTITY),
                    List.of(URI.create(broker.url())), clock, router);
            router.add(new AgentCommands(ingest, engine, outbox, uplink, IDENTITY, wirePayloads, UNCHANGED));
            SharingConfig file = config.sharing();
            SharingOffers offers = SharingOffers.open(plan.zone(), new SharingConfig(file.weekly(), file.closed(),
                    file.minWindowMinutes(), file.horizonDays(), file.maintenance(), ManagedBy.PLATFORM, file.lines()),
                    "demo.yaml", config.machines().stream().map(MachineConfig::id).toList(), sharingStore, clock);
            router.add(new SharingCommands(offers, ingest, engine, wirePayloads));
            ingest.start();
            uplink.start();
            try {
                feed.await(topic(TOPICS.status()), WAIT, "birth");
                feed.await(topic(TOPICS.machineCapability(m)), WAIT, "capability");

                time.advance(Duration.ofSeconds(1));
                changeState(ingest, engine, sink, m, MachineState.IDLE, null, clock);
                JsonNode offer = feed.await(topic(TOPICS.machineCapacity(m)).and(x -> !x.json().get("open").isNull()), WAIT,
                        "an open window").json();
                // No offer before the machine's first state (issue 21): the first one on the wire says IDLE.
                assertEquals("IDLE", feed.seen().stream().filter(x -> x.topic().equals(TOPICS.machineCapacity(m)))
                        .findFirst().orElseThrow().json().get("state").asText());
                assertFalse(offer.get("windows").isEmpty(), offer.toString());
                String firstWindow = offer.at("/windows/0/id").asText();
                time.advance(Duration.ofMinutes(2));
                changeState(ingest, engine, sink, m, MachineState.RUNNING, MachineState.IDLE, clock);
                assertEquals("RUNNING", feed.await(topic(TOPICS.machineWindows(m)), WAIT, "window closed by running")
                        .json().get("closedBy").asText());
                time.advance(Duration.ofMinutes(1));
                changeState(ingest, engine, sink, m, MachineState.IDLE, MachineState.RUNNING, clock);
                sink.telemetry(m, List.of(Reading.good(m, "mouldTemp", 41.2, clock.instant())));

                String span = "\"start\":\"2026-03-02T11:00:00Z\",\"end\":\"2026-03-02T12:00:00Z\"";
                JsonNode accepted = request(platform, "reserve", "{\"requestId\":\"ct-1\",\"machine\":\"" + m + "\"," + span
                        + ",\"reference\":\"order 4711\"}", true, "accepted", answers);
                String reservation = accepted.at("/reservation/id").asText();
                JsonNode again = request(platform, "reserve", "{\"requestId\":\"ct-1\",\"machine\":\"" + m + "\"," + span
                        + ",\"reference\":\"order 4711\"}", true, "accepted", answers);
                assertEquals(accepted.get("reservation"), again.get("reservation"), "a retry gets the first answer");
                request(platform, "reserve", "{\"requestId\":\"ct-2\",\"machine\":\"" + m + "\"," + span + "}", true, "conflict", answers);
                request(platform, "reserve", "{\"requestId\":\"ct-3\",\"machine\":\"imm-09\"," + span + "}", true, "rejected", answers);
                JsonNode reserved = feed.await(topic(TOPICS.machineCapacity(m)).and(x -> x.json().get("reservations").size() == 1),
                        WAIT, "the offer with the reservation").json();
                assertEquals(firstWindow, reserved.at("/windows/0/id").asText(), "the window cut short keeps its id");
                assertEquals("2026-03-02T11:00:00.000Z", reserved.at("/windows/0/end").asText(), reserved.toString());
                JsonNode listed = request(platform, "reservations", "{\"requestId\":\"ct-14\"}", true, "ok", answers);
                assertEquals(reservation, listed.at("/reservations/0/id").asText(), "the agent lists what it holds: " + listed);
                assertTrue(listed.get("storeReset").isNull(), "nothing was lost at this start: " + listed);
                request(platform, "release", "{\"requestId\":\"ct-4\",\"reservation\":\"" + reservation + "\"}", true, "released", answers);
                request(platform, "release", "{\"requestId\":\"ct-5\",\"reservation\":\"" + reservation + "\"}", true, "not_found", answers);
                JsonNode unreadable = request(platform, "reserve", "{\"machine\":\"" + m + "\",\"window\":\"" + firstWindow + "\"}",
                        false, "error", answers);
                assertTrue(unreadable.get("requestId").isNull(), unreadable.toString());
                request(platform, "reserve", "{\"requestId\":\"ct-6\",\"machine\":\"" + m + "\",\"window\":\"" + firstWindow + "\","
                        + span + "}", false, "error", answers);
                request(platform, "reserve", "{\"requestId\":\"ct-7\",\"machine\":\"" + m + "\",\"start\":\"2026-03-02T11:00\","
                        + "\"end\":\"2026-03-02T12:00:00Z\"}", false, "error", answers);

                // Without a response topic the answer goes to cmd/<name>/reply, for an unknown command too.
                publishWithoutResponseTopic(broker.url(), TOPICS.command("release"), "{\"requestId\":\"ct-8\",\"reservation\":\"res-none\"}");
                answers.add(feed.await(topic(TOPICS.commandReply("release")), WAIT, "the answer on the default reply topic").json());
                assertEquals("not_found", answers.get(answers.size() - 1).get("result").asText());
                publishWithoutResponseTopic(broker.url(), TOPICS.command("reboot"), "{\"requestId\":\"ct-9\"}");
                answers.add(feed.await(topic(TOPICS.commandReply("reboot")), WAIT, "the answer to an unknown command").json());
                assertEquals("error", answers.get(answers.size() - 1).get("result").asText());

                JsonNode status = request(platform, "status", "{\"requestId\":\"ct-11\"}", true, "ok", answers);
                assertTrue(status.at("/uplink/connected").asBoolean(), status.toString());
                assertEquals("IDLE", status.at("/machines/1/state").asText(), status.toString());
                int retained = request(platform, "rebirth", "{\"requestId\":\"ct-12\"}", true, "ok", answers)
                        .get("republished").asInt();
                assertTrue(retained >= 3, "the state, capacity and capability of imm-02 at least: " + retained);
                JsonNode republished = feed.await(topic(TOPICS.machineCapability(m)).and(x -> x.json().path("historical").asBoolean()),
                        WAIT, "the capability republished by the rebirth").json();
                assertEquals(m, republished.get("machine").asText());
                assertEquals("unchanged", request(platform, "reload-config", "{\"requestId\":\"ct-13\"}", true,
                        "unchanged", answers).get("result").asText());

                // The sharing rules of imm-01, which has no state and so publishes no offer the steps below expect.
                String rules = SHARING_RULES.replace("imm-02", "imm-01");
                assertEquals(0, request(platform, "sharing", "{\"requestId\":\"ct-20\",\"action\":\"get\",\"machine\":\"imm-01\"}",
                        true, "ok", answers).at("/machines/0/version").asInt());
                String set = "{\"requestId\":\"ct-21\",\"action\":\"set\",\"machine\":\"imm-01\",\"ifVersion\":0,\"sharing\":"
                        + rules + "}";
                assertEquals(1, request(platform, "sharing", set, true, "accepted", answers).get("version").asInt());
                assertEquals(1, request(platform, "sharing", set, true, "accepted", answers).get("version").asInt(),
                        "a retry gets the first answer");
                request(platform, "sharing", set.replace("ct-21", "ct-22"), true, "conflict", answers);
                request(platform, "sharing", "{\"requestId\":\"ct-23\",\"action\":\"set\",\"sharing\":{\"minWindowMinutes\":0}}",
                        false, "rejected", answers);
                assertEquals("'action' must be get or set, not 'replace'", request(platform, "sharing",
                        "{\"requestId\":\"ct-24\",\"action\":\"replace\"}", false, "error", answers).get("reason").asText());

                // Reserving the window the machine idles in ends the open window: offered time ended. The engine
                // reads the time on its ticks; the forecast recomputed 5 minutes on shows it has seen the new time.
                time.advance(Duration.ofMinutes(5));
                String later = Timestamps.format(clock.instant());
                feed.await(topic(TOPICS.machineCapacity(m)).and(x -> x.json().at("/windows/0/start").asText().equals(later)),
                        WAIT, "the offer recomputed at " + later);
                JsonNode whole = request(platform, "reserve", "{\"requestId\":\"ct-10\",\"machine\":\"" + m + "\",\"window\":\""
                        + firstWindow + "\"}", true, "accepted", answers);
                assertEquals("OFFERED_TIME_ENDED", feed.await(topic(TOPICS.machineWindows(m)), WAIT,
                        "window closed by the reservation").json().get("closedBy").asText(), whole.toString());

                // The hour closes: 08:00 to 09:00 UTC (09:00 to 10:00 in Europe/Berlin).
                time.advance(Duration.between(clock.instant(), Instant.parse("2026-03-02T09:00:00.300Z")));
                JsonNode hour = feed.await(topic(TOPICS.machineMetering(m)), WAIT, "the closed hour").json();
                assertEquals("2026-03-02T08:00:00.000Z", hour.get("start").asText());
                assertEquals(3600, seconds(hour).values().stream().mapToLong(Long::longValue).sum(), hour.toString());
                assertTrue(seconds(hour).get("UNKNOWN") >= 15 * 60, "before the agent started: " + hour);
                feed.await(topic(TOPICS.machineMetering("imm-01")), WAIT, "the hour of a machine never seen");
                assertEquals(whole.at("/reservation/id").asText(), hour.at("/reservations/0/id").asText(),
                        "the hour names the reservation active in it: " + hour);

                // Released while it runs: its report covers the time up to the release.
                String running = whole.at("/reservation/id").asText();
                request(platform, "release", "{\"requestId\":\"ct-15\",\"reservation\":\"" + running + "\"}", true,
                        "released", answers);
                JsonNode report = feed.await(topic(TOPICS.machineReservationReport(m, running)), WAIT, "the report").json();
                assertEquals("released", report.get("status").asText());
                assertEquals(report.get("reservedSeconds").asLong(),
                        seconds(report).values().stream().mapToLong(Long::longValue).sum(), report.toString());
                feed.await(topic(TOPICS.machineReservationEvents(m)).and(x -> x.json().get("event").asText().equals("released")),
                        WAIT, "the released event");
            } finally {
                ingest.close();
                uplink.close();
            }
            feed.await(topic(TOPICS.status()).and(x -> !x.json().path("online").asBoolean(true)), WAIT, "offline status");

            List<String> problems = new ArrayList<>();
            Channel replyChannel = channels().stream().filter(c -> c.name().equals("commandReply")).findFirst().orElseThrow();
            for (JsonNode answer : answers) {
                String answerSchema = replyChannel.payloadSchema(answer);
                Set<ValidationMessage> errors = schema(answerSchema).validate(answer);
                if (!errors.isEmpty()) {
                    problems.add("answer vs " + answerSchema + ": " + format(errors) + "\n    " + answer);
                }
            }
            // Requests are checked against the schema before they are sent; the unknown command has no channel.
            problems.addAll(checkOnTheirChannels(feed.seen(), x -> x.topic().equals(TOPICS.command("reserve"))
                    || x.topic().equals(TOPICS.command("release")) || x.topic().equals(TOPICS.command("status"))
                    || x.topic().equals(TOPICS.command("rebirth")) || x.topic().equals(TOPICS.command("reload-config"))
                    || x.topic().equals(TOPICS.command("reservations")) || x.topic().equals(TOPICS.command("sharing"))
                    || x.topic().equals(TOPICS.command("reboot"))));
            problems.addAll(checkPublishedAsDocumented(link.published(), replies));
            Set<String> seen = new TreeSet<>();
            for (Feed.Message x : feed.seen()) {
                channels().stream().filter(c -> c.topic().matcher(x.topic()).matches()).forEach(c -> seen.add(c.name()));
            }
            assertEquals(fieldNames(document.path("channels")), seen, "every channel of the document was used");
            assertTrue(problems.isEmpty(), "messages on the wire that break config/asyncapi.yaml:\n  "
                    + String.join("\n  ", problems));
        }
    }

    // ---------------------------------------------------------------- helpers: the wire

    /** Validates every message against its channel's payload schema and the envelope, skipping those {@code skip} names. */
    private static List<String> checkOnTheirChannels(List<Feed.Message> received, Predicate<Feed.Message> skip) {
        List<String> problems = new ArrayList<>();
        List<Channel> channels = channels();
        for (Feed.Message m : received) {
            if (skip.test(m)) {
                continue;
            }
            List<Channel> matching = channels.stream().filter(c -> c.topic().matcher(m.topic()).matches()).toList();
            if (matching.size() != 1) {
                problems.add(m.topic() + " matches " + matching.size() + " channels of the document");
                continue;
            }
            for (String name : List.of(matching.get(0).payloadSchema(m.json()), "Envelope")) {
                Set<ValidationMessage> errors = schema(name).validate(m.json());
                if (!errors.isEmpty()) {
                    problems.add(m.topic() + " vs " + name + ": " + format(errors) + "\n    " + m.raw());
                }
            }
            if (!m.json().path("agent").asText().equals(TOPICS.agentId())) {
                problems.add(m.topic() + ": agent field " + m.json().path("agent") + " is not the topic's agentId");
            }
        }
        return problems;
    }

    /**
     * Every message the agent handed its MQTT client (and its Last Will) went out with the QoS and retain flag of
     * its channel's receive operation; answers on a response topic ({@code responseTopic}) as the reply channel's.
     */
    private static List<String> checkPublishedAsDocumented(List<BrokerLink.Message> published, String responseTopic) {
        List<String> problems = new ArrayList<>();
        List<Channel> channels = channels();
        for (BrokerLink.Message m : published) {
            Optional<Channel> channel = m.topic().equals(responseTopic)
                    ? channels.stream().filter(c -> c.name().equals("commandReply")).findFirst()
                    : channels.stream().filter(c -> c.topic().matcher(m.topic()).matches()).findFirst();
            if (channel.isEmpty() || channel.get().binding() == null) {
                problems.add(m.topic() + " is published, but no receive operation of the document describes it");
                continue;
            }
            JsonNode binding = channel.get().binding();
            if (binding.path("qos").asInt() != m.qos() || binding.path("retain").asBoolean() != m.retained()) {
                problems.add(m.topic() + " published at QoS " + m.qos() + (m.retained() ? ", retained" : ", not retained")
                        + "; the document says " + binding);
            }
            long expiry = channel.get().name().equals("machineTelemetry") ? TelemetryConfig.DEFAULT_EXPIRY.toSeconds() : 0;
            if (m.expirySeconds() != expiry) {
                problems.add(m.topic() + " published with message expiry " + m.expirySeconds() + " s, expected " + expiry);
            }
        }
        return problems;
    }

    /**
     * Sends a request and returns its answer, after checking that the document calls the request valid or not,
     * and that the agent answered it with {@code result}.
     */
    private static JsonNode request(CommandClient platform, String command, String request, boolean schemaValid,
            String result, List<JsonNode> answers) throws Exception {
        String schemaName = switch (command) {
            case "reserve" -> "ReserveRequest";
            case "release" -> "ReleaseRequest";
            case "sharing" -> "SharingRequest";
            default -> "AgentRequest";
        };
        Set<ValidationMessage> errors = schema(schemaName).validate(tree(request));
        assertEquals(schemaValid, errors.isEmpty(), schemaName + (schemaValid ? " rejects " : " accepts ") + request
                + ": " + format(errors));
        String correlation = "corr-" + answers.size();
        CommandClient.Answer answer = platform.request(TOPICS.command(command), request, correlation, WAIT);
        assertEquals(correlation, answer.correlation(), "the correlation data is echoed");
        answers.add(answer.json());
        assertEquals(result, answer.json().path("result").asText(), request + " -> " + answer.json());
        return answer.json();
    }

    private static void publishWithoutResponseTopic(String brokerUrl, String topic, String payload) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(brokerUrl, "test-platform-plain-" + System.nanoTime(), new MemoryPersistence());
        try {
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            client.connect(options).waitForCompletion(10_000);
            MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
            message.setQos(1);
            client.publish(topic, message).waitForCompletion(10_000);
            client.disconnect().waitForCompletion(2_000);
        } finally {
            client.close(true);
        }
    }

    /** A state change as the ingest thread makes it: published, then handed to the capacity engine, on that thread. */
    private static void changeState(Ingest ingest, CapacityEngine engine, OutboxFeedSink sink, String machine,
            MachineState state, MachineState previous, Clock clock) throws Exception {
        StateChange change = new StateChange(machine, state, clock.instant(), previous, "otherwise");
        ingest.submit(() -> {
            sink.stateChanged(change);
            engine.onState(change, clock.instant());
            return null;
        }).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Predicate<Feed.Message> topic(String topic) {
        return m -> m.topic().equals(topic);
    }

    /**
     * A channel of the document: its address as a topic pattern, its payload schemas (several only on the
     * reply channel) and its receive binding.
     */
    private record Channel(String name, Pattern topic, List<String> payloadSchemas, JsonNode binding) {

        /** The schema a received message must match: on the reply channel, the one of its command's answer. */
        String payloadSchema(JsonNode payload) {
            if (payloadSchemas.size() == 1) {
                return payloadSchemas.get(0);
            }
            String answer = switch (payload.path("command").asText() + "/" + payload.path("result").asText()) {
                case "status/ok" -> "StatusAnswer";
                case "rebirth/ok" -> "RebirthAnswer";
                case "reservations/ok" -> "ReservationsAnswer";
                case "reload-config/restarting", "reload-config/unchanged", "reload-config/invalid" -> "ReloadAnswer";
                case "sharing/ok", "sharing/accepted", "sharing/conflict", "sharing/rejected" -> "SharingAnswer";
                default -> "CommandAnswer";
            };
            assertTrue(payloadSchemas.contains(answer), name + " carries " + answer);
            return answer;
        }
    }

    private static List<Channel> channels() {
        Map<String, JsonNode> bindings = new LinkedHashMap<>();
        for (JsonNode op : document.path("operations")) {
            if (op.path("action").asText().equals("receive")) {
                bindings.put(op.at("/channel/$ref").asText(), op.at("/bindings/mqtt"));
            }
        }
        List<Channel> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = document.path("channels").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> channel = it.next();
            List<String> schemas = new ArrayList<>();
            channel.getValue().path("messages").forEach(m -> schemas.add(refName(message(m).path("payload"))));
            assertTrue(schemas.size() == 1 || channel.getKey().equals("commandReply"),
                    "one message per channel but the replies: " + channel.getKey());
            out.add(new Channel(channel.getKey(), addressPattern(channel.getValue().path("address").asText()),
                    List.copyOf(schemas), bindings.get("#/channels/" + channel.getKey())));
        }
        assertEquals(21, out.size(), "status, 11 machine channels, agent events, 7 commands, replies: " + out);
        return out;
    }

    private static Pattern addressPattern(String address) {
        Matcher parameter = Pattern.compile("\\{[A-Za-z]+}").matcher(address);
        StringBuilder regex = new StringBuilder();
        int last = 0;
        while (parameter.find()) {
            regex.append(Pattern.quote(address.substring(last, parameter.start()))).append("[a-z0-9-]{1,64}");
            last = parameter.end();
        }
        return Pattern.compile(regex.append(Pattern.quote(address.substring(last))).toString());
    }

    /** Delegates to a real link and keeps every message handed to it, the Last Will included. */
    private static final class RecordingLink extends ForwardingLink {
        private final List<Message> published = Collections.synchronizedList(new ArrayList<>());

        RecordingLink(BrokerLink delegate) {
            super(delegate);
        }

        List<Message> published() {
            synchronized (published) {
                return List.copyOf(published);
            }
        }

        @Override
        public Session connect(URI url, Message will, Duration sessionExpiry, Runnable onConnectionLost,
                               Consumer<Inbound> inbound) throws BrokerException {
            published.add(will);
            return super.connect(url, will, sessionExpiry, onConnectionLost, inbound);
        }

        @Override
        public void publish(Message message, Consumer<Throwable> done) throws BrokerException {
            published.add(message);
            super.publish(message, done);
        }
    }

    // ---------------------------------------------------------------- helpers: what is rendered

    private static Reservation reservation(String requestId, String reference) {
        return new Reservation("res-74764d7f-4772-3bd6-bfdb-46dc1308b2e1", "imm-01",
                new TimeSpan(Instant.parse("2026-03-03T07:00:00Z"), Instant.parse("2026-03-03T09:00:00Z")), requestId, reference);
    }

    private static CommandAnswer accepted() {
        return new CommandAnswer("plat-7f3a-0042", "reserve", CommandAnswer.Result.ACCEPTED, null,
                reservation("plat-7f3a-0042", "order 4711, step 2"));
    }

    /** The document's idle example: an open window, a window with estimates and one without, two reservations. */
    private static CapacityPicture idlePicture() {
        ForecastWindow now = new ForecastWindow("imm-01-20260302T0700Z", NOW, Instant.parse("2026-03-02T11:00:00Z"),
                0.72, 2.742, 4934L, 19736L);
        ForecastWindow evening = new ForecastWindow("imm-01-20260302T1600Z", Instant.parse("2026-03-02T16:00:00Z"),
                Instant.parse("2026-03-02T21:00:00Z"), 0.3, 5.0, null, null);
        Reservation other = new Reservation("res-ee0fe47c-c756-3513-a696-5d0a75121436", "imm-01",
                new TimeSpan(Instant.parse("2026-03-04T07:00:00Z"), Instant.parse("2026-03-04T08:00:00Z")), "plat-7f3a-0043", null);
        return new CapacityPicture("imm-01", MachineState.IDLE,
                new LiveWindow("imm-01", Instant.parse("2026-03-02T08:02:11.480Z"), null, null),
                List.of(now, evening), List.of(reservation("plat-7f3a-0042", "order 4711, step 2"), other));
    }

    private static LiveWindow closedWindow(String closedBy) {
        return new LiveWindow("imm-01", Instant.parse("2026-03-02T08:02:11.480Z"), SOURCE_TIME, closedBy);
    }

    /** 08:00 to 09:00 in Europe/Berlin, with milliseconds that need rounding, 4 cavities. */
    /** A report as a delivery makes it: two hours, one of them running, ten minutes down, the rest unknown. */
    private static DeliveryReport delivered(Reservation r) {
        Delivery d = Delivery.begin(r, r.start(), MachineState.RUNNING, "running rule");
        d.advance(r.start().plus(Duration.ofHours(1)));
        d.onState(MachineState.DOWN, r.start().plus(Duration.ofHours(1)), "alarmCode ne 0 (alarmCode=17)",
                r.start().plus(Duration.ofHours(1)));
        d.advance(r.start().plus(Duration.ofMinutes(70)));
        d.onCycles(120);
        d.onGoodParts(470);
        d.onBadParts(10);
        d.onJob("jobName", "JOB-4711");
        d.onJob("mouldId", "模具-A07");
        return d.finish(ReservationStatus.COMPLETED, r.end(), 4);
    }

    private static MeterBucket fullHour() {
        Map<MachineState, Long> millis = new EnumMap<>(MachineState.class);
        millis.put(MachineState.RUNNING, 2_710_400L);
        millis.put(MachineState.IDLE, 411_700L);
        millis.put(MachineState.SETUP, 477_900L);
        return new MeterBucket("imm-01", Instant.parse("2026-03-02T07:00:00Z"), Instant.parse("2026-03-02T08:00:00Z"),
                millis, 0, 1355, 5420L);
    }

    /**
     * The hours a real meter closes over a night in {@code zone} with its clock change (Europe/Berlin springs
     * forward on 2026-03-29, Lord Howe falls back half an hour on 2026-04-05), the machine changing state
     * every 17 minutes.
     */
    private static List<MeterBucket> meteredNight(ZoneId zone) {
        Instant start = zone.getId().equals("Australia/Lord_Howe") ? Instant.parse("2026-04-04T12:10:00.250Z")
                : Instant.parse("2026-03-28T23:10:00.250Z");
        Meter meter = new Meter("imm-01", zone, 2, start);
        List<MeterBucket> buckets = new ArrayList<>();
        MachineState[] states = MachineState.values();
        long counter = 100;
        for (int i = 1; i <= 30; i++) {
            Instant t = start.plus(Duration.ofMinutes(17L * i)).plusMillis(333L * i);
            buckets.addAll(meter.advance(t));
            meter.onState(states[i % states.length], t, t);
            counter += 41;
            meter.onCounter(counter, t);
        }
        assertTrue(buckets.size() >= 6, "hours closed: " + buckets.size());
        return buckets;
    }

    /** Windows closed in every way the tracker closes them. */
    private static List<LiveWindow> everyWayAWindowCloses() {
        Instant t0 = Instant.parse("2026-03-02T08:02:11.480Z");
        TimeSpan offered = new TimeSpan(Instant.parse("2026-03-02T05:00:00Z"), Instant.parse("2026-03-02T21:00:00Z"));
        List<LiveWindow> closed = new ArrayList<>();
        for (MachineState s : MachineState.values()) {
            if (s != MachineState.IDLE) {
                LiveWindowTracker tracker = openTracker(t0, offered);
                tracker.onState(s, t0.plusMillis(798_251)).ifPresent(closed::add);
            }
        }
        LiveWindowTracker calendar = openTracker(t0, offered);
        closed.addAll(calendar.advance(offered.end().plusMillis(130), List.of(offered)));
        LiveWindowTracker stepped = openTracker(t0, offered);
        stepped.clockStepped(t0.plusSeconds(60), t0.plus(Duration.ofDays(2))).ifPresent(closed::add);
        LiveWindowTracker stopped = openTracker(t0, offered);
        stopped.stop(t0.plusSeconds(300)).ifPresent(closed::add);
        assertEquals(MachineState.values().length - 1 + 3, closed.size(), "every tracker closed its window: " + closed);
        return closed;
    }

    private static LiveWindowTracker openTracker(Instant t0, TimeSpan offered) {
        LiveWindowTracker tracker = new LiveWindowTracker("imm-01");
        tracker.onState(MachineState.IDLE, t0);
        tracker.advance(t0, List.of(offered));
        assertTrue(tracker.open().isPresent(), "an idle machine in offered time has an open window");
        return tracker;
    }

    private static List<MachineConfig> demoMachines() {
        return load(CONFIGS.resolve("demo.yaml")).machines();
    }

    private static AgentConfig load(Path file) {
        try {
            return ConfigLoader.load(file, name -> "example-" + name);
        } catch (ConfigException e) {
            throw new AssertionError(file + " does not load: " + e.format(), e);
        }
    }

    private static Map<String, Long> seconds(JsonNode metering) {
        Map<String, Long> out = new LinkedHashMap<>();
        metering.get("seconds").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
        return out;
    }

    /** The schema of a rendered event, by its fields. */
    private static String schemaOf(byte[] payload) {
        JsonNode node = json(payload);
        return node.has("windows") ? "Capacity" : node.has("closedBy") ? "IdleWindow" : node.has("localStart") ? "Metering"
                : node.has("kind") ? "Capability" : "unknown";
    }

    // ---------------------------------------------------------------- helpers: the document

    /** Follows a local {@code $ref} of the document. */
    private static JsonNode resolve(JsonNode node) {
        String ref = node.path("$ref").asText();
        assertTrue(ref.startsWith("#/"), "a local $ref expected: " + node);
        JsonNode target = document.at(ref.substring(1));
        assertFalse(target.isMissingNode(), "dangling $ref " + ref);
        return target;
    }

    /** A message, through the {@code $ref}s that lead to it (an operation's refers to its channel's, which refers to the component). */
    private static JsonNode message(JsonNode node) {
        JsonNode target = node;
        for (int hops = 0; target.has("$ref"); hops++) {
            assertTrue(hops < 3, "a $ref chain too long: " + node);
            target = resolve(target);
        }
        return target;
    }

    /** The name of the component schema a {@code $ref} points at. */
    private static String refName(JsonNode node) {
        resolve(node);
        String ref = node.path("$ref").asText();
        assertTrue(ref.startsWith("#/components/schemas/"), "a component schema expected: " + ref);
        return ref.substring("#/components/schemas/".length());
    }

    private static JsonNode assertValid(String schemaName, byte[] payload) {
        JsonNode node = json(payload);
        assertValid(schemaName, node, new String(payload, StandardCharsets.UTF_8));
        assertValid("Envelope", node, new String(payload, StandardCharsets.UTF_8));
        return node;
    }

    private static void assertValid(String schemaName, JsonNode payload, String what) {
        Set<ValidationMessage> errors = schema(schemaName).validate(payload);
        assertTrue(errors.isEmpty(), schemaName + " rejects " + what + ": " + format(errors));
    }

    /** Expects an error of {@code keyword} at {@code location} (a JSON pointer; "" for the payload itself). */
    private static void assertInvalid(String schemaName, JsonNode payload, String keyword, String location) {
        Set<ValidationMessage> errors = schema(schemaName).validate(payload);
        assertTrue(errors.stream().anyMatch(e -> e.getType().equals(keyword) && pointer(e).equals(location)),
                schemaName + " should reject " + payload + " with " + keyword + " at '" + location + "'; errors: "
                        + format(errors));
    }

    /** The instance location as a JSON pointer, whatever path style the validator reports in. */
    private static String pointer(ValidationMessage e) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < e.getInstanceLocation().getNameCount(); i++) {
            b.append('/').append(e.getInstanceLocation().getElement(i));
        }
        return b.toString();
    }

    private static String format(Set<ValidationMessage> errors) {
        return errors.isEmpty() ? "none"
                : errors.stream().map(e -> "[" + e.getType() + "] " + e.getMessage()).sorted().collect(Collectors.joining("; "));
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> out = new TreeSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Set<String> fieldNames(JsonNode object) {
        Set<String> out = new TreeSet<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static ObjectNode json(byte[] payload) {
        try {
            return (ObjectNode) JSON.readTree(payload);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(payload, StandardCharsets.UTF_8), e);
        }
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
