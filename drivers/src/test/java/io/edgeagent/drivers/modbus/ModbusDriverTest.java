package io.edgeagent.drivers.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.drivers.ConnectionState;
import io.edgeagent.drivers.Quality;
import io.edgeagent.drivers.Reading;
import io.edgeagent.drivers.testsupport.Await;
import io.edgeagent.drivers.testsupport.RecordingSink;
import io.edgeagent.drivers.testsupport.TestClock;
import io.edgeagent.drivers.testsupport.Threads;
import java.time.Duration;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The driver against a real j2mod slave on loopback: values, coalescing, exception responses, change detection. */
class ModbusDriverTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration FAST = Duration.ofMillis(20);
    private static final Instant T0 = Instant.parse("2026-03-02T06:00:00Z");
    private static final String MACHINE = "cnc-07";

    private final int port = TestSlave.freePort();
    private final CountingProcessImage image = new CountingProcessImage(1, 32);
    private final RecordingSink sink = new RecordingSink();
    private final TestClock clock = new TestClock(T0);
    private final ModbusLines lines = new ModbusLines();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
        lines.close();
        assertEquals(List.of(), Threads.aliveAfter("modbus-" + MACHINE, Duration.ofSeconds(2)));
    }

    @Test
    void deliversEveryKindOfValueStampedWithTheTimeTheReplyArrived() {
        image.holding(0, 0x4148, 0x0000);          // float32 12.5 ABCD
        image.holding(2, 0xFFFE);                  // int16 -2
        image.holding(3, 0x5678, 0x1234);          // uint32 0x12345678 CDAB
        image.holding(5, 0x4845, 0x4C4C, 0x4F00);  // string(5) HELLO
        image.holding(8, 0x0005);                  // bits 0 and 2 set
        image.holding(10, 0, 0, 0, 0x2940);        // float64 12.5 DCBA
        image.input(0, 250);                       // 25.0 after * 0.1
        image.coil(1, true);
        image.discrete(2, true);
        startSlave(false);

        open(endpoint(false), holding("f32", 0, "float32", WordOrder.ABCD),
                holding("i16", 2, "int16", WordOrder.ABCD),
                holding("u32", 3, "uint32", WordOrder.CDAB),
                holding("text", 5, "string(5)", WordOrder.ABCD),
                new ModbusSignal("bit2", RegisterArea.HOLDING_REGISTER, 8, ModbusType.parse("bool"), 2,
                        WordOrder.ABCD, 1, 0, 0),
                new ModbusSignal("bit1", RegisterArea.HOLDING_REGISTER, 8, ModbusType.parse("bool"), 1,
                        WordOrder.ABCD, 1, 0, 0),
                holding("f64", 10, "float64", WordOrder.DCBA),
                new ModbusSignal("scaled", RegisterArea.INPUT_REGISTER, 0, ModbusType.parse("uint16"), null,
                        WordOrder.ABCD, 0.1, 0, 0),
                ModbusSignal.of("coil", RegisterArea.COIL, 1, ModbusType.parse("bool")),
                ModbusSignal.of("input", RegisterArea.DISCRETE_INPUT, 2, ModbusType.parse("bool")));

        assertEquals(12.5, value("f32"));
        assertEquals(-2L, value("i16"));
        assertEquals(0x1234_5678L, value("u32"));
        assertEquals("HELLO", value("text"));
        assertEquals(true, value("bit2"));
        assertEquals(false, value("bit1"));
        assertEquals(12.5, value("f64"));
        assertEquals(25.0, value("scaled"));
        assertEquals(true, value("coil"));
        assertEquals(true, value("input"));
        Reading reading = sink.awaitReading("u32", r -> true, WAIT);
        assertEquals(T0, reading.sourceTime());
        assertEquals(MACHINE, reading.machineId());
        assertNull(reading.detail());
    }

    @Test
    void coalescesSignalsIntoTheFewestReadsTheSlaveActuallyServes() {
        startSlave(false);
        open(endpoint(false),
                holding("a", 0, "uint16", WordOrder.ABCD),
                holding("b", 1, "float32", WordOrder.ABCD),
                holding("c", 12, "uint16", WordOrder.ABCD),
                holding("far", 25, "uint16", WordOrder.ABCD),
                ModbusSignal.of("ir", RegisterArea.INPUT_REGISTER, 3, ModbusType.parse("int16")),
                ModbusSignal.of("coil0", RegisterArea.COIL, 0, ModbusType.parse("bool")),
                ModbusSignal.of("coil9", RegisterArea.COIL, 9, ModbusType.parse("bool")));

        Await.until(WAIT, () -> image.readCount() >= 8, () -> "two poll cycles, got " + image.reads());

        Set<CountingProcessImage.Read> expected = Set.of(
                new CountingProcessImage.Read(RegisterArea.COIL, 0, 10),
                new CountingProcessImage.Read(RegisterArea.INPUT_REGISTER, 3, 1),
                new CountingProcessImage.Read(RegisterArea.HOLDING_REGISTER, 0, 13),
                new CountingProcessImage.Read(RegisterArea.HOLDING_REGISTER, 25, 1));
        List<CountingProcessImage.Read> reads = image.reads();
        assertEquals(expected, Set.copyOf(reads), "every read the slave served");
        assertEquals(List.copyOf(reads.subList(0, 4)), List.copyOf(reads.subList(4, 8)), "the same plan every cycle");
    }

    @Test
    void anExceptionResponseMarksOnlyItsSignalAndTheOthersAreReadApartFromIt() {
        image.holding(0, 11);
        image.holding(5, 55);
        startSlave(false);
        // 'missing' is beyond the 32 registers the slave has; maxGap 40 coalesces all three into one read.
        ModbusEndpoint endpoint = new ModbusEndpoint(tcp(false), 1, FAST, Duration.ofSeconds(1), 1, 40,
                Duration.ofMinutes(1), WordOrder.ABCD);
        ModbusDriver driver = open(endpoint, holding("a", 0, "uint16", WordOrder.ABCD),
                holding("b", 5, "uint16", WordOrder.ABCD), holding("missing", 40, "float32", WordOrder.ABCD));

        Reading missing = sink.awaitReading("missing", r -> true, WAIT);
        assertEquals(Quality.BAD, missing.quality());
        assertEquals("ILLEGAL_DATA_ADDRESS (exception 2)", missing.detail());
        assertNull(missing.value());
        assertEquals(11L, value("a"));
        assertEquals(55L, value("b"));

        CountingProcessImage.Read together = new CountingProcessImage.Read(RegisterArea.HOLDING_REGISTER, 0, 6);
        CountingProcessImage.Read alone = new CountingProcessImage.Read(RegisterArea.HOLDING_REGISTER, 40, 2);
        CountingProcessImage.Read coalesced = new CountingProcessImage.Read(RegisterArea.HOLDING_REGISTER, 0, 42);
        Await.until(WAIT, () -> image.reads().stream().filter(together::equals).count() >= 3,
                () -> "a and b read together again: " + image.reads());
        List<CountingProcessImage.Read> reads = image.reads();
        int lastCoalesced = reads.lastIndexOf(coalesced);
        assertEquals(0, lastCoalesced, "only the first read spans the refused address: " + reads);
        assertTrue(reads.subList(1, reads.size()).stream().allMatch(r -> r.equals(together) || r.equals(alone)
                || r.count() == 1), "after the split: " + reads);
        assertEquals(1, sink.readings("missing").size(), "the unchanged BAD reading is not repeated");
        assertTrue(sink.health().stream().noneMatch(h -> h.state() == ConnectionState.DISCONNECTED),
                "the device stays connected: " + sink.health());
        assertEquals(ConnectionState.CONNECTED, driver.health().state());
    }

    @Test
    void readsThroughAGatewayThatSpeaksRtuOverTcp() {
        image.holding(0, 0x0000, 0x4148);
        image.coil(4, true);
        startSlave(true);

        open(endpoint(true), holding("temperature", 0, "float32", WordOrder.CDAB),
                ModbusSignal.of("door", RegisterArea.COIL, 4, ModbusType.parse("bool")));

        assertEquals(12.5, value("temperature"));
        assertEquals(true, value("door"));
        assertTrue(sink.awaitHealth(0, ConnectionState.CONNECTED, WAIT).isConnected());
    }

    @Test
    void aSteadyValueIsReportedOnceThenOnlyOnChangesBeyondTheDeadbandOrAfterTheKeepAlive() {
        image.holding(0, 200);
        startSlave(false);
        Duration keepAlive = Duration.ofMinutes(5);
        open(new ModbusEndpoint(tcp(false), 1, FAST, Duration.ofSeconds(1), 1, 10, keepAlive, WordOrder.ABCD),
                new ModbusSignal("temperature", RegisterArea.HOLDING_REGISTER, 0, ModbusType.parse("uint16"), null,
                        WordOrder.ABCD, 0.1, 0, 1.0));

        assertEquals(20.0, value("temperature"));
        image.holding(0, 209);
        awaitPolls(5);
        assertEquals(1, sink.readings("temperature").size(), "0.9 is inside the deadband of 1.0");

        image.holding(0, 211);
        Reading changed = sink.awaitReading("temperature", r -> !r.value().equals(20.0), WAIT);
        assertEquals(21.1, (Double) changed.value(), 1e-9);

        awaitPolls(5);
        assertEquals(2, sink.readings("temperature").size(), "steady again");
        clock.advance(keepAlive);
        Reading again = sink.awaitReading(2, "temperature", r -> true, WAIT);
        assertEquals(21.1, (Double) again.value(), 1e-9);
        assertEquals(T0.plus(keepAlive), again.sourceTime());
    }

    @Test
    void aFailureInsideOnePollDoesNotStopThePolling() {
        image.tickOnEveryRead(0);
        startSlave(false);
        // The clock fails three times on the polling thread, as a bug in a poll would.
        AtomicInteger pollingCalls = new AtomicInteger();
        Clock glitching = new Clock() {
            @Override
            public Instant instant() {
                if (Thread.currentThread().getName().startsWith("modbus-")) {
                    int call = pollingCalls.incrementAndGet();
                    if (call >= 3 && call <= 5) {
                        throw new IllegalStateException("clock glitch " + call);
                    }
                }
                return clock.instant();
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }
        };
        ModbusDriver driver = new ModbusDriver(MACHINE, endpoint(false), lines, glitching);
        toClose.add(0, driver);
        driver.subscribe(List.of(holding("counter", 0, "uint16", WordOrder.ABCD)), sink);
        driver.open();

        Await.until(WAIT, () -> pollingCalls.get() > 5, () -> "polls through the glitches");
        int after = sink.readingCount();
        sink.awaitReading(after, "counter", Reading::isGood, WAIT);
        sink.awaitReading(sink.readingCount(), "counter", Reading::isGood, WAIT);
        assertEquals(ConnectionState.CONNECTED, driver.health().state());
    }

    @Test
    void subscribeRejectsWhatCannotBeReadNamingTheSignal() {
        ModbusDriver driver = new ModbusDriver(MACHINE, endpoint(false), lines, clock);
        toClose.add(driver);
        ModbusSignal ok = holding("ok", 0, "uint16", WordOrder.ABCD);

        assertEquals("machine cnc-07: signal name 'ok' is used twice", assertThrows(IllegalArgumentException.class,
                () -> driver.subscribe(List.of(ok, ok), sink)).getMessage());
        assertRejected(driver, "signal 'long': a string(252) takes 126 registers, more than one Modbus read"
                + " returns (125)", holding("long", 0, "string(252)", WordOrder.ABCD));
        assertRejected(driver, "signal 'flag': scale, offset and deadband apply to numbers, not to a bool",
                new ModbusSignal("flag", RegisterArea.COIL, 0, ModbusType.parse("bool"), null, WordOrder.ABCD, 2, 0,
                        0));
        assertRejected(driver, "signal 'name': scale, offset and deadband apply to numbers, not to a string(4)",
                new ModbusSignal("name", RegisterArea.HOLDING_REGISTER, 0, ModbusType.parse("string(4)"), null,
                        WordOrder.ABCD, 1, 0, 0.5));
        assertRejected(driver, "signal 'zero': a scale of 0", new ModbusSignal("zero", RegisterArea.HOLDING_REGISTER,
                0, ModbusType.parse("int16"), null, WordOrder.ABCD, 0, 3, 0));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> driver.subscribe(List.of(), sink));
        assertEquals("machine cnc-07: no Modbus signals to poll", none.getMessage());

        IllegalArgumentException broadcast = assertThrows(IllegalArgumentException.class,
                () -> new ModbusDriver(MACHINE, ModbusEndpoint.of(tcp(true), 0), lines));
        assertTrue(broadcast.getMessage().contains("unit id 0 cannot be read over RTU"), broadcast.getMessage());
    }

    @Test
    void openNeverWaitsForTheNetworkAndCloseStopsTheThread() throws Exception {
        try (FakePeer silent = FakePeer.mbap(request -> FakePeer.Answer.SILENCE)) {
            ModbusEndpoint endpoint = new ModbusEndpoint(new ModbusTransport.Tcp("127.0.0.1", silent.port(), false),
                    1, FAST, Duration.ofSeconds(5), 3, 10, Duration.ofMinutes(1), WordOrder.ABCD);
            ModbusDriver driver = new ModbusDriver(MACHINE, endpoint, lines, clock);
            driver.subscribe(List.of(holding("x", 0, "uint16", WordOrder.ABCD)), sink);

            long start = System.nanoTime();
            driver.open();
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofMillis(500)) < 0);
            assertEquals(ConnectionState.CONNECTING, driver.health().state());
            Await.until(WAIT, () -> silent.requests() >= 1, () -> "the request reached the device");
            assertEquals(1, Threads.aliveAfter("modbus-" + MACHINE, Duration.ofMillis(1)).size());

            start = System.nanoTime();
            driver.close();
            Duration closing = Duration.ofNanos(System.nanoTime() - start);

            assertTrue(closing.compareTo(Duration.ofSeconds(3)) < 0, "close took " + closing);
            assertEquals(ConnectionState.CLOSED, driver.health().state());
            assertEquals(List.of(), Threads.aliveAfter("modbus-" + MACHINE, Duration.ofSeconds(1)));
            assertEquals(List.of(), sink.readings("x"), "no reading after close");
        }
    }

    private void assertRejected(ModbusDriver driver, String expected, ModbusSignal... signals) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> driver.subscribe(List.of(signals), sink));
        assertTrue(e.getMessage().startsWith("machine cnc-07, " + expected), e.getMessage());
    }

    /** Waits until the slave served this many more reads, proving the driver polled meanwhile. */
    private void awaitPolls(int polls) {
        int from = image.readCount();
        Await.until(WAIT, () -> image.readCount() >= from + polls, () -> "no polls");
    }

    private Object value(String signal) {
        Reading reading = sink.awaitReading(signal, r -> true, WAIT);
        assertEquals(Quality.GOOD, reading.quality(), reading.toString());
        return reading.value();
    }

    private void startSlave(boolean rtuOverTcp) {
        toClose.add(TestSlave.start(port, rtuOverTcp, 1, image));
    }

    private ModbusTransport.Tcp tcp(boolean rtuFraming) {
        return new ModbusTransport.Tcp("127.0.0.1", port, rtuFraming);
    }

    private ModbusEndpoint endpoint(boolean rtuFraming) {
        return new ModbusEndpoint(tcp(rtuFraming), 1, FAST, Duration.ofSeconds(1), 1, 10, Duration.ofMinutes(1),
                WordOrder.ABCD);
    }

    private ModbusDriver open(ModbusEndpoint endpoint, ModbusSignal... signals) {
        ModbusDriver driver = new ModbusDriver(MACHINE, endpoint, lines, clock);
        // Drivers close before the slave: added first, closed first.
        toClose.add(0, driver);
        driver.subscribe(List.of(signals), sink);
        driver.open();
        return driver;
    }

    private static ModbusSignal holding(String name, int address, String type, WordOrder order) {
        return new ModbusSignal(name, RegisterArea.HOLDING_REGISTER, address, ModbusType.parse(type), null, order, 1,
                0, 0);
    }
}
