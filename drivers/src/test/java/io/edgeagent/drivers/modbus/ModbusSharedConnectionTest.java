package io.edgeagent.drivers.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.drivers.ConnectionState;
import io.edgeagent.drivers.DriverHealth;
import io.edgeagent.drivers.Reading;
import io.edgeagent.drivers.testsupport.Await;
import io.edgeagent.drivers.testsupport.RecordingSink;
import io.edgeagent.drivers.testsupport.Threads;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Many devices behind one address, as behind a serial-to-Ethernet gateway: one connection per host and port, a few
 * threads for all of them, and a unit that does not answer costs the others no more than its timeouts.
 */
class ModbusSharedConnectionTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ModbusSignal VALUE = ModbusSignal.of("value", RegisterArea.HOLDING_REGISTER, 0,
            ModbusType.parse("uint16"));
    private static final int THREADS = 4;

    private final ModbusLines lines = new ModbusLines(THREADS);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
        lines.close();
        assertEquals(List.of(), Threads.aliveAfter("modbus-", Duration.ofSeconds(2)));
    }

    @Test
    void everyUnitBehindTwoSingleClientGatewaysIsReadOnOneConnectionEachByTwoThreads() {
        // 150 units behind one gateway, 50 behind another; each answers its own unit id plus 1000.
        Map<String, Integer> units = new LinkedHashMap<>();
        TestSlave first = gateway(1, 150, units);
        TestSlave second = gateway(151, 50, units);
        int threadsBefore = Thread.activeCount();

        Map<String, RecordingSink> sinks = new LinkedHashMap<>();
        units.forEach((machine, unit) -> {
            int port = unit <= 150 ? first.port() : second.port();
            sinks.put(machine, open(machine, endpoint(port, unit, Duration.ofMillis(200), Duration.ofSeconds(1), 1)));
        });

        sinks.forEach((machine, sink) -> {
            Reading reading = sink.awaitReading("value", Reading::isGood, WAIT);
            assertEquals(1000L + units.get(machine), reading.value(), machine);
        });
        // The gateways serve one client at a time: a second connection to either would leave its units unanswered.
        sinks.forEach((machine, sink) -> assertTrue(sink.health().stream()
                .noneMatch(h -> h.state() == ConnectionState.DISCONNECTED), machine + ": " + sink.health()));
        List<String> pollers = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("modbus-")).toList();
        assertTrue(pollers.size() <= 2, "one thread per connection at most: " + pollers);
        assertTrue(Thread.activeCount() - threadsBefore <= THREADS,
                "threads grew by " + (Thread.activeCount() - threadsBefore) + " for 200 devices");
    }

    @Test
    void aUnitThatAnswersLateOrNotAtAllCostsTheOthersOnlyItsTimeoutsAndNotTheConnection() throws Exception {
        // Twenty units behind one gateway; unit 7 answers only after its timeout, with a value nobody may take.
        int late = 7;
        Duration timeout = Duration.ofMillis(300);
        Map<Integer, AtomicInteger> counters = new ConcurrentHashMap<>();
        AtomicInteger lateRequests = new AtomicInteger();
        FakePeer gateway = FakePeer.mbap(request -> {
            if (request.unitId() == late) {
                lateRequests.incrementAndGet();
                return new FakePeer.Answer(FakePeer.mbapFrame(request.transactionId(), request.unitId(),
                        FakePeer.registers(666)), timeout.toMillis() + 150);
            }
            int value = counters.computeIfAbsent(request.unitId(), u -> new AtomicInteger()).incrementAndGet();
            return FakePeer.Answer.now(FakePeer.mbapFrame(request.transactionId(), request.unitId(),
                    FakePeer.registers(value)));
        });
        toClose.add(gateway);
        Map<Integer, RecordingSink> sinks = new LinkedHashMap<>();
        for (int unit = 1; unit <= 20; unit++) {
            sinks.put(unit, open("press-" + unit, endpoint(gateway.port(), unit, Duration.ofMillis(100), timeout, 1)));
        }

        RecordingSink silent = sinks.get(late);
        DriverHealth lost = silent.awaitHealth(0, ConnectionState.DISCONNECTED, WAIT);
        assertEquals("no reply within 300 ms: tcp://127.0.0.1:" + gateway.port() + " unit 7", lost.lastError());
        Map<Integer, Integer> readingsWhenLost = new LinkedHashMap<>();
        sinks.forEach((unit, sink) -> readingsWhenLost.put(unit, sink.readingCount()));
        // Its second timeout in a row, with no answer between, dropped the connection; the next poll opens one.
        RecordingSink other = sinks.get(late + 1);
        other.awaitReading(other.readingCount(), "value", Reading::isGood, WAIT);
        int connectionsWhenLost = gateway.connections();
        // Two back-off probes of the late unit (after about 1 s and 2 s), each a timeout on the shared connection.
        int probesFrom = lateRequests.get();
        Await.until(WAIT, () -> lateRequests.get() >= probesFrom + 2, () -> "unit 7 probed again");

        assertTrue(connectionsWhenLost <= 2, "connections until unit 7 was lost: " + connectionsWhenLost);
        assertEquals(connectionsWhenLost, gateway.connections(), "a probe of the late unit kept the connection");
        sinks.forEach((unit, sink) -> {
            assertTrue(sink.readings("value").stream().noneMatch(r -> Long.valueOf(666).equals(r.value())),
                    "unit " + unit + " took the late reply");
            if (unit == late) {
                return;
            }
            List<Reading> good = sink.readings("value").stream().filter(Reading::isGood).toList();
            // Polled every 100 ms through ~3 s of probes: many fresh values, and no pause much longer than the
            // two attempts of 300 ms the late unit had before it counted as lost.
            assertTrue(sink.readingCount() - readingsWhenLost.get(unit) >= 5,
                    "unit " + unit + " read " + (sink.readingCount() - readingsWhenLost.get(unit)) + " times");
            assertTrue(longestPause(good).compareTo(Duration.ofMillis(1500)) < 0,
                    "unit " + unit + " waited " + longestPause(good));
            assertTrue(sink.health().stream().noneMatch(h -> h.state() == ConnectionState.DISCONNECTED),
                    "unit " + unit + ": " + sink.health());
        });
    }

    private TestSlave gateway(int firstUnit, int count, Map<String, Integer> units) {
        Map<Integer, CountingProcessImage> images = new LinkedHashMap<>();
        for (int unit = firstUnit; unit < firstUnit + count; unit++) {
            CountingProcessImage image = new CountingProcessImage(unit, 1);
            image.holding(0, 1000 + unit);
            images.put(unit, image);
            units.put("unit-" + unit, unit);
        }
        TestSlave slave = TestSlave.gateway(TestSlave.freePort(), images);
        toClose.add(slave);
        return slave;
    }

    private RecordingSink open(String machine, ModbusEndpoint endpoint) {
        RecordingSink sink = new RecordingSink();
        ModbusDriver driver = new ModbusDriver(machine, endpoint, lines);
        // Drivers close before the peers: added first, closed first.
        toClose.add(0, driver);
        driver.subscribe(List.of(VALUE), sink);
        driver.open();
        return sink;
    }

    private static ModbusEndpoint endpoint(int port, int unit, Duration poll, Duration timeout, int retries) {
        return new ModbusEndpoint(new ModbusTransport.Tcp("127.0.0.1", port, false), unit, poll, timeout, retries, 10,
                Duration.ofMinutes(1), WordOrder.ABCD);
    }

    private static Duration longestPause(List<Reading> readings) {
        Duration longest = Duration.ZERO;
        Instant previous = null;
        for (Reading reading : readings) {
            if (previous != null) {
                Duration pause = Duration.between(previous, reading.sourceTime());
                longest = pause.compareTo(longest) > 0 ? pause : longest;
            }
            previous = reading.sourceTime();
        }
        return longest;
    }
}
