package io.edgeagent.agent.capacity.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeagent.agent.capacity.Delivery;
import io.edgeagent.agent.capacity.MeterSnapshot;
import io.edgeagent.agent.capacity.OwedShare;
import io.edgeagent.agent.capacity.UsageProfile;
import io.edgeagent.agent.config.MachineState;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stored JSON form of the capacity components' snapshots. Written out field by field rather than by
 * reflection, so renaming a Java field can never silently change what an existing data dir holds.
 */
final class Snapshots {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Snapshots() {
    }

    static String json(MeterSnapshot s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("machine", s.machineId());
        o.put("bucketStart", s.bucketStart().toEpochMilli());
        o.put("bucketEnd", s.bucketEnd().toEpochMilli());
        o.put("cursor", s.cursor().toEpochMilli());
        ObjectNode millis = o.putObject("millis");
        s.millis().forEach((state, ms) -> millis.put(state.name(), ms));
        o.put("unknown", s.unknownMillis());
        o.put("cycles", s.cycles());
        if (s.lastCounter() != null) {
            o.put("lastCounter", s.lastCounter());
        }
        if (s.cycleSeconds() != null) {
            o.put("cycleSeconds", s.cycleSeconds());
        }
        putIfPresent(o, "goodParts", s.goodParts());
        putIfPresent(o, "lastGoodCounter", s.lastGoodCounter());
        putIfPresent(o, "badParts", s.badParts());
        putIfPresent(o, "lastBadCounter", s.lastBadCounter());
        return o.toString();
    }

    static MeterSnapshot meter(String body) {
        JsonNode o = parse(body);
        Map<MachineState, Long> millis = new EnumMap<>(MachineState.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = o.required("millis").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            millis.put(MachineState.valueOf(e.getKey()), e.getValue().asLong());
        }
        return new MeterSnapshot(o.required("machine").asText(), instant(o, "bucketStart"), instant(o, "bucketEnd"),
                instant(o, "cursor"), millis, o.required("unknown").asLong(), o.required("cycles").asLong(),
                o.hasNonNull("lastCounter") ? o.get("lastCounter").asLong() : null,
                o.hasNonNull("cycleSeconds") ? o.get("cycleSeconds").asDouble() : null,
                // Absent in stores written before good and bad parts were metered: read as never reported.
                optionalLong(o, "goodParts"), optionalLong(o, "lastGoodCounter"), optionalLong(o, "badParts"),
                optionalLong(o, "lastBadCounter"));
    }

    private static void putIfPresent(ObjectNode o, String field, Long value) {
        if (value != null) {
            o.put(field, value);
        }
    }

    private static Long optionalLong(JsonNode o, String field) {
        return o.hasNonNull(field) ? o.get(field).asLong() : null;
    }

    static String json(UsageProfile.Snapshot s) {
        ArrayNode slots = JSON.createArrayNode();
        for (UsageProfile.Slot slot : s.slots()) {
            ObjectNode o = slots.addObject();
            o.put("hour", slot.hourOfWeek());
            o.put("busy", slot.busyShare());
            o.put("n", slot.observations());
        }
        ObjectNode root = JSON.createObjectNode();
        root.set("slots", slots);
        return root.toString();
    }

    static UsageProfile.Snapshot profile(String body) {
        List<UsageProfile.Slot> slots = new ArrayList<>();
        for (JsonNode o : parse(body).required("slots")) {
            slots.add(new UsageProfile.Slot(o.required("hour").asInt(), o.required("busy").asDouble(),
                    o.required("n").asInt()));
        }
        return new UsageProfile.Snapshot(slots);
    }

    static String json(Delivery.Snapshot s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("reservation", s.reservationId());
        ArrayNode segments = o.putArray("segments");
        for (Delivery.Segment seg : s.segments()) {
            ObjectNode g = segments.addObject();
            g.put("start", seg.start().toEpochMilli());
            g.put("end", seg.end().toEpochMilli());
            g.put("state", seg.state() == null ? null : seg.state().name());
            g.put("reason", seg.reason());
        }
        o.put("cycles", s.cycles());
        o.put("hourCycles", s.hourCycles());
        ObjectNode seen = o.putObject("seen");
        s.seen().forEach((signal, values) -> values.forEach(seen.withArray(signal)::add));
        o.put("atRisk", s.atRisk());
        putIfPresent(o, "goodParts", s.goodParts());
        putIfPresent(o, "badParts", s.badParts());
        o.put("hourGoodParts", s.hourGoodParts());
        o.put("hourBadParts", s.hourBadParts());
        return o.toString();
    }

    static Delivery.Snapshot delivery(String body) {
        JsonNode o = parse(body);
        List<Delivery.Segment> segments = new ArrayList<>();
        for (JsonNode g : o.required("segments")) {
            segments.add(new Delivery.Segment(instant(g, "start"), instant(g, "end"), state(g.get("state")),
                    g.hasNonNull("reason") ? g.get("reason").asText() : null));
        }
        Map<String, List<String>> seen = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.required("seen").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            List<String> values = new ArrayList<>();
            e.getValue().forEach(v -> values.add(v.asText()));
            seen.put(e.getKey(), values);
        }
        return new Delivery.Snapshot(o.required("reservation").asText(), segments, o.required("cycles").asLong(),
                o.required("hourCycles").asLong(), seen, o.required("atRisk").asBoolean(),
                // Absent in stores written before good and bad parts were counted: read as never reported.
                optionalLong(o, "goodParts"), optionalLong(o, "badParts"),
                // Absent in stores written before shares carried parts: that hour's share shows none.
                o.path("hourGoodParts").asLong(0), o.path("hourBadParts").asLong(0));
    }

    static String json(List<OwedShare> owed) {
        ArrayNode list = JSON.createArrayNode();
        for (OwedShare o : owed) {
            ObjectNode g = list.addObject();
            g.put("reservation", o.reservationId());
            g.put("reference", o.reference());
            g.put("start", o.start().toEpochMilli());
            g.put("end", o.end().toEpochMilli());
            g.put("cycles", o.cycles());
            g.put("goodParts", o.goodParts());
            g.put("badParts", o.badParts());
        }
        return list.toString();
    }

    static List<OwedShare> owed(String body) {
        List<OwedShare> owed = new ArrayList<>();
        for (JsonNode g : parse(body)) {
            owed.add(new OwedShare(g.required("reservation").asText(),
                    g.hasNonNull("reference") ? g.get("reference").asText() : null, instant(g, "start"),
                    instant(g, "end"), g.required("cycles").asLong(), g.required("goodParts").asLong(),
                    g.required("badParts").asLong()));
        }
        return owed;
    }

    private static MachineState state(JsonNode value) {
        return value == null || value.isNull() ? null : MachineState.valueOf(value.asText());
    }

    private static Instant instant(JsonNode o, String field) {
        return Instant.ofEpochMilli(o.required(field).asLong());
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
