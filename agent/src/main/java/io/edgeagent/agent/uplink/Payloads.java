package io.edgeagent.agent.uplink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.edgeagent.agent.state.StateChange;
import io.edgeagent.drivers.Reading;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/**
 * Renders the contract's payloads. Every payload is a JSON object that starts with the envelope:
 * {@code schema}, {@code agent}, {@code seq}, {@code ts}. Field names are documented in config/asyncapi.yaml.
 */
public final class Payloads {

    /** Payload schema version; bumped only for a change a consumer must know about. */
    public static final int SCHEMA = 1;
    private static final byte[] HISTORICAL_TAIL = ",\"historical\":true}".getBytes(StandardCharsets.US_ASCII);

    private final JsonFactory json = new JsonFactory();
    private final String agentId;
    private final Clock clock;

    public Payloads(String agentId, Clock clock) {
        this.agentId = agentId;
        this.clock = clock;
    }

    /** The retained birth ({@code online: true}) or its counterpart on orderly stop and in the Last Will. */
    public byte[] status(long seq, AgentIdentity identity, boolean online) {
        return render(seq, g -> {
            g.writeBooleanField("online", online);
            g.writeStringField("version", identity.version());
            g.writeStringField("configHash", identity.configHash());
            g.writeArrayFieldStart("machines");
            for (String id : identity.machineIds()) {
                g.writeString(id);
            }
            g.writeEndArray();
        });
    }

    public byte[] state(long seq, StateChange change) {
        return render(seq, g -> {
            g.writeStringField("machine", change.machineId());
            g.writeStringField("state", change.state().name());
            g.writeStringField("since", Timestamps.format(change.since()));
            if (change.previous() == null) {
                g.writeNullField("previous");
            } else {
                g.writeStringField("previous", change.previous().name());
            }
            g.writeStringField("reason", change.reason());
        });
    }

    public byte[] telemetry(long seq, String machineId, List<Reading> readings) {
        return render(seq, g -> {
            g.writeStringField("machine", machineId);
            g.writeArrayFieldStart("readings");
            for (Reading r : readings) {
                g.writeStartObject();
                g.writeStringField("signal", r.signal());
                g.writeFieldName("value");
                writeValue(g, r.value());
                g.writeStringField("ts", Timestamps.format(r.sourceTime()));
                g.writeStringField("quality", r.quality().name());
                if (r.detail() != null) {
                    g.writeStringField("detail", r.detail());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    private static void writeValue(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Long l) {
            g.writeNumber(l);
        } else if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                // JSON has no NaN or infinity; a string keeps the information without breaking parsers.
                g.writeString(d.toString());
            } else {
                g.writeNumber(d);
            }
        } else {
            g.writeString(value.toString());
        }
    }

    /**
     * Marks a stored payload as replayed from the buffer. Payloads are rendered once at accept time, so the
     * flag is spliced in before the closing brace, after the envelope, rather than re-rendering the message.
     */
    public static byte[] markHistorical(byte[] payload) {
        byte[] out = Arrays.copyOf(payload, payload.length - 1 + HISTORICAL_TAIL.length);
        System.arraycopy(HISTORICAL_TAIL, 0, out, payload.length - 1, HISTORICAL_TAIL.length);
        return out;
    }

    private byte[] render(long seq, Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("schema", SCHEMA);
            g.writeStringField("agent", agentId);
            g.writeNumberField("seq", seq);
            g.writeStringField("ts", Timestamps.format(clock.instant()));
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("rendering a payload in memory failed", e);
        }
        return out.toByteArray();
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }
}
