package io.edgeagent.agent.uplink;

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
import io.edgeagent.agent.config.TelemetryConfig;
import io.edgeagent.agent.demo.EmbeddedBroker;
import io.edgeagent.agent.ingest.OutboxFeedSink;
import io.edgeagent.agent.state.MachineState;
import io.edgeagent.agent.state.StateChange;
import io.edgeagent.agent.testing.Feed;
import io.edgeagent.agent.testing.Ports;
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
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * config/asyncapi.yaml tells the cloud the truth: what {@link Payloads} renders, and every message a subscriber
 * receives from a real {@link Uplink}, validates against the document's component schemas, and payloads
 * that break the contract do not.
 *
 * <p>The schemas are taken straight from the document: it is loaded as one schema resource under its own
 * file URI, and each payload schema is addressed by a JSON pointer into it
 * ({@code file:/.../asyncapi.yaml#/components/schemas/Status}), so the document's own
 * {@code $ref: '#/components/schemas/...'} resolve against it exactly as an AsyncAPI tool resolves them.
 */
class PayloadContractTest {

    private static final Path DOCUMENT = Path.of("../config/asyncapi.yaml");
    private static final Instant NOW = Instant.parse("2026-03-02T08:15:30.250Z");
    private static final Instant SOURCE_TIME = Instant.parse("2026-03-02T08:15:29.731Z");
    private static final Topics TOPICS = new Topics("edge/v1", "site-a", "gw-test");
    private static final AgentIdentity IDENTITY = new AgentIdentity("0.1.0",
            "1e384bc2e267129355dcfd450c248bbc04d4cbc2cef2ef9a51c0e569b25ff73e", List.of("imm-01", "imm-02"));
    private static final List<String> PAYLOAD_SCHEMAS = List.of("Status", "MachineState", "Telemetry");
    /** The AsyncAPI document's top-level keys: not JSON Schema keywords, so the validator is told to skip them. */
    private static final List<String> ASYNCAPI_ROOT_KEYS = List.of("asyncapi", "id", "info", "servers",
            "defaultContentType", "channels", "operations", "components");
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode document;
    private static String documentIri;
    private static JsonSchemaFactory factory;
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private final Payloads payloads = new Payloads(TOPICS.agentId(), Clock.fixed(NOW, ZoneOffset.UTC));

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
        assertEquals(template.status(), document.at("/channels/status/address").asText());
        assertEquals(template.machineState("{machineId}"), document.at("/channels/machineState/address").asText());
        assertEquals(template.machineTelemetry("{machineId}"),
                document.at("/channels/machineTelemetry/address").asText());
    }

    @Test
    void operationBindingsMatchHowTheAgentPublishes() {
        // Status and state: retained at QoS 1 (Uplink.statusMessage, OutboxFeedSink.stateChanged).
        for (String op : List.of("receiveStatus", "receiveMachineState")) {
            assertEquals("receive", document.at("/operations/" + op + "/action").asText(), op);
            assertEquals(1, document.at("/operations/" + op + "/bindings/mqtt/qos").asInt(), op);
            assertTrue(document.at("/operations/" + op + "/bindings/mqtt/retain").asBoolean(), op);
        }
        assertEquals("receive", document.at("/operations/receiveMachineTelemetry/action").asText());
        assertEquals(TelemetryConfig.DEFAULT.qos(),
                document.at("/operations/receiveMachineTelemetry/bindings/mqtt/qos").asInt(), "default telemetry QoS");
        assertFalse(document.at("/operations/receiveMachineTelemetry/bindings/mqtt/retain").asBoolean(true));
        // PahoBrokerLink sets content type and payload format indicator on every message.
        JsonNode mqtt = document.at("/components/messageTraits/json/bindings/mqtt");
        assertEquals("application/json", mqtt.path("contentType").asText());
        assertEquals(1, mqtt.path("payloadFormatIndicator").asInt());
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
            for (Iterator<Map.Entry<String, JsonNode>> it = envelope.path("properties").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                assertEquals(p.getValue(), s.path("properties").path(p.getKey()), name + "." + p.getKey());
            }
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
                assertValid("Envelope", example.path("payload"), what);
                if (example.has("headers")) {
                    assertNotNull(headerSchema, what + " has headers, its message none");
                    assertValid(headerSchema, example.path("headers"), what + " headers");
                }
                checked++;
            }
        }
        assertTrue(checked >= 3, "examples checked: " + checked);
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
        assertEquals("NaN", readings.get(5).get("value").asText());
        assertEquals("Infinity", readings.get(6).get("value").asText());
        assertFalse(readings.get(0).has("detail"), "no detail on a good reading");
    }

    @Test
    void historicalPayloadsMatchTheSchema() {
        JsonNode state = assertValid("MachineState", Payloads.markHistorical(payloads.state(17, new StateChange("imm-02",
                MachineState.OFFLINE, SOURCE_TIME, MachineState.IDLE, "not reachable: connection refused"))));
        assertTrue(state.get("historical").asBoolean());
        JsonNode telemetry = assertValid("Telemetry", Payloads.markHistorical(payloads.telemetry(18, "imm-02",
                List.of(Reading.good("imm-02", "mouldTemp", 40.5, SOURCE_TIME)))));
        assertTrue(telemetry.get("historical").asBoolean());
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
    void unknownTopLevelFieldIsRejectedByEveryPayloadSchema() {
        Map<String, byte[]> valid = Map.of(
                "Status", payloads.status(41, IDENTITY, true),
                "MachineState", payloads.state(42, new StateChange("imm-01", MachineState.IDLE, SOURCE_TIME, null, "otherwise")),
                "Telemetry", payloads.telemetry(43, "imm-01", List.of(Reading.good("imm-01", "mouldTemp", 46.8, SOURCE_TIME))));
        for (String name : PAYLOAD_SCHEMAS) {
            ObjectNode payload = json(valid.get(name));
            payload.put("colour", "blue");
            assertInvalid(name, payload, "additionalProperties", "");
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

    // ---------------------------------------------------------------- what really goes over the wire

    /**
     * A real uplink to a real broker, watched by a separate subscriber: the birth, a state and a telemetry message
     * accepted before the uplink connected (so replayed as historical), the same accepted live, and the offline
     * status of an orderly stop. Each is routed to its channel by the document's own addresses and validated
     * against that channel's payload schema and the envelope.
     */
    @Test
    void everyMessageOnTheWireMatchesTheSchemaOfItsChannel() throws Exception {
        SteppingClock clock = new SteppingClock(NOW);
        Payloads wirePayloads = new Payloads(TOPICS.agentId(), clock);
        Map<Pattern, String> channels = channelSchemas();
        try (EmbeddedBroker broker = EmbeddedBroker.start(Ports.free(), dir.resolve("broker"));
             Feed feed = new Feed(broker.url(), TOPICS.all());
             Outbox outbox = Outbox.open(dir.resolve("buffer"), clock)) {
            OutboxFeedSink sink = new OutboxFeedSink(outbox, wirePayloads, TOPICS, TelemetryConfig.DEFAULT.qos(),
                    ZoneOffset.UTC);
            sink.stateChanged(new StateChange("imm-02", MachineState.OFFLINE, clock.instant(), null, "not connected yet"));
            sink.telemetry("imm-02", List.of(new Reading("imm-02", "mouldTemp", null, clock.instant(), Quality.BAD,
                    "Bad_NotConnected")));
            // The uplink connects a second later (by its clock): what was accepted before is a replay.
            clock.advance(Duration.ofSeconds(1));
            Uplink uplink = new Uplink(new PahoBrokerLink(TOPICS.agentId(), null, null, Duration.ofSeconds(2)),
                    outbox, TOPICS, wirePayloads, IDENTITY, List.of(URI.create(broker.url())), clock);
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
            // Delivery is at least once: count messages by seq, not copies.
            assertEquals(6, received.stream().mapToLong(m -> m.json().path("seq").asLong()).distinct().count(),
                    "birth, 2 states, 2 telemetry, offline: " + received);
            List<String> problems = new ArrayList<>();
            for (Feed.Message m : received) {
                List<String> schemas = channels.entrySet().stream().filter(e -> e.getKey().matcher(m.topic()).matches())
                        .map(Map.Entry::getValue).toList();
                if (schemas.size() != 1) {
                    problems.add(m.topic() + " matches " + schemas.size() + " channels of the document");
                    continue;
                }
                for (String name : List.of(schemas.get(0), "Envelope")) {
                    Set<ValidationMessage> errors = schema(name).validate(m.json());
                    if (!errors.isEmpty()) {
                        problems.add(m.topic() + " vs " + name + ": " + format(errors) + "\n    " + m.raw());
                    }
                }
                if (!m.json().path("agent").asText().equals(TOPICS.agentId())) {
                    problems.add(m.topic() + ": agent field " + m.json().path("agent") + " is not the topic's agentId");
                }
            }
            assertTrue(problems.isEmpty(), "messages on the wire that break config/asyncapi.yaml:\n  "
                    + String.join("\n  ", problems));
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Each channel's address as a topic pattern (parameters: the id alphabet), to its payload schema's name. */
    private static Map<Pattern, String> channelSchemas() {
        Map<Pattern, String> out = new LinkedHashMap<>();
        for (Iterator<JsonNode> it = document.path("channels").elements(); it.hasNext(); ) {
            JsonNode channel = it.next();
            assertEquals(1, channel.path("messages").size(), "one message per channel: " + channel.path("address"));
            JsonNode message = resolve(channel.path("messages").elements().next());
            out.put(addressPattern(channel.path("address").asText()), refName(message.path("payload")));
        }
        assertEquals(3, out.size(), "status, machineState, machineTelemetry");
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

    /** Follows a local {@code $ref} of the document. */
    private static JsonNode resolve(JsonNode node) {
        String ref = node.path("$ref").asText();
        assertTrue(ref.startsWith("#/"), "a local $ref expected: " + node);
        JsonNode target = document.at(ref.substring(1));
        assertFalse(target.isMissingNode(), "dangling $ref " + ref);
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
        Set<String> out = new HashSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static ObjectNode json(byte[] payload) {
        try {
            return (ObjectNode) JSON.readTree(payload);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(payload, StandardCharsets.UTF_8), e);
        }
    }

    /** A clock that stands still until told to move, so "accepted before the connection" is exact. */
    private static final class SteppingClock extends Clock {
        private volatile Instant now;

        SteppingClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("UTC only");
        }
    }
}
