package io.edgeagent.agent.feed.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.edgeagent.agent.capacity.CapacityPicture;
import io.edgeagent.agent.capacity.CommandAnswer;
import io.edgeagent.agent.capacity.CurrentReservation;
import io.edgeagent.agent.capacity.DeliveryReport;
import io.edgeagent.agent.capacity.ForecastWindow;
import io.edgeagent.agent.capacity.LiveWindow;
import io.edgeagent.agent.capacity.Meter;
import io.edgeagent.agent.capacity.MeterBucket;
import io.edgeagent.agent.capacity.Reservation;
import io.edgeagent.agent.capacity.ReservationEvent;
import io.edgeagent.agent.capacity.ReservationShare;
import io.edgeagent.agent.capacity.ReservationStatus;
import io.edgeagent.agent.config.MachineConfig;
import io.edgeagent.agent.config.SharingConfig;
import io.edgeagent.agent.feed.AgentIdentity;
import io.edgeagent.agent.feed.StatusReport;
import io.edgeagent.agent.feed.Timestamps;
import io.edgeagent.agent.config.MachineState;
import io.edgeagent.agent.sharing.MachineOffer;
import io.edgeagent.agent.sharing.RuleOrigin;
import io.edgeagent.agent.sharing.RulesJson;
import io.edgeagent.agent.sharing.SharingAnswer;
import io.edgeagent.agent.state.AlarmChange;
import io.edgeagent.agent.state.StateChange;
import io.edgeagent.agent.storage.MovedAside;
import io.edgeagent.drivers.Alarm;
import io.edgeagent.drivers.Reading;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * Renders the contract's payloads. Every payload is a JSON object that starts with the envelope:
 * {@code schema}, {@code agent}, {@code seq}, {@code epoch}, {@code ts}, where only messages of the data sequence
 * (everything the buffer keeps) have a {@code seq}: the agent's status has its connection's {@code bdSeq} in its
 * place, and a command answer none, so that a gap in {@code seq} means a lost message. Field names are documented
 * in config/asyncapi.yaml.
 */
public final class Payloads {

    /** Payload schema version; bumped only for a change a consumer must know about. */
    public static final int SCHEMA = 1;
    /** RFC 3339 with seconds and a numeric offset, also for UTC ({@code +00:00}), which strict parsers want. */
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx", Locale.ROOT);
    /** What a message takes beyond its body, about: schema, agent, seq, epoch and ts. */
    private static final int ENVELOPE_BYTES = 256;
    /** What one telemetry reading takes, about: {"signal":…,"value":…,"ts":"…","quality":"GOOD"}. */
    private static final int READING_BYTES = 96;
    private static final byte[] HISTORICAL_TAIL = ",\"historical\":true}".getBytes(StandardCharsets.US_ASCII);
    /** The source of `parts`: the agent multiplies counted cycles by the configured cavities. */
    private static final String PARTS_SOURCE = "cycles x cavities";

    private final JsonFactory json = new JsonFactory();
    private final String agentId;
    private final long epoch;
    private final Clock clock;

    /** @param epoch the epoch of the buffer's sequence, which every {@code seq} belongs to */
    public Payloads(String agentId, long epoch, Clock clock) {
        this.agentId = agentId;
        this.epoch = epoch;
        this.clock = clock;
    }

    /**
     * The retained birth ({@code online: true}) or its counterpart on orderly stop and in the Last Will.
     *
     * @param bdSeq the birth-and-death number of the connection this status belongs to
     */
    public byte[] status(long bdSeq, AgentIdentity identity, boolean online) {
        return envelope(ENVELOPE_BYTES, g -> g.writeNumberField("bdSeq", bdSeq), g -> {
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
        return render(seq, ENVELOPE_BYTES + machineId.length() + readings.size() * READING_BYTES, g -> {
            g.writeStringField("machine", machineId);
            g.writeArrayFieldStart("readings");
            // The readings of one poll share their source time: each distinct time is written out once.
            Instant time = null;
            String ts = null;
            for (Reading r : readings) {
                if (!r.sourceTime().equals(time)) {
                    time = r.sourceTime();
                    ts = Timestamps.format(time);
                }
                g.writeStartObject();
                g.writeStringField("signal", r.signal());
                g.writeFieldName("value");
                writeValue(g, r.value());
                g.writeStringField("ts", ts);
                g.writeStringField("quality", r.quality().name());
                if (r.detail() != null) {
                    g.writeStringField("detail", r.detail());
                }
                if (r.locale() != null) {
                    g.writeStringField("locale", r.locale());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    /** The machine's active alarms, retained: the list after the change, most recent last; {@code []} for none. */
    public byte[] alarms(long seq, AlarmChange change) {
        return render(seq, g -> {
            g.writeStringField("machine", change.machineId());
            g.writeArrayFieldStart("alarms");
            for (Alarm a : change.active()) {
                writeAlarm(g, a);
            }
            g.writeEndArray();
        });
    }

    /** One alarm raised, changed (acknowledged) or cleared. */
    public byte[] alarmChange(long seq, AlarmChange change) {
        return render(seq, g -> {
            g.writeStringField("machine", change.machineId());
            g.writeStringField("change", change.kind().key());
            g.writeFieldName("alarm");
            writeAlarm(g, change.alarm());
        });
    }

    private static void writeAlarm(JsonGenerator g, Alarm a) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", a.id());
        g.writeStringField("source", a.source());
        g.writeStringField("message", a.message());
        if (a.locale() != null) {
            g.writeStringField("locale", a.locale());
        }
        g.writeNumberField("severity", a.severity());
        g.writeBooleanField("active", a.active());
        g.writeBooleanField("acked", a.acked());
        g.writeStringField("ts", Timestamps.format(a.time()));
        g.writeEndObject();
    }

    /** The retained offer of one machine: its open live window, forecast windows and reservations. */
    public byte[] capacity(long seq, CapacityPicture p) {
        return render(seq, g -> {
            g.writeStringField("machine", p.machineId());
            g.writeStringField("state", p.state() == null ? null : p.state().name());
            if (p.open() == null) {
                g.writeNullField("open");
            } else {
                g.writeObjectFieldStart("open");
                g.writeStringField("start", Timestamps.format(p.open().start()));
                g.writeEndObject();
            }
            g.writeArrayFieldStart("windows");
            for (ForecastWindow w : p.windows()) {
                g.writeStartObject();
                g.writeStringField("id", w.id());
                g.writeStringField("start", Timestamps.format(w.start()));
                g.writeStringField("end", Timestamps.format(w.end()));
                g.writeNumberField("confidence", w.confidence());
                g.writeNumberField("machineHours", w.machineHours());
                writeNullableLong(g, "estimatedCycles", w.estimatedCycles());
                writeNullableLong(g, "estimatedParts", w.estimatedParts());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("reservations");
            for (Reservation r : p.reservations()) {
                writeReservation(g, r);
            }
            g.writeEndArray();
            // Apart, so a platform sees what is still for sale and what is sold without adding up windows.
            double offered = p.windows().stream().mapToDouble(ForecastWindow::machineHours).sum();
            long reservedMillis = p.reservations().stream().mapToLong(r -> r.span().duration().toMillis()).sum();
            g.writeNumberField("offeredHours", Math.round(offered * 1000) / 1000.0);
            g.writeNumberField("reservedHours", Math.round(reservedMillis / 3600.0) / 1000.0);
        });
    }

    /** The retained list of a machine's current reservations, each with its status. */
    public byte[] reservations(long seq, String machineId, List<CurrentReservation> current) {
        return render(seq, g -> {
            g.writeStringField("machine", machineId);
            g.writeArrayFieldStart("reservations");
            for (CurrentReservation c : current) {
                writeCurrent(g, c.reservation(), c.status(), c.atRisk());
            }
            g.writeEndArray();
        });
    }

    /** One change of a reservation: a new status, or its machine at risk of not delivering (or safe again). */
    public byte[] reservationEvent(long seq, ReservationEvent e) {
        return render(seq, g -> {
            g.writeStringField("machine", e.reservation().machineId());
            g.writeStringField("event", e.event());
            g.writeFieldName("reservation");
            writeCurrent(g, e.reservation(), e.status(), e.atRisk());
            g.writeStringField("reason", e.reason());
        });
    }

    /**
     * What a reservation delivered. Seconds are whole numbers that add up exactly to {@code reservedSeconds},
     * the accounted time rounded to the second (largest remainder, as for metering).
     */
    public byte[] deliveryReport(long seq, DeliveryReport d) {
        Reservation r = d.reservation();
        return render(seq, g -> {
            g.writeStringField("machine", r.machineId());
            g.writeStringField("reservation", r.id());
            g.writeStringField("requestId", r.requestId());
            if (r.reference() != null) {
                g.writeStringField("reference", r.reference());
            }
            g.writeStringField("status", d.status().wire());
            g.writeStringField("plannedStart", Timestamps.format(r.start()));
            g.writeStringField("plannedEnd", Timestamps.format(r.end()));
            g.writeStringField("start", Timestamps.format(d.start()));
            g.writeStringField("end", Timestamps.format(d.end()));
            long total = Seconds.rounded(Duration.between(d.start(), d.end()).toMillis());
            g.writeNumberField("reservedSeconds", total);
            writeSeconds(g, Seconds.apportion(millisInOrder(d::millisIn, d.unknownMillis()), total));
            g.writeNumberField("cycles", d.cycles());
            writeNullableLong(g, "parts", d.parts());
            writeNullableString(g, "partsSource", d.parts() == null ? null : PARTS_SOURCE);
            writeNullableLong(g, "goodParts", d.goodParts());
            writeNullableString(g, "goodPartsSource", d.goodParts() == null ? null : Meter.GOOD_PARTS_SIGNAL);
            writeNullableLong(g, "badParts", d.badParts());
            writeNullableString(g, "badPartsSource", d.badParts() == null ? null : Meter.BAD_PARTS_SIGNAL);
            g.writeObjectFieldStart("jobs");
            for (Map.Entry<String, List<String>> e : d.seen().entrySet()) {
                g.writeArrayFieldStart(e.getKey());
                for (String v : e.getValue()) {
                    g.writeString(v);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeArrayFieldStart("down");
            for (DeliveryReport.DownTime t : d.down()) {
                g.writeStartObject();
                g.writeStringField("reason", t.reason());
                g.writeNumberField("seconds", t.millis() / 1000.0);
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    /** A closed live idle window: measured idle capacity. */
    public byte[] window(long seq, LiveWindow w) {
        return render(seq, g -> {
            g.writeStringField("machine", w.machineId());
            g.writeStringField("start", Timestamps.format(w.start()));
            g.writeStringField("end", Timestamps.format(w.end()));
            // From the millisecond times as printed, so start + seconds = end holds for the reader exactly.
            g.writeNumberField("seconds", (w.end().toEpochMilli() - w.start().toEpochMilli()) / 1000.0);
            g.writeStringField("closedBy", w.closedBy());
        });
    }

    /**
     * One closed metering hour. Seconds are whole numbers that add up to the hour's length exactly
     * (largest-remainder rounding of the measured milliseconds), so billing never sees a 3599 s hour.
     */
    public byte[] metering(long seq, MeterBucket b, ZoneId zone) {
        return render(seq, g -> {
            g.writeStringField("machine", b.machineId());
            g.writeStringField("start", Timestamps.format(b.start()));
            g.writeStringField("end", Timestamps.format(b.end()));
            g.writeStringField("localStart", LOCAL_TIME.format(b.start().atZone(zone)));
            g.writeStringField("zone", zone.getId());
            writeSeconds(g, Seconds.apportion(millisInOrder(b::millisIn, b.unknownMillis()), b.length().toSeconds()));
            g.writeNumberField("cycles", b.cycles());
            writeNullableLong(g, "parts", b.parts());
            writeNullableString(g, "partsSource", b.parts() == null ? null : PARTS_SOURCE);
            writeNullableLong(g, "goodParts", b.goodParts());
            writeNullableLong(g, "badParts", b.badParts());
            writeNullableString(g, "goodPartsSource", b.goodParts() == null ? null : Meter.GOOD_PARTS_SIGNAL);
            writeNullableString(g, "badPartsSource", b.badParts() == null ? null : Meter.BAD_PARTS_SIGNAL);
            // Each reservation's seconds are apportioned with the rest of the hour, so together they never
            // exceed it and the hour's own total stays exact.
            long[] ms = new long[b.reservations().size() + 1];
            long shared = 0;
            for (int i = 0; i < b.reservations().size(); i++) {
                ms[i] = b.reservations().get(i).millis();
                shared += ms[i];
            }
            ms[ms.length - 1] = b.length().toMillis() - shared;
            long[] shareSeconds = Seconds.apportion(ms, b.length().toSeconds());
            g.writeArrayFieldStart("reservations");
            for (int i = 0; i < b.reservations().size(); i++) {
                ReservationShare s = b.reservations().get(i);
                g.writeStartObject();
                g.writeStringField("id", s.reservationId());
                if (s.reference() != null) {
                    g.writeStringField("reference", s.reference());
                }
                g.writeNumberField("seconds", shareSeconds[i]);
                g.writeNumberField("cycles", s.cycles());
                writeNullableLong(g, "parts", s.parts());
                // From the hour's counters, so with the hour's goodPartsSource and badPartsSource.
                writeNullableLong(g, "goodParts", s.goodParts());
                writeNullableLong(g, "badParts", s.badParts());
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    /** What a machine can do, from the config: published retained at start. */
    public byte[] capability(long seq, MachineConfig m) {
        return render(seq, g -> {
            g.writeStringField("machine", m.id());
            g.writeStringField("name", m.name());
            g.writeStringField("kind", m.kind().yamlName());
            g.writeFieldName("capability");
            writeValue(g, m.capability());
            g.writeObjectFieldStart("cycle");
            Double nominal = m.cycle() == null ? null : m.cycle().nominalSeconds();
            Integer cavities = m.cycle() == null ? null : m.cycle().cavities();
            if (nominal == null) {
                g.writeNullField("nominalSeconds");
            } else {
                g.writeNumberField("nominalSeconds", nominal);
            }
            if (cavities == null) {
                g.writeNullField("cavities");
            } else {
                g.writeNumberField("cavities", cavities);
            }
            g.writeEndObject();
        });
    }

    /**
     * The {@code storageReset} event: a start found a store damaged and moved it aside, losing what it held (the
     * buffer: messages not yet sent; the capacity store: reservations, which the platform must reconcile).
     */
    public byte[] storageReset(long seq, String store, MovedAside reset) {
        return render(seq, g -> {
            g.writeStringField("event", "storageReset");
            g.writeStringField("store", store);
            g.writeStringField("at", Timestamps.format(reset.at()));
            g.writeStringField("movedTo", reset.movedTo().toString());
            g.writeStringField("reason", reset.reason());
        });
    }

    /** The answer to {@code reservations}: every reservation the agent holds, to reconcile the platform's with. */
    public byte[] reservationsAnswer(String requestId, List<Reservation> reservations, Optional<MovedAside> reset) {
        return unsequenced(g -> {
            g.writeStringField("requestId", requestId);
            g.writeStringField("command", "reservations");
            g.writeStringField("result", "ok");
            g.writeArrayFieldStart("reservations");
            for (Reservation r : reservations) {
                writeReservation(g, r);
            }
            g.writeEndArray();
            if (reset.isPresent()) {
                g.writeObjectFieldStart("storeReset");
                g.writeStringField("at", Timestamps.format(reset.get().at()));
                g.writeStringField("reason", reset.get().reason());
                g.writeEndObject();
            } else {
                g.writeNullField("storeReset");
            }
        });
    }

    /** The answer to a command, sent to the request's response topic. */
    public byte[] answer(CommandAnswer a) {
        return unsequenced(g -> {
            g.writeStringField("requestId", a.requestId());
            g.writeStringField("command", a.command());
            g.writeStringField("result", a.result().name().toLowerCase(Locale.ROOT));
            if (a.reason() != null) {
                g.writeStringField("reason", a.reason());
            }
            if (a.reservation() != null) {
                g.writeFieldName("reservation");
                writeReservation(g, a.reservation());
            }
        });
    }

    /**
     * The answer to {@code sharing}: what happened, the agent's sharing version, and the rules in force for the
     * machines the request named, each with its version and origin.
     */
    public byte[] sharingAnswer(SharingAnswer a, SharingConfig.ManagedBy managedBy) {
        return unsequenced(g -> {
            g.writeStringField("requestId", a.requestId());
            g.writeStringField("command", "sharing");
            g.writeStringField("result", a.result().name().toLowerCase(Locale.ROOT));
            if (a.reason() != null) {
                g.writeStringField("reason", a.reason());
            }
            if (!a.problems().isEmpty()) {
                g.writeArrayFieldStart("problems");
                for (String p : a.problems()) {
                    g.writeString(p);
                }
                g.writeEndArray();
            }
            g.writeStringField("managedBy", managedBy.name().toLowerCase(Locale.ROOT));
            g.writeNumberField("version", a.version());
            g.writeArrayFieldStart("machines");
            for (MachineOffer o : a.machines()) {
                g.writeStartObject();
                g.writeStringField("machine", o.machineId());
                g.writeNumberField("version", o.version());
                if (o.origin() instanceof RuleOrigin.Platform p) {
                    g.writeStringField("source", "platform");
                    g.writeStringField("setAt", Timestamps.format(p.setAt()));
                    g.writeStringField("setBy", p.requestId());
                } else {
                    g.writeStringField("source", "file");
                }
                g.writeFieldName("sharing");
                RulesJson.write(g, o);
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    /** The answer to {@code status}: the agent's health at one moment. */
    public byte[] statusAnswer(String requestId, StatusReport r) {
        return unsequenced(g -> {
            g.writeStringField("requestId", requestId);
            g.writeStringField("command", "status");
            g.writeStringField("result", "ok");
            g.writeStringField("version", r.identity().version());
            g.writeStringField("configHash", r.identity().configHash());
            g.writeObjectFieldStart("uplink");
            g.writeBooleanField("connected", r.uplink().connected());
            g.writeStringField("broker", r.uplink().broker().toString());
            g.writeStringField("since", Timestamps.format(r.uplink().since()));
            g.writeStringField("lastError", r.uplink().lastError());
            g.writeEndObject();
            g.writeObjectFieldStart("buffer");
            g.writeNumberField("events", r.buffer().events());
            g.writeNumberField("telemetry", r.buffer().telemetry());
            g.writeNumberField("bytes", r.buffer().bytes());
            g.writeNumberField("droppedTelemetry", r.buffer().droppedTelemetry());
            g.writeNumberField("droppedEvents", r.buffer().droppedEvents());
            g.writeStringField("quarantined", r.buffer().quarantined().map(Object::toString).orElse(null));
            g.writeNumberField("held", r.buffer().held());
            g.writeStringField("writeFailure", r.buffer().writeFailure().orElse(null));
            g.writeEndObject();
            g.writeArrayFieldStart("machines");
            for (CapacityPicture p : r.machines()) {
                g.writeStartObject();
                g.writeStringField("machine", p.machineId());
                g.writeStringField("state", p.state() == null ? null : p.state().name());
                g.writeStringField("openWindowSince", p.open() == null ? null : Timestamps.format(p.open().start()));
                g.writeNumberField("forecastWindows", p.windows().size());
                g.writeNumberField("reservations", p.reservations().size());
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    /** The answer to {@code rebirth}: how many retained messages follow the birth. */
    public byte[] rebirthAnswer(String requestId, int republished) {
        return unsequenced(g -> {
            g.writeStringField("requestId", requestId);
            g.writeStringField("command", "rebirth");
            g.writeStringField("result", "ok");
            g.writeNumberField("republished", republished);
        });
    }

    /**
     * The answer to {@code reload-config}.
     *
     * @param result {@code restarting}, {@code unchanged} or {@code invalid}
     * @param configHash the hash of the file as read now, or {@code null} when it could not be read as a config
     */
    public byte[] reloadAnswer(String requestId, String result, String configHash, String reason) {
        return unsequenced(g -> {
            g.writeStringField("requestId", requestId);
            g.writeStringField("command", "reload-config");
            g.writeStringField("result", result);
            g.writeStringField("configHash", configHash);
            g.writeStringField("reason", reason);
        });
    }

    /** The answer to a command that could not be understood or carried out. */
    public byte[] error(String command, String requestId, String reason) {
        return unsequenced(g -> {
            if (requestId == null) {
                g.writeNullField("requestId");
            } else {
                g.writeStringField("requestId", requestId);
            }
            g.writeStringField("command", command);
            g.writeStringField("result", "error");
            g.writeStringField("reason", reason);
        });
    }

    private static void writeReservation(JsonGenerator g, Reservation r) throws IOException {
        g.writeStartObject();
        writeReservationFields(g, r);
        g.writeEndObject();
    }

    private static void writeReservationFields(JsonGenerator g, Reservation r) throws IOException {
        g.writeStringField("id", r.id());
        g.writeStringField("machine", r.machineId());
        g.writeStringField("start", Timestamps.format(r.start()));
        g.writeStringField("end", Timestamps.format(r.end()));
        g.writeStringField("requestId", r.requestId());
        if (r.reference() != null) {
            g.writeStringField("reference", r.reference());
        }
    }

    private static void writeCurrent(JsonGenerator g, Reservation r, ReservationStatus status, boolean atRisk)
            throws IOException {
        g.writeStartObject();
        writeReservationFields(g, r);
        g.writeStringField("status", status.wire());
        g.writeBooleanField("atRisk", atRisk);
        g.writeEndObject();
    }

    /** Milliseconds per state in the order of {@link MachineState}, then unknown: what {@link #writeSeconds} writes. */
    private static long[] millisInOrder(ToLongFunction<MachineState> millisIn, long unknownMillis) {
        MachineState[] states = MachineState.values();
        long[] ms = new long[states.length + 1];
        for (int i = 0; i < states.length; i++) {
            ms[i] = millisIn.applyAsLong(states[i]);
        }
        ms[states.length] = unknownMillis;
        return ms;
    }

    /** The {@code seconds} object: every state and {@code UNKNOWN}, whole seconds. */
    private static void writeSeconds(JsonGenerator g, long[] seconds) throws IOException {
        MachineState[] states = MachineState.values();
        g.writeObjectFieldStart("seconds");
        for (int i = 0; i < states.length; i++) {
            g.writeNumberField(states[i].name(), seconds[i]);
        }
        g.writeNumberField("UNKNOWN", seconds[states.length]);
        g.writeEndObject();
    }

    private static void writeNullableString(JsonGenerator g, String field, String value) throws IOException {
        if (value == null) {
            g.writeNullField(field);
        } else {
            g.writeStringField(field, value);
        }
    }

    private static void writeNullableLong(JsonGenerator g, String field, Long value) throws IOException {
        if (value == null) {
            g.writeNullField(field);
        } else {
            g.writeNumberField(field, value);
        }
    }

    private static void writeValue(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Long l) {
            g.writeNumber(l);
        } else if (value instanceof Double d) {
            // Always finite: a reading cannot carry NaN or infinity (Reading.of), and config values are checked.
            g.writeNumber(d);
        } else if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(e.getKey().toString());
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof List<?> list) {
            g.writeStartArray();
            for (Object item : list) {
                writeValue(g, item);
            }
            g.writeEndArray();
        } else if (value instanceof Number n) {
            g.writeNumber(n.toString());
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

    /** A message of the data sequence. */
    private byte[] render(long seq, Body body) {
        return render(seq, ENVELOPE_BYTES, body);
    }

    /** @param sizeHint about how many bytes the message takes, so its buffer need not grow while it is written */
    private byte[] render(long seq, int sizeHint, Body body) {
        return envelope(sizeHint, g -> g.writeNumberField("seq", seq), body);
    }

    /** A command answer: sent straight to the requester, outside the data sequence, so it takes no number. */
    private byte[] unsequenced(Body body) {
        return envelope(ENVELOPE_BYTES, g -> { }, body);
    }

    private byte[] envelope(int sizeHint, Body counter, Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(sizeHint);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("schema", SCHEMA);
            g.writeStringField("agent", agentId);
            counter.write(g);
            g.writeNumberField("epoch", epoch);
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
