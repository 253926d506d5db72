package io.edgeagent.drivers.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.context.Context;
import io.edgeagent.drivers.ConnectionState;
import io.edgeagent.drivers.DriverHealth;
import io.edgeagent.drivers.Reading;
import io.edgeagent.drivers.testsupport.RecordingSink;
import io.edgeagent.drivers.testsupport.TestClock;
import io.edgeagent.drivers.testsupport.Threads;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The driver on Pi4J's mock platform, whose inputs fire their listeners synchronously when the test sets them. */
class GpioDriverTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration FAST = Duration.ofMillis(50);
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    private static final String THREADS = "gpio-gt-";

    private final TestClock clock = new TestClock(T0);
    private final List<GpioDriver> drivers = new ArrayList<>();
    private Context context;
    private GpioBoard board;

    @BeforeEach
    void mockBoard() {
        context = MockGpio.context();
        board = MockGpio.board(context);
    }

    @AfterEach
    void closeAll() {
        drivers.forEach(GpioDriver::close);
        board.close();
        assertEquals(List.of(), Threads.aliveAfter(THREADS, Duration.ofSeconds(2)));
    }

    @Test
    void reportsEveryInputOnceWhenOpened() {
        RecordingSink sink = new RecordingSink();
        GpioDriver driver = driver("gt-press", sink,
                new GpioSignal("fault", 17, Pull.UP, true, Duration.ZERO, InputMode.LEVEL),
                new GpioSignal("green", 27, Pull.DOWN, false, Duration.ZERO, InputMode.LEVEL),
                new GpioSignal("cycle", 22, Pull.DOWN, false, Duration.ZERO, InputMode.PULSES));

        driver.open();

        sink.awaitHealth(0, ConnectionState.CONNECTED, WAIT);
        Reading fault = sink.awaitReading("fault", r -> true, WAIT);
        assertEquals(true, fault.value(), "a pulled-up active-low contact reading low is active");
        assertEquals(T0, fault.sourceTime());
        assertEquals("gt-press", fault.machineId());
        assertTrue(fault.isGood());
        assertEquals(false, sink.awaitReading("green", r -> true, WAIT).value());
        assertEquals(0L, sink.awaitReading("cycle", r -> true, WAIT).value());
        assertEquals(List.of(ConnectionState.CONNECTING, ConnectionState.CONNECTED),
                sink.health().stream().map(DriverHealth::state).toList());
        assertTrue(driver.health().isConnected());
        assertNull(driver.health().lastError());
    }

    @Test
    void reportsAChangeOnlyOnceItHeldForTheDebounceTimeStampedWithItsEdge() {
        RecordingSink sink = new RecordingSink();
        GpioDriver driver = driver("gt-light", sink,
                new GpioSignal("red", 5, Pull.DOWN, false, Duration.ofMillis(200), InputMode.LEVEL));
        driver.open();
        sink.awaitReading("red", r -> r.value().equals(false), WAIT);

        Instant edge = T0.plusSeconds(1);
        clock.set(edge);
        long changed = System.nanoTime();
        MockGpio.set(context, 5, true);
        clock.set(edge.plusSeconds(1));
        assertEquals(1, sink.readings("red").size(), "not reported before the debounce time");

        Reading red = sink.awaitReading("red", r -> r.value().equals(true), WAIT);
        assertTrue(System.nanoTime() - changed >= Duration.ofMillis(200).toNanos(), "reported after 200 ms");
        assertEquals(edge, red.sourceTime(), "stamped when the level was first seen, not when it was confirmed");
    }

    @Test
    void ignoresBounceShorterThanTheDebounceTime() {
        RecordingSink sink = new RecordingSink();
        Duration debounce = Duration.ofMillis(100);
        GpioDriver driver = driver("gt-bounce", sink,
                new GpioSignal("fault", 5, Pull.DOWN, false, debounce, InputMode.LEVEL),
                new GpioSignal("marker", 6, Pull.DOWN, false, debounce, InputMode.LEVEL));
        driver.open();
        sink.awaitReading("fault", r -> true, WAIT);
        sink.awaitReading("marker", r -> true, WAIT);

        MockGpio.set(context, 5, true);
        MockGpio.set(context, 5, false);
        // Same debounce, later edge: once the marker is confirmed, the blip's confirmation has run too.
        MockGpio.set(context, 6, true);
        sink.awaitReading("marker", r -> r.value().equals(true), WAIT);

        assertEquals(List.of(false), values(sink, "fault"));
    }

    @Test
    void countsPulses() {
        RecordingSink sink = new RecordingSink();
        GpioDriver driver = driver("gt-cycles", sink,
                new GpioSignal("cycle", 22, Pull.DOWN, false, Duration.ZERO, InputMode.PULSES));
        driver.open();
        sink.awaitReading("cycle", r -> true, WAIT);

        for (int i = 0; i < 3; i++) {
            MockGpio.set(context, 22, true);
            MockGpio.set(context, 22, false);
        }

        sink.awaitReading("cycle", r -> r.value().equals(3L), WAIT);
        assertEquals(List.of(0L, 1L, 2L, 3L), values(sink, "cycle"));
    }

    @Test
    void pollingFollowsInputsWhoseEventsNeverCome() {
        FaultyInputProvider silent = new FaultyInputProvider(true);
        useBoard(silent);
        RecordingSink sink = new RecordingSink();
        GpioDriver driver = driver("gt-silent", sink,
                new GpioSignal("fault", 5, Pull.DOWN, false, Duration.ofMillis(20), InputMode.LEVEL),
                new GpioSignal("cycle", 6, Pull.DOWN, false, Duration.ofMillis(20), InputMode.PULSES));
        driver.open();
        sink.awaitReading("fault", r -> true, WAIT);
        sink.awaitReading("cycle", r -> true, WAIT);

        MockGpio.set(context, 5, true);
        MockGpio.set(context, 6, true);

        sink.awaitReading("fault", r -> r.value().equals(true), WAIT);
        sink.awaitReading("cycle", r -> r.value().equals(1L), WAIT);
        assertEquals(List.of(false, true), values(sink, "fault"));
    }

    @Test
    void machinesShareTheBoardAndReadOnlyTheirOwnPins() {
        RecordingSink pressSink = new RecordingSink();
        RecordingSink latheSink = new RecordingSink();
        GpioDriver press = driver("gt-press-a", pressSink,
                new GpioSignal("cycle", 5, Pull.DOWN, false, Duration.ZERO, InputMode.PULSES));
        GpioDriver lathe = driver("gt-lathe-b", latheSink,
                new GpioSignal("cycle", 6, Pull.DOWN, false, Duration.ZERO, InputMode.PULSES));
        press.open();
        lathe.open();
        pressSink.awaitReading("cycle", r -> true, WAIT);
        latheSink.awaitReading("cycle", r -> true, WAIT);

        MockGpio.set(context, 5, true);
        MockGpio.set(context, 6, true);
        MockGpio.set(context, 6, false);
        MockGpio.set(context, 6, true);

        pressSink.awaitReading("cycle", r -> r.value().equals(1L), WAIT);
        latheSink.awaitReading("cycle", r -> r.value().equals(2L), WAIT);
        assertEquals(List.of(0L, 1L), values(pressSink, "cycle"));
        assertTrue(pressSink.readings("cycle").stream().allMatch(r -> r.machineId().equals("gt-press-a")));
        assertTrue(latheSink.readings("cycle").stream().allMatch(r -> r.machineId().equals("gt-lathe-b")));
        assertEquals(Map.of(5, "gt-press-a", 6, "gt-lathe-b"), board.claimedPins());
    }

    @Test
    void aPinHeldByAnotherMachineIsRefusedNamingBoth() {
        driver("gt-press-a", new RecordingSink(),
                new GpioSignal("cycle", 5, Pull.DOWN, false, Duration.ZERO, InputMode.PULSES));
        GpioDriver other = new GpioDriver("gt-press-b", board, clock);
        drivers.add(other);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> other.subscribe(List.of(
                new GpioSignal("light", 6, Pull.DOWN, false, Duration.ZERO, InputMode.LEVEL),
                new GpioSignal("fault", 5, Pull.UP, true, Duration.ZERO, InputMode.LEVEL)), new RecordingSink()));

        assertEquals("machine gt-press-b, signal 'fault': pin 5 is already used by machine gt-press-a"
                + " (signal 'cycle')", e.getMessage());
        assertEquals(Map.of(5, "gt-press-a"), board.claimedPins());
    }

    @Test
    void aPinOrNameUsedTwiceInOneMachineIsRefused() {
        GpioDriver driver = new GpioDriver("gt-dup", board, clock);
        drivers.add(driver);
        GpioSignal fault = new GpioSignal("fault", 5, Pull.UP, true, Duration.ZERO, InputMode.LEVEL);

        IllegalArgumentException samePin = assertThrows(IllegalArgumentException.class, () -> driver.subscribe(
                List.of(fault, new GpioSignal("alarm", 5, Pull.UP, true, Duration.ZERO, InputMode.LEVEL)),
                new RecordingSink()));
        assertEquals("machine gt-dup: signals 'fault' and 'alarm' both use pin 5", samePin.getMessage());

        IllegalArgumentException sameName = assertThrows(IllegalArgumentException.class, () -> driver.subscribe(
                List.of(fault, new GpioSignal("fault", 6, Pull.UP, true, Duration.ZERO, InputMode.LEVEL)),
                new RecordingSink()));
        assertEquals("machine gt-dup: signal name 'fault' is used twice", sameName.getMessage());
        assertEquals(Map.of(), board.claimedPins());
    }

    @Test
    void closeStopsTheThreadAndReleasesThePinsForTheNextMachine() {
        FaultyInputProvider provider = new FaultyInputProvider(false);
        useBoard(provider);
        RecordingSink sink = new RecordingSink();
        GpioDriver driver = driver("gt-closer", sink,
                new GpioSignal("cycle", 5, Pull.DOWN, false, Duration.ZERO, InputMode.PULSES),
                new GpioSignal("fault", 6, Pull.UP, true, Duration.ofMillis(5), InputMode.LEVEL));
        driver.open();
        sink.awaitHealth(0, ConnectionState.CONNECTED, WAIT);
        assertTrue(threadAlive("gpio-gt-closer"));
        assertEquals(1, provider.listeners(5));

        long start = System.nanoTime();
        driver.close();
        driver.close();

        assertTrue(System.nanoTime() - start < Duration.ofSeconds(3).toNanos(), "close returns within seconds");
        assertEquals(ConnectionState.CLOSED, driver.health().state());
        assertEquals(ConnectionState.CLOSED, sink.health().get(sink.health().size() - 1).state());
        assertEquals(List.of(), Threads.aliveAfter("gpio-gt-closer", Duration.ofSeconds(2)));
        assertEquals(Map.of(), board.claimedPins());
        assertEquals(0, provider.listeners(5), "detached from the pin");
        assertEquals(0, provider.listeners(6), "detached from the pin");
        int readingsAtClose = sink.readingCount();

        RecordingSink nextSink = new RecordingSink();
        GpioDriver next = driver("gt-successor", nextSink,
                new GpioSignal("stroke", 5, Pull.DOWN, false, Duration.ZERO, InputMode.PULSES));
        next.open();
        nextSink.awaitReading("stroke", r -> true, WAIT);
        MockGpio.set(context, 5, true);

        nextSink.awaitReading("stroke", r -> r.value().equals(1L), WAIT);
        assertEquals(readingsAtClose, sink.readingCount(), "a closed driver reports nothing more");
        assertEquals(1, provider.listeners(5), "the next machine listens on the input the first one opened");
    }

    @Test
    void closingADriverThatNeverOpenedReleasesItsPins() {
        GpioDriver driver = driver("gt-idle", new RecordingSink(),
                new GpioSignal("cycle", 5, Pull.DOWN, false, Duration.ZERO, InputMode.PULSES));
        assertEquals(Map.of(5, "gt-idle"), board.claimedPins());

        driver.close();

        assertEquals(Map.of(), board.claimedPins());
        assertEquals(ConnectionState.CLOSED, driver.health().state());
    }

    @Test
    void aBusyPinDisconnectsWithAReasonNamingItUntilItFrees() {
        FaultyInputProvider provider = new FaultyInputProvider(false);
        provider.busy.add(9);
        useBoard(provider);
        RecordingSink sink = new RecordingSink();
        GpioDriver driver = driver("gt-busy", sink,
                new GpioSignal("fault", 9, Pull.UP, true, Duration.ZERO, InputMode.LEVEL),
                new GpioSignal("green", 10, Pull.DOWN, false, Duration.ZERO, InputMode.LEVEL));

        driver.open();

        DriverHealth down = sink.awaitHealth(0, ConnectionState.DISCONNECTED, WAIT);
        assertEquals("pin 9 (signal 'fault'): cannot open: c_gpiod_line_request_both_edges_events_flags failed: -1"
                + " (Device or resource busy)", down.lastError());
        assertEquals(false, sink.awaitReading("green", r -> true, WAIT).value(), "the other pins keep reporting");
        assertFalse(driver.health().isConnected());

        int mark = sink.healthCount();
        provider.busy.remove(9);

        sink.awaitHealth(mark, ConnectionState.CONNECTED, WAIT);
        assertEquals(true, sink.awaitReading("fault", r -> true, WAIT).value());
    }

    @Test
    void openNeedsSubscribeAndBothHappenOnce() {
        GpioDriver driver = new GpioDriver("gt-order", board, clock);
        drivers.add(driver);
        assertThrows(IllegalStateException.class, driver::open);

        driver.subscribe(List.of(), new RecordingSink());
        assertThrows(IllegalStateException.class, () -> driver.subscribe(List.of(), new RecordingSink()));
        driver.open();
        assertThrows(IllegalStateException.class, driver::open);
    }

    private GpioDriver driver(String machineId, RecordingSink sink, GpioSignal... signals) {
        GpioDriver driver = new GpioDriver(machineId, board, clock, FAST, FAST);
        drivers.add(driver);
        driver.subscribe(List.of(signals), sink);
        return driver;
    }

    private void useBoard(FaultyInputProvider provider) {
        board.close();
        context = MockGpio.context(provider);
        board = GpioBoard.using(context, FaultyInputProvider.ID);
    }

    private static List<Object> values(RecordingSink sink, String signal) {
        return sink.readings(signal).stream().map(Reading::value).toList();
    }

    private static boolean threadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }
}
