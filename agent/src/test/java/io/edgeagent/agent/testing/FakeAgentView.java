package io.edgeagent.agent.testing;

import io.edgeagent.agent.buffer.OutboxStats;
import io.edgeagent.agent.capacity.CapacityPicture;
import io.edgeagent.agent.capacity.ForecastWindow;
import io.edgeagent.agent.capacity.LiveWindow;
import io.edgeagent.agent.capacity.Reservation;
import io.edgeagent.agent.capacity.TimeSpan;
import io.edgeagent.agent.config.MachineState;
import io.edgeagent.agent.controlsocket.AgentInfo;
import io.edgeagent.agent.controlsocket.AgentStatus;
import io.edgeagent.agent.controlsocket.AgentView;
import io.edgeagent.agent.feed.UplinkStatus;
import io.edgeagent.agent.ingest.LastReading;
import io.edgeagent.agent.ingest.MachineSnapshot;
import io.edgeagent.agent.ingest.ReadingListener;
import io.edgeagent.agent.sharing.SharingRule;
import io.edgeagent.agent.state.StateExplanation;
import io.edgeagent.drivers.ConnectionState;
import io.edgeagent.drivers.DriverHealth;
import io.edgeagent.drivers.Quality;
import io.edgeagent.drivers.Reading;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;

/**
 * A running agent with fixed answers, as of {@link #NOW}: imm-01 RUNNING with two good signals and one never
 * read, imm-02 OFFLINE. Readings for a tail are pushed with {@link #emit}, on the caller's thread, as ingest
 * would call its listeners.
 */
public final class FakeAgentView implements AgentView {

    public static final Instant NOW = Instant.parse("2026-11-24T15:00:00Z");
    private final Path configFile;
    private final String configHash;
    private final Path dataDir;
    private final List<ReadingListener> listeners = new CopyOnWriteArrayList<>();
    private final Semaphore added = new Semaphore(0);
    private final Semaphore removed = new Semaphore(0);
    private final Semaphore asked = new Semaphore(0);
    private volatile CompletableFuture<Void> held = CompletableFuture.completedFuture(null);

    /** @param configHash the hash the agent reports for its config: another than the file's means it changed since */
    public FakeAgentView(Path configFile, String configHash, Path dataDir) {
        this.configFile = configFile;
        this.configHash = configHash;
        this.dataDir = dataDir;
    }

    @Override
    public Map<String, List<String>> configured() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("imm-01", List.of("cycleCounter", "mouldTemp", "standstillReason"));
        m.put("imm-02", List.of("cycleCounter"));
        return m;
    }

    /** Makes every machines question asked from now on wait for {@link #answerMachines}, as a slow answer would. */
    public void holdMachines() {
        held = new CompletableFuture<>();
    }

    /** Answers the machines questions that {@link #holdMachines} kept waiting. */
    public void answerMachines() {
        held.complete(null);
    }

    /** Waits until {@code n} more machines questions have been asked. */
    public void awaitMachinesAsked(int n) throws InterruptedException {
        asked.acquire(n);
    }

    @Override
    public CompletableFuture<AgentStatus> status() {
        AgentInfo info = new AgentInfo("gw-test", "plant-a", "9.9.9", NOW.minus(Duration.ofMinutes(135)), configFile,
                configHash, dataDir);
        UplinkStatus uplink = new UplinkStatus(true, URI.create("tcp://broker.local:1883"),
                NOW.minus(Duration.ofMinutes(130)), null, 3, 1, 210, 4800);
        OutboxStats buffer = new OutboxStats(0, 12, 4096, 500, 7, 0, Optional.empty(), 0, Optional.empty());
        return CompletableFuture.completedFuture(new AgentStatus(info, NOW, uplink, buffer, null,
                NOW.minusSeconds(3), 0, snapshots(), capacity()));
    }

    @Override
    public CompletableFuture<List<MachineSnapshot>> machines() {
        asked.release();
        return held.thenApply(v -> snapshots());
    }

    @Override
    public CompletableFuture<Optional<StateExplanation>> explain(String machineId) {
        if (!machineId.equals("imm-01")) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("cycleCounter", 1234L);
        values.put("standstillReason", 0L);
        return CompletableFuture.completedFuture(Optional.of(new StateExplanation("imm-01", MachineState.RUNNING,
                NOW.minusSeconds(123), "cycleCounter counting (advanced within the last 6.0 s, 3 cycle times)",
                connected(), values, List.of(
                        new StateExplanation.RuleCheck(MachineState.DOWN, "standstillReason ne 0", false, "standstillReason=0"),
                        new StateExplanation.RuleCheck(MachineState.RUNNING, "counting cycleCounter within 3 cycle times",
                                true, "cycleCounter counting (advanced within the last 6.0 s, 3 cycle times)"),
                        new StateExplanation.RuleCheck(MachineState.IDLE, "otherwise", true, "otherwise")),
                MachineState.RUNNING, "cycleCounter counting (advanced within the last 6.0 s, 3 cycle times)",
                null, null, Duration.ofSeconds(2))));
    }

    /** imm-01's calendar from the file, its maintenance from the platform; imm-02 without rules. */
    @Override
    public Map<String, List<SharingRule>> sharingRules() {
        return Map.of("imm-01", List.of(
                new SharingRule("weekly", "MON TUE WED THU FRI 06:00-22:00", "/etc/edge-agent/agent.yaml:41"),
                new SharingRule("minWindow", "60 min", "default"),
                new SharingRule("maintenance", "2026-11-26T08:00 .. 2026-11-26T12:00",
                        "platform version 3, set 2026-11-24T14:00:00Z")));
    }

    @Override
    public CompletableFuture<List<CapacityPicture>> windows() {
        Instant start = Instant.parse("2026-11-25T06:00:00Z");
        ForecastWindow w = new ForecastWindow("imm-01-20261125T0600Z", start, start.plus(Duration.ofHours(8)), 0.75,
                8.0, 14_400L, 57_600L);
        Reservation r = new Reservation("rsv-1", "imm-01", new TimeSpan(start.plus(Duration.ofHours(8)),
                start.plus(Duration.ofHours(10))), "req-1", "order-4711");
        return CompletableFuture.completedFuture(List.of(
                new CapacityPicture("imm-01", MachineState.IDLE, new LiveWindow("imm-01", NOW.minusSeconds(600), null, null),
                        List.of(w), List.of(r)),
                new CapacityPicture("imm-02", MachineState.OFFLINE, null, List.of(), List.of())));
    }

    @Override
    public void addListener(ReadingListener listener) {
        listeners.add(listener);
        added.release();
    }

    @Override
    public void removeListener(ReadingListener listener) {
        listeners.remove(listener);
        removed.release();
    }

    /** Waits until a tail has registered its listener. */
    public void awaitListener() throws InterruptedException {
        added.acquire();
    }

    /** Waits until a tail has removed its listener again. */
    public void awaitListenerRemoved() throws InterruptedException {
        removed.acquire();
    }

    /** Hands a reading to every listener, as the ingest thread does. */
    public void emit(Reading reading) {
        for (ReadingListener l : listeners) {
            l.onReading(reading, NOW);
        }
    }

    private static List<MachineSnapshot> snapshots() {
        LastReading counter = new LastReading(Reading.good("imm-01", "cycleCounter", 1234L, NOW.minusMillis(600)),
                NOW.minusMillis(400));
        LastReading mould = new LastReading(new Reading("imm-01", "mouldTemp", 45.5, NOW.minusSeconds(2),
                Quality.UNCERTAIN, "Uncertain_LastUsableValue"), NOW.minusSeconds(2));
        return List.of(
                new MachineSnapshot("imm-01", MachineState.RUNNING, NOW.minusSeconds(123),
                        "cycleCounter counting (advanced within the last 6.0 s, 3 cycle times)", connected(),
                        NOW.minusMillis(400), 5123, List.of(counter, mould)),
                new MachineSnapshot("imm-02", MachineState.OFFLINE, NOW.minus(Duration.ofMinutes(42)),
                        "not reachable: connection refused",
                        new DriverHealth(ConnectionState.CONNECTING, NOW.minus(Duration.ofMinutes(42)), "connection refused"),
                        null, 0, List.of()));
    }

    /** Neither machine is idle, so neither has an open window. */
    private static List<CapacityPicture> capacity() {
        return List.of(new CapacityPicture("imm-01", MachineState.RUNNING, null, List.of(), List.of()),
                new CapacityPicture("imm-02", MachineState.OFFLINE, null, List.of(), List.of()));
    }

    private static DriverHealth connected() {
        return new DriverHealth(ConnectionState.CONNECTED, NOW.minus(Duration.ofMinutes(130)), null);
    }
}
