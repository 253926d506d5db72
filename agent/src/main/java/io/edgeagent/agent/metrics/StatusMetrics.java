package io.edgeagent.agent.metrics;

import io.edgeagent.agent.buffer.OutboxStats;
import io.edgeagent.agent.capacity.CapacityPicture;
import io.edgeagent.agent.config.MachineState;
import io.edgeagent.agent.controlsocket.AgentInfo;
import io.edgeagent.agent.controlsocket.AgentStatus;
import io.edgeagent.agent.feed.UplinkStatus;
import io.edgeagent.agent.ingest.MachineSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The agent's status as Prometheus metrics: every value is one that {@code edge-agent status --json} shows, taken
 * from the same {@link AgentStatus}, so the two never disagree. Counters count since the agent (re)started, which
 * {@code edge_agent_start_time_seconds} tells; the delivery classes are labelled {@code event} and {@code telemetry}.
 */
final class StatusMetrics {

    private static final String MACHINE = "machine";
    private static final String CLASS = "class";
    private static final String EVENT = "event";
    private static final String TELEMETRY = "telemetry";

    private StatusMetrics() {
    }

    static MetricSnapshots of(AgentStatus s) {
        MetricSnapshots.Builder out = MetricSnapshots.builder();
        agent(out, s.agent());
        machines(out, s);
        out.metricSnapshot(counter("edge_agent_ingest_dropped_readings", "Readings dropped because the agent's ingest"
                + " queue was full, all machines together", count(s.droppedReadings())));
        buffer(out, s);
        uplink(out, s.uplink());
        return out.build();
    }

    private static void agent(MetricSnapshots.Builder out, AgentInfo a) {
        out.metricSnapshot(InfoSnapshot.builder().name("edge_agent").help("The agent: id, site, version and the"
                        + " SHA-256 of the config file it runs; always 1")
                .dataPoint(InfoDataPointSnapshot.builder().labels(Labels.of("agent", a.id(), "site", a.site(),
                        "version", a.version(), "config_hash", a.configHash())).build()).build());
        out.metricSnapshot(gauge("edge_agent_start_time_seconds", "When the agent started, or restarted on a changed"
                + " config, in Unix seconds: the counters count from then", point(seconds(a.started()))));
    }

    private static void machines(MetricSnapshots.Builder out, AgentStatus s) {
        Map<String, CapacityPicture> offers = new HashMap<>();
        s.capacity().forEach(p -> offers.put(p.machineId(), p));
        GaugeSnapshot.Builder state = GaugeSnapshot.builder().name("edge_agent_machine_state")
                .help("1 for the machine's state now, 0 for the others; all 0 before its first state is known");
        GaugeSnapshot.Builder since = GaugeSnapshot.builder().name("edge_agent_machine_state_since_timestamp_seconds")
                .help("When the machine's state now began, in Unix seconds; absent before its first state");
        GaugeSnapshot.Builder connected = GaugeSnapshot.builder().name("edge_agent_machine_connected")
                .help("1 while the agent's driver is connected to the machine, else 0");
        GaugeSnapshot.Builder age = GaugeSnapshot.builder().name("edge_agent_machine_last_reading_age_seconds")
                .help("Seconds since the machine's newest reading of any signal arrived; +Inf before the first");
        CounterSnapshot.Builder readings = CounterSnapshot.builder().name("edge_agent_readings")
                .help("Readings of the machine the agent took, all signals");
        GaugeSnapshot.Builder signals = GaugeSnapshot.builder().name("edge_agent_machine_signals")
                .help("Signals of the machine that have reported a value");
        GaugeSnapshot.Builder notGood = GaugeSnapshot.builder().name("edge_agent_machine_signals_not_good")
                .help("Signals of the machine whose latest value is UNCERTAIN or BAD");
        GaugeSnapshot.Builder window = GaugeSnapshot.builder().name("edge_agent_idle_window_open")
                .help("1 while the machine has an open live idle window (idle in offered time), else 0");
        for (MachineSnapshot m : s.machines()) {
            String id = m.machineId();
            for (MachineState candidate : MachineState.values()) {
                state.dataPoint(point(candidate == m.state() ? 1 : 0, MACHINE, id, "state", candidate.name()));
            }
            if (m.since() != null) {
                since.dataPoint(point(seconds(m.since()), MACHINE, id));
            }
            connected.dataPoint(point(m.health() != null && m.health().isConnected() ? 1 : 0, MACHINE, id));
            age.dataPoint(point(m.lastReading() == null ? Double.POSITIVE_INFINITY
                    : Math.max(0, Duration.between(m.lastReading(), s.at()).toMillis() / 1000.0), MACHINE, id));
            readings.dataPoint(count(m.readings(), MACHINE, id));
            signals.dataPoint(point(m.signals().size(), MACHINE, id));
            notGood.dataPoint(point(m.signals().stream().filter(r -> !r.reading().isGood()).count(), MACHINE, id));
            CapacityPicture offer = offers.get(id);
            window.dataPoint(point(offer != null && offer.open() != null ? 1 : 0, MACHINE, id));
        }
        out.metricSnapshot(state.build()).metricSnapshot(since.build()).metricSnapshot(connected.build())
                .metricSnapshot(age.build()).metricSnapshot(readings.build()).metricSnapshot(signals.build())
                .metricSnapshot(notGood.build()).metricSnapshot(window.build());
    }

    private static void buffer(MetricSnapshots.Builder out, AgentStatus s) {
        OutboxStats b = s.buffer();
        out.metricSnapshot(gauge("edge_agent_buffer_messages", "Messages in the buffer file waiting for the broker's"
                        + " acknowledgement", point(b.events(), CLASS, EVENT), point(b.telemetry(), CLASS, TELEMETRY)));
        out.metricSnapshot(gauge("edge_agent_buffer_oldest_age_seconds", "Seconds since the oldest waiting message"
                        + " was accepted; 0 when none waits", point(ageOf(s.oldestEvent(), s.at()), CLASS, EVENT),
                point(ageOf(s.oldestTelemetry(), s.at()), CLASS, TELEMETRY)));
        out.metricSnapshot(gauge("edge_agent_buffer_bytes", "Bytes the waiting messages take, as counted against"
                + " buffer.maxDiskMb", point(b.bytes())));
        out.metricSnapshot(counter("edge_agent_buffer_dropped", "Messages the buffer dropped (disk budget, or"
                        + " telemetry's age limit)", count(b.droppedEvents(), CLASS, EVENT),
                count(b.droppedTelemetry(), CLASS, TELEMETRY)));
        out.metricSnapshot(gauge("edge_agent_buffer_held_messages", "Messages held in memory because the buffer file"
                + " takes no writes (a full disk)", point(b.held())));
        out.metricSnapshot(gauge("edge_agent_buffer_write_failing", "1 while the buffer file takes no writes (a full"
                + " disk), else 0", point(b.writeFailure().isPresent() ? 1 : 0)));
        out.metricSnapshot(gauge("edge_agent_buffer_quarantined", "1 when the start found the buffer file damaged and"
                + " moved it aside, else 0", point(b.quarantined().isPresent() ? 1 : 0)));
        out.metricSnapshot(gauge("edge_agent_seq", "The last sequence number (seq) given to a message of the feed;"
                + " a new epoch starts it again", point(b.lastSeq())));
    }

    private static void uplink(MetricSnapshots.Builder out, UplinkStatus u) {
        out.metricSnapshot(gauge("edge_agent_uplink_connected", "1 while a broker session is up, else 0",
                point(u.connected() ? 1 : 0)));
        out.metricSnapshot(counter("edge_agent_uplink_reconnects", "Connections to a broker made after the first",
                count(u.reconnects())));
        out.metricSnapshot(counter("edge_agent_published", "Messages of the buffer the broker acknowledged (QoS 1)"
                        + " or took (QoS 0)", count(u.publishedEvents(), CLASS, EVENT),
                count(u.publishedTelemetry(), CLASS, TELEMETRY)));
        out.metricSnapshot(gauge("edge_agent_bdseq", "The birth-and-death number (bdSeq) of the current or last"
                + " broker connection, as its status message and Last Will carry it; 0 before the first",
                point(u.bdSeq())));
    }

    private static GaugeSnapshot gauge(String name, String help, GaugeDataPointSnapshot... points) {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
        for (GaugeDataPointSnapshot p : points) {
            b.dataPoint(p);
        }
        return b.build();
    }

    private static CounterSnapshot counter(String name, String help, CounterDataPointSnapshot... points) {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help);
        for (CounterDataPointSnapshot p : points) {
            b.dataPoint(p);
        }
        return b.build();
    }

    private static GaugeDataPointSnapshot point(double value, String... labels) {
        return GaugeDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build();
    }

    private static CounterDataPointSnapshot count(double value, String... labels) {
        return CounterDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build();
    }

    private static double seconds(Instant t) {
        return t.toEpochMilli() / 1000.0;
    }

    private static double ageOf(Instant oldest, Instant at) {
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, at).toMillis() / 1000.0);
    }
}
