package io.edgeagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import io.edgeagent.agent.config.AgentConfig;
import io.edgeagent.agent.testing.Ports;
import io.edgeagent.agent.testing.TestConfigs;
import io.edgeagent.drivers.Alarm;
import io.edgeagent.drivers.ConnectionState;
import io.edgeagent.drivers.DriverHealth;
import io.edgeagent.drivers.Reading;
import io.edgeagent.drivers.ReadingSink;
import io.edgeagent.drivers.gpio.GpioBoard;
import io.edgeagent.drivers.gpio.GpioUnavailableException;
import io.edgeagent.drivers.sim.cnc.CncPhase;
import io.edgeagent.drivers.sim.cnc.CncSimulator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configured machines become drivers; what they share (the GPIO board) is found once and closed last. */
class MachineDriversTest {

    private static final String GPIO_MACHINES = """
              - id: press-01
                gpio:
                  stroke: { pin: 17, pull: up, activeLow: true }
                  fault: { pin: 27, pull: up, activeLow: true }
                counter: stroke
              - id: press-02
                gpio: { lamp: { pin: 22 } }
            """;

    @TempDir
    Path dir;

    @Test
    void withoutGpioEveryGpioMachineIsOfflineWithTheReasonAndTheComputerIsAskedOnce() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        Recording sink = new Recording();
        try (MachineDrivers drivers = new MachineDrivers(Clock.systemUTC(), dir.resolve("pki"), "gw01", () -> {
            asked.incrementAndGet();
            throw new GpioUnavailableException("no GPIO on this computer (no /dev/gpiochip*): GPIO machines need a"
                    + " Raspberry Pi 4 or 5");
        })) {
            TestConfigs.withMachines(dir, GPIO_MACHINES).machines().forEach(m -> drivers.open(m, sink));
        }

        assertEquals(1, asked.get());
        for (String machine : List.of("press-01", "press-02")) {
            DriverHealth health = sink.health.get(machine);
            assertEquals(ConnectionState.DISCONNECTED, health.state());
            assertEquals("no GPIO on this computer (no /dev/gpiochip*): GPIO machines need a Raspberry Pi 4 or 5",
                    health.lastError());
        }
    }

    @Test
    void theCounterInputCountsAndTheOthersReportTheirLevel() throws Exception {
        Recording sink = new Recording();
        GpioBoard board = GpioBoard.using(Pi4J.newContextBuilder().add(new MockPlatform())
                .add(MockDigitalInputProvider.newInstance()).build(), MockDigitalInputProvider.ID);
        try (MachineDrivers drivers = new MachineDrivers(Clock.systemUTC(), dir.resolve("pki"), "gw01", () -> board)) {
            TestConfigs.withMachines(dir, GPIO_MACHINES).machines().forEach(m -> drivers.open(m, sink));
            assertTrue(sink.everySignalReadAndBothConnected.await(10, TimeUnit.SECONDS),
                    "initial readings: " + sink.readings + ", connected: " + sink.connectedOnce);
        }

        Map<String, Object> first = new ConcurrentHashMap<>();
        sink.readings.forEach(r -> first.putIfAbsent(r.machineId() + "/" + r.signal(), r.value()));
        assertEquals(0L, first.get("press-01/stroke"), "the counter counts pulses from 0");
        assertEquals(Boolean.class, first.get("press-01/fault").getClass(), "a level input is true or false");
        assertEquals(Boolean.class, first.get("press-02/lamp").getClass());
        assertEquals(ConnectionState.CONNECTED, sink.connectedOnce.get("press-02"));
        assertTrue(board.claimedPins().isEmpty(), "closing the drivers released their pins: " + board.claimedPins());
    }

    /**
     * Issue 22, Modbus alarm texts against a real Modbus TCP slave on loopback (the CNC simulator, alarm code 1010 at
     * holding:8 in ALARM): the code is raised once with its text and the table's severity, a code going back to 0
     * clears it, and the register read only for the alarms is no telemetry.
     */
    @Test
    void aModbusAlarmCodeIsRaisedWithItsTextAndClearedWhenTheCodeGoesBackToZero() throws Exception {
        Recording sink = new Recording();
        int port = Ports.free();
        try (CncSimulator cnc = CncSimulator.builder("cnc-01").port(port).manual(CncPhase.CUTTING).build();
             MachineDrivers drivers = new MachineDrivers(Clock.systemUTC(), dir.resolve("pki"), "gw01", () -> {
                 throw new GpioUnavailableException("no GPIO in this test");
             })) {
            cnc.start();
            TestConfigs.withMachines(dir, """
                      - id: cnc-01
                        modbus: { tcp: "127.0.0.1:%d", pollMs: 50 }
                        signals: { execution: { register: holding:0 } }
                        alarms:
                          register: holding:8
                          severity: 800
                          codes: { 1010: spindle overload, 1020: { text: door open, severity: 300 } }
                    """.formatted(port)).machines().forEach(m -> drivers.open(m, sink));
            awaitReading(sink, "execution", 1L);
            assertTrue(sink.alarms.isEmpty(), "no alarm while cutting: " + sink.alarms);

            cnc.setPhase(CncPhase.ALARM);
            Alarm raised = sink.alarms.poll(10, TimeUnit.SECONDS);
            assertNotNull(raised, "the raise of code 1010");
            assertEquals(new Alarm("cnc-01", "holding:8=1010", "holding:8", "spindle overload", null, 800, true, false,
                    raised.time()), raised);

            cnc.setPhase(CncPhase.CUTTING);
            Alarm cleared = sink.alarms.poll(10, TimeUnit.SECONDS);
            assertNotNull(cleared, "the clear once the code is 0");
            assertEquals(raised.cleared(cleared.time()), cleared);
            assertTrue(!cleared.time().isBefore(raised.time()), "cleared after it was raised");
        }
        assertEquals(List.of(), sink.alarms.stream().toList(), "one raise and one clear, no repeats");
        assertTrue(sink.readings.stream().allMatch(r -> r.signal().equals("execution")),
                "only configured signals are telemetry: " + sink.readings.stream().map(Reading::signal).distinct().toList());
    }

    /** Issue 22, GPIO alarm texts: a level input named under alarms.bits is its alarm while active, on Pi4J's mock. */
    @Test
    void aGpioAlarmInputIsRaisedWhileActiveAndClearedWhenItDrops() throws Exception {
        Recording sink = new Recording();
        Context pi4j = Pi4J.newContextBuilder().add(new MockPlatform()).add(MockDigitalInputProvider.newInstance())
                .build();
        GpioBoard board = GpioBoard.using(pi4j, MockDigitalInputProvider.ID);
        try (MachineDrivers drivers = new MachineDrivers(Clock.systemUTC(), dir.resolve("pki"), "gw01", () -> board)) {
            TestConfigs.withMachines(dir, """
                      - id: press-01
                        gpio: { fault: { pin: 27, debounceMs: 0 } }
                        alarms: { bits: { fault: { text: 液压故障, severity: 800 } } }
                    """).machines().forEach(m -> drivers.open(m, sink));
            awaitReading(sink, "fault", false);
            MockDigitalInput fault = pi4j.registry().all().values().stream()
                    .filter(io -> io instanceof MockDigitalInput in && in.address().intValue() == 27)
                    .map(MockDigitalInput.class::cast).findFirst().orElseThrow();

            fault.mockState(DigitalState.HIGH);
            Alarm raised = sink.alarms.poll(10, TimeUnit.SECONDS);
            assertNotNull(raised, "the raise while the input is active");
            assertEquals(new Alarm("press-01", "fault", "fault", "液压故障", null, 800, true, false, raised.time()),
                    raised);
            fault.mockState(DigitalState.LOW);
            Alarm cleared = sink.alarms.poll(10, TimeUnit.SECONDS);
            assertNotNull(cleared, "the clear once the input drops");
            assertEquals(raised.cleared(cleared.time()), cleared);
        }
        assertTrue(sink.readings.stream().anyMatch(r -> Boolean.TRUE.equals(r.value())),
                "the input is still telemetry: " + sink.readings);
    }

    private static void awaitReading(Recording sink, String signal, Object value) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sink.readings.stream().noneMatch(r -> r.signal().equals(signal) && value.equals(r.value()))) {
            assertTrue(System.nanoTime() < deadline, signal + " never read " + value + ": " + sink.readings);
            sink.readingArrived.poll(100, TimeUnit.MILLISECONDS);
        }
    }

    private static final class Recording implements ReadingSink {
        final BlockingQueue<Alarm> alarms = new LinkedBlockingQueue<>();
        final BlockingQueue<Reading> readingArrived = new LinkedBlockingQueue<>();
        final List<Reading> readings = new CopyOnWriteArrayList<>();
        final Map<String, DriverHealth> health = new ConcurrentHashMap<>();
        final Map<String, ConnectionState> connectedOnce = new ConcurrentHashMap<>();
        private final Set<String> firstSeen = ConcurrentHashMap.newKeySet();
        /** Three signals, each read once, and two machines, each connected once: the two arrive in either order. */
        final CountDownLatch everySignalReadAndBothConnected = new CountDownLatch(5);

        @Override
        public void onReading(Reading reading) {
            readings.add(reading);
            readingArrived.add(reading);
            if (firstSeen.add(reading.machineId() + "/" + reading.signal())) {
                everySignalReadAndBothConnected.countDown();
            }
        }

        @Override
        public void onAlarm(Alarm alarm) {
            alarms.add(alarm);
        }

        @Override
        public void onHealth(String machineId, DriverHealth h) {
            health.put(machineId, h);
            if (h.state() == ConnectionState.CONNECTED && connectedOnce.put(machineId, h.state()) == null) {
                everySignalReadAndBothConnected.countDown();
            }
        }
    }
}
