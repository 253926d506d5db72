package io.edgeagent.agent.controlsocket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeagent.agent.buffer.OutboxStats;
import io.edgeagent.agent.capacity.CapacityPicture;
import io.edgeagent.agent.capacity.ForecastWindow;
import io.edgeagent.agent.capacity.Reservation;
import io.edgeagent.agent.feed.Timestamps;
import io.edgeagent.agent.feed.UplinkStatus;
import io.edgeagent.agent.ingest.LastReading;
import io.edgeagent.agent.ingest.MachineSnapshot;
import io.edgeagent.agent.sharing.SharingRule;
import io.edgeagent.agent.state.StateExplanation;
import io.edgeagent.drivers.DriverHealth;
import io.edgeagent.drivers.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the control protocol's answers, one JSON object each. Times are UTC ISO-8601 with milliseconds,
 * as in the MQTT feed; absent values are JSON {@code null}, never left out, so a script reads every field.
 */
final class Answers {

    private final ObjectMapper json;

    Answers(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode error(String message, boolean badRequest) {
        return failed(message, badRequest, false);
    }

    /** Refuses a client because the agent serves as many as it takes: it may try again in a moment. */
    ObjectNode busy(String message) {
        return failed(message, false, true);
    }

    /** The answer as one line of the protocol: its JSON and a line end. */
    byte[] line(ObjectNode answer) {
        try {
            byte[] body = json.writeValueAsBytes(answer);
            byte[] line = Arrays.copyOf(body, body.length + 1);
            line[body.length] = '\n';
            return line;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    private ObjectNode failed(String message, boolean badRequest, boolean busy) {
        ObjectNode n = json.createObjectNode();
        n.put("ok", false);
        n.put("error", message);
        n.put("badRequest", badRequest);
        n.put("busy", busy);
        return n;
    }

    ObjectNode status(AgentStatus s) {
        ObjectNode n = ok(s.at());
        ObjectNode agent = n.putObject("agent");
        agent.put("id", s.agent().id());
        agent.put("site", s.agent().site());
        agent.put("version", s.agent().version());
        time(agent, "started", s.agent().started());
        agent.put("uptimeSeconds", Duration.between(s.agent().started(), s.at()).toSeconds());
        agent.put("configFile", s.agent().configFile().toString());
        agent.put("configHash", s.agent().configHash());
        agent.put("dataDir", s.agent().dataDir().toString());
        broker(n.putObject("broker"), s.uplink());
        buffer(n.putObject("buffer"), s.buffer(), s.oldestEvent(), s.oldestTelemetry());
        n.putObject("ingest").put("droppedReadings", s.droppedReadings());
        ArrayNode machines = n.putArray("machines");
        Map<String, CapacityPicture> capacity = new LinkedHashMap<>();
        s.capacity().forEach(p -> capacity.put(p.machineId(), p));
        for (MachineSnapshot m : s.machines()) {
            ObjectNode o = machine(machines.addObject(), m);
            o.put("signals", m.signals().size());
            o.put("signalsNotGood", m.signals().stream().filter(r -> !r.reading().isGood()).count());
            o.put("readings", m.readings());
            CapacityPicture offer = capacity.get(m.machineId());
            time(o, "openWindowSince", offer == null || offer.open() == null ? null : offer.open().start());
        }
        return n;
    }

    /**
     * @param configured the configured signal names per machine: a signal that never reported is listed too,
     *                   with null values, since "no data" is what the engineer came to find
     */
    ObjectNode machines(Instant at, List<MachineSnapshot> snapshots, Map<String, List<String>> configured) {
        ObjectNode n = ok(at);
        ArrayNode machines = n.putArray("machines");
        for (MachineSnapshot m : snapshots) {
            ObjectNode o = machine(machines.addObject(), m);
            Map<String, LastReading> bySignal = new LinkedHashMap<>();
            for (String name : configured.getOrDefault(m.machineId(), List.of())) {
                bySignal.put(name, null);
            }
            m.signals().forEach(r -> bySignal.put(r.reading().signal(), r));
            ArrayNode signals = o.putArray("signals");
            bySignal.forEach((name, last) -> signal(signals.addObject(), name, last));
        }
        return n;
    }

    ObjectNode why(Instant at, StateExplanation e, List<SharingRule> sharing) {
        ObjectNode n = ok(at);
        n.put("machine", e.machineId());
        n.put("state", e.state() == null ? null : e.state().name());
        time(n, "since", e.since());
        n.put("reason", e.reason());
        health(n.putObject("connection"), e.health());
        ObjectNode decided = n.putObject("decidedNow");
        decided.put("state", e.decided().name());
        decided.put("reason", e.decidedReason());
        if (e.pending() == null) {
            n.putNull("pending");
        } else {
            ObjectNode pending = n.putObject("pending");
            pending.put("state", e.pending().name());
            time(pending, "since", e.pendingSince());
        }
        n.put("dwellSeconds", e.dwell().toMillis() / 1000.0);
        ObjectNode values = n.putObject("values");
        e.values().forEach((signal, value) -> value(values, signal, value));
        ArrayNode rules = n.putArray("rules");
        for (StateExplanation.RuleCheck r : e.rules()) {
            ObjectNode o = rules.addObject();
            o.put("state", r.state().name());
            o.put("when", r.when());
            o.put("holds", r.holds());
            o.put("detail", r.detail());
        }
        sharing(n, sharing);
        return n;
    }

    /** The machine's sharing rules, each with where it came from. */
    private static void sharing(ObjectNode n, List<SharingRule> rules) {
        ArrayNode sharing = n.putArray("sharing");
        for (SharingRule r : rules) {
            ObjectNode o = sharing.addObject();
            o.put("kind", r.kind());
            o.put("rule", r.rule());
            o.put("from", r.from());
        }
    }

    ObjectNode windows(Instant at, List<CapacityPicture> pictures, Map<String, List<SharingRule>> sharing) {
        ObjectNode n = ok(at);
        ArrayNode machines = n.putArray("machines");
        for (CapacityPicture p : pictures) {
            ObjectNode o = machines.addObject();
            o.put("machine", p.machineId());
            o.put("state", p.state() == null ? null : p.state().name());
            if (p.open() == null) {
                o.putNull("open");
            } else {
                time(o.putObject("open"), "since", p.open().start());
            }
            ArrayNode windows = o.putArray("windows");
            for (ForecastWindow w : p.windows()) {
                ObjectNode wn = windows.addObject();
                wn.put("id", w.id());
                time(wn, "start", w.start());
                time(wn, "end", w.end());
                wn.put("confidence", w.confidence());
                wn.put("machineHours", w.machineHours());
                wn.put("estimatedCycles", w.estimatedCycles());
                wn.put("estimatedParts", w.estimatedParts());
            }
            ArrayNode reservations = o.putArray("reservations");
            for (Reservation r : p.reservations()) {
                ObjectNode rn = reservations.addObject();
                rn.put("id", r.id());
                time(rn, "start", r.start());
                time(rn, "end", r.end());
                rn.put("requestId", r.requestId());
                rn.put("reference", r.reference());
            }
            sharing(o, sharing.getOrDefault(p.machineId(), List.of()));
        }
        return n;
    }

    /** The first line of a tail: the filter, and the configured signals it lets through, by machine. */
    ObjectNode tailing(Instant at, String machine, String signal, Map<String, List<String>> configured) {
        ObjectNode n = ok(at);
        n.put("machine", machine);
        n.put("signal", signal);
        ObjectNode following = n.putObject("following");
        configured.forEach((id, signals) -> {
            if (machine == null || machine.equals(id)) {
                ArrayNode names = following.putArray(id);
                signals.stream().filter(s -> signal == null || signal.equals(s)).forEach(names::add);
            }
        });
        return n;
    }

    ObjectNode reading(LastReading last) {
        ObjectNode n = json.createObjectNode();
        n.put("type", "reading");
        n.put("machine", last.reading().machineId());
        signal(n, last.reading().signal(), last);
        return n;
    }

    /** Tells a tail client that readings were dropped because it read too slowly. */
    ObjectNode dropped(long count) {
        ObjectNode n = json.createObjectNode();
        n.put("type", "dropped");
        n.put("count", count);
        return n;
    }

    /** Sent on a quiet tail, so a client that has gone is noticed on the write. */
    ObjectNode alive(Instant at) {
        ObjectNode n = json.createObjectNode();
        n.put("type", "alive");
        time(n, "at", at);
        return n;
    }

    private ObjectNode ok(Instant at) {
        ObjectNode n = json.createObjectNode();
        n.put("ok", true);
        time(n, "at", at);
        return n;
    }

    private static ObjectNode machine(ObjectNode o, MachineSnapshot m) {
        o.put("machine", m.machineId());
        o.put("state", m.state() == null ? null : m.state().name());
        time(o, "since", m.since());
        o.put("reason", m.reason());
        health(o.putObject("connection"), m.health());
        time(o, "lastReading", m.lastReading());
        return o;
    }

    private static void health(ObjectNode o, DriverHealth h) {
        o.put("state", h == null ? null : h.state().name());
        time(o, "since", h == null ? null : h.since());
        o.put("lastError", h == null ? null : h.lastError());
    }

    private static void broker(ObjectNode o, UplinkStatus u) {
        o.put("connected", u.connected());
        o.put("url", u.broker().toString());
        time(o, "since", u.since());
        o.put("lastError", u.lastError());
        o.put("bdSeq", u.bdSeq());
        o.put("reconnects", u.reconnects());
        ObjectNode published = o.putObject("published");
        published.put("events", u.publishedEvents());
        published.put("telemetry", u.publishedTelemetry());
    }

    private static void buffer(ObjectNode o, OutboxStats b, Instant oldestEvent, Instant oldestTelemetry) {
        ObjectNode events = o.putObject("events");
        events.put("waiting", b.events());
        time(events, "oldest", oldestEvent);
        ObjectNode telemetry = o.putObject("telemetry");
        telemetry.put("waiting", b.telemetry());
        time(telemetry, "oldest", oldestTelemetry);
        o.put("bytes", b.bytes());
        o.put("lastSeq", b.lastSeq());
        o.put("droppedTelemetry", b.droppedTelemetry());
        o.put("droppedEvents", b.droppedEvents());
        o.put("quarantined", b.quarantined().map(Object::toString).orElse(null));
        o.put("held", b.held());
        o.put("writeFailure", b.writeFailure().orElse(null));
    }

    private static void signal(ObjectNode o, String name, LastReading last) {
        o.put("signal", name);
        Reading r = last == null ? null : last.reading();
        if (r == null) {
            o.putNull("value");
        } else {
            value(o, "value", r.value());
        }
        o.put("quality", r == null ? null : r.quality().name());
        o.put("detail", r == null ? null : r.detail());
        time(o, "ts", r == null ? null : r.sourceTime());
        time(o, "arrived", last == null ? null : last.arrived());
    }

    /** A reading's value keeps its JSON type: a counter stays a number, a flag a boolean. */
    private static void value(ObjectNode o, String field, Object value) {
        if (value instanceof Long l) {
            o.put(field, l);
        } else if (value instanceof Double d) {
            o.put(field, d);
        } else if (value instanceof Boolean b) {
            o.put(field, b);
        } else if (value == null) {
            o.putNull(field);
        } else {
            o.put(field, value.toString());
        }
    }

    private static void time(ObjectNode o, String field, Instant t) {
        if (t == null) {
            o.putNull(field);
        } else {
            o.put(field, Timestamps.format(t));
        }
    }
}
