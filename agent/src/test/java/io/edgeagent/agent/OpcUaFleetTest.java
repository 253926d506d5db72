package io.edgeagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.agent.testing.FaultProxy;
import io.edgeagent.agent.testing.OpcUaFleet;
import io.edgeagent.agent.testing.TestConfigs;
import io.edgeagent.drivers.ConnectionState;
import io.edgeagent.drivers.DriverHealth;
import io.edgeagent.drivers.Quality;
import io.edgeagent.drivers.Reading;
import io.edgeagent.drivers.ReadingSink;
import io.edgeagent.drivers.gpio.GpioUnavailableException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, item 1 for OPC UA: every OPC UA machine of the agent runs on one bounded set of named threads
 * ({@code OpcUaThreads}: Milo's executor, scheduler, Netty event loop and wheel timer, and the drivers' own task
 * threads), against a real Milo server ({@link OpcUaFleet}) through {@link MachineDrivers} as the agent builds them.
 * The threads do not grow with machines and end with the drivers, and a machine whose path swallows every packet
 * holds up neither another machine's values nor its reconnect.
 */
class OpcUaFleetTest {

    /**
     * OpcUaThreads' own (four task threads, two of Milo's executor, its timer, two Netty, a wheel timer), and room for
     * a thread Milo's executor adds while one of its own waits in a blocking call.
     */
    private static final int MOST_OPCUA_THREADS = 12;
    private static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    Path dir;

    private OpcUaFleet fleet;

    @AfterEach
    void stopFleet() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void twentyMachinesUseNoMoreThreadsThanTwoAndLeaveNoneBehind() throws Exception {
        fleet = OpcUaFleet.start(0, 20, 2, Duration.ofMillis(100));

        int forTwo = runAndCountThreads(2);
        int forTwenty = runAndCountThreads(20);

        assertTrue(forTwenty <= MOST_OPCUA_THREADS, "20 machines: " + forTwenty + " OPC UA threads");
        assertTrue(forTwenty - forTwo <= 4, "from 2 to 20 machines the task threads reach their cap (4), and Milo's"
                + " executor may have a spare thread more: " + forTwo + " -> " + forTwenty);
    }

    /**
     * One machine's path is a blackhole from the start (FaultProxy: the TCP connect succeeds, nothing answers), so
     * each of its connect attempts hangs on a shared task thread until its request timeout. The other machine, behind
     * a proxy of its own, connects, keeps delivering, and after its connection is reset (RST) reconnects and delivers
     * again; once the blackhole ends the first machine connects too.
     */
    @Test
    void aMachineBehindABlackholeHoldsUpNeitherAnothersValuesNorItsReconnect() throws Exception {
        fleet = OpcUaFleet.start(0, 2, 2, Duration.ofMillis(100));
        Recording sink = new Recording();
        try (FaultProxy silent = FaultProxy.start("m001", fleet.port());
             FaultProxy healthy = FaultProxy.start("m002", fleet.port());
             MachineDrivers drivers = drivers()) {
            silent.blackhole();
            open(drivers, sink, Map.of("m001", silent.port(), "m002", healthy.port()));

            sink.await(() -> sink.readings("m002") >= 10, "m002 delivers while m001's path is a blackhole");
            sink.await(() -> threadNamed("opcua-m001"), "m001's connect attempt hangs on a shared task thread");
            int before = sink.readings("m002");
            sink.await(() -> sink.readings("m002") >= before + 10, "m002 delivers while m001's attempt hangs");

            int reconnectsBefore = sink.connected("m002");
            healthy.reset();
            sink.await(() -> sink.state("m002") == ConnectionState.DISCONNECTED, "m002 notices the reset");
            healthy.pass();
            sink.await(() -> sink.connected("m002") > reconnectsBefore, "m002 reconnects");
            int afterReconnect = sink.readings("m002");
            sink.await(() -> sink.readings("m002") >= afterReconnect + 10, "m002 delivers after its reconnect");
            assertEquals(0, sink.readings("m001"), "nothing came through the blackhole");
            assertTrue(silent.accepted() > 0, "m001 did try its path");

            silent.pass();
            sink.await(() -> sink.readings("m001") > 0, "m001 connects once its path passes again");
        }
    }

    /** Opens {@code machines} machines of the fleet, waits for each to deliver, counts the OPC UA client threads. */
    private int runAndCountThreads(int machines) throws Exception {
        Recording sink = new Recording();
        Map<String, Integer> ports = new ConcurrentHashMap<>();
        for (int m = 0; m < machines; m++) {
            ports.put(OpcUaFleet.machine(m), fleet.port());
        }
        int most;
        try (MachineDrivers drivers = drivers()) {
            open(drivers, sink, ports);
            sink.await(() -> ports.keySet().stream().allMatch(machine -> sink.readings(machine) >= 5),
                    machines + " machines deliver");
            Set<String> threads = opcUaThreads();
            System.out.println(machines + " OPC UA machines, " + threads.size() + " OPC UA threads: " + threads);
            most = threads.size();
            Set<String> deliveredOn = sink.deliveredOn.keySet();
            assertTrue(deliveredOn.stream().allMatch(name -> name.startsWith("opcua-milo-")),
                    "values arrive on the agent's Milo threads, not Milo's static ones: " + deliveredOn);
        }
        assertEquals(Set.of(), opcUaThreads(), "closing the drivers stopped the OPC UA threads");
        return most;
    }

    private MachineDrivers drivers() {
        return new MachineDrivers(Clock.systemUTC(), dir.resolve("pki"), "gw01", () -> {
            throw new GpioUnavailableException("no GPIO in this test");
        });
    }

    private void open(MachineDrivers drivers, ReadingSink sink, Map<String, Integer> ports) throws Exception {
        StringBuilder yaml = new StringBuilder();
        for (Map.Entry<String, Integer> machine : new TreeMap<>(ports).entrySet()) {
            yaml.append("  - id: ").append(machine.getKey()).append('\n')
                    .append("    opcua: { endpoint: \"opc.tcp://127.0.0.1:").append(machine.getValue())
                    .append("/fleet\" }\n    signals:\n");
            for (int v = 0; v < fleet.variables(); v++) {
                String variable = OpcUaFleet.variable(v);
                yaml.append("      ").append(variable).append(": { node: \"")
                        .append(OpcUaFleet.nodeId(machine.getKey(), variable)).append("\", samplingMs: 100 }\n");
            }
        }
        TestConfigs.withMachines(dir, yaml.toString()).machines().forEach(m -> drivers.open(m, sink));
    }

    /** The live threads of the agent's OPC UA set: named {@code opcua-...}, but for the fleet server's ticker. */
    private static Set<String> opcUaThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("opcua-") && !name.equals("opcua-fleet-tick"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static boolean threadNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name));
    }

    /** Counts what each machine delivers, and wakes a waiting test at every reading and health change. */
    private static final class Recording implements ReadingSink {

        final Map<String, AtomicInteger> readings = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> connects = new ConcurrentHashMap<>();
        final Map<String, ConnectionState> states = new ConcurrentHashMap<>();
        final Map<String, Boolean> deliveredOn = new ConcurrentHashMap<>();

        @Override
        public void onReading(Reading reading) {
            if (reading.quality() == Quality.GOOD) {
                readings.computeIfAbsent(reading.machineId(), m -> new AtomicInteger()).incrementAndGet();
                deliveredOn.put(Thread.currentThread().getName(), true);
            }
            wake();
        }

        @Override
        public void onHealth(String machineId, DriverHealth health) {
            states.put(machineId, health.state());
            if (health.state() == ConnectionState.CONNECTED) {
                connects.computeIfAbsent(machineId, m -> new AtomicInteger()).incrementAndGet();
            }
            wake();
        }

        private synchronized void wake() {
            notifyAll();
        }

        /**
         * Until {@code condition} holds, checked at every event; and at least every 100 ms, for a condition on
         * threads, which no event announces.
         */
        synchronized void await(BooleanSupplier condition, String what) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("not within " + WAIT.toSeconds() + " s: " + what);
                }
                wait(Math.max(1, Math.min(100, left / 1_000_000)));
            }
        }

        int readings(String machine) {
            AtomicInteger count = readings.get(machine);
            return count == null ? 0 : count.get();
        }

        int connected(String machine) {
            AtomicInteger count = connects.get(machine);
            return count == null ? 0 : count.get();
        }

        ConnectionState state(String machine) {
            return states.get(machine);
        }
    }
}
