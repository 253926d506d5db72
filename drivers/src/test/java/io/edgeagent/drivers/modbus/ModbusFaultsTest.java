package io.edgeagent.drivers.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.drivers.ConnectionState;
import io.edgeagent.drivers.DriverHealth;
import io.edgeagent.drivers.Quality;
import io.edgeagent.drivers.Reading;
import io.edgeagent.drivers.ReadingSink;
import io.edgeagent.drivers.testsupport.Await;
import io.edgeagent.drivers.testsupport.RecordingSink;
import io.edgeagent.drivers.testsupport.Threads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Devices that go away, never answer, answer late or answer something else: each test owns its peers. */
class ModbusFaultsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration FAST = Duration.ofMillis(50);
    private static final ModbusSignal COUNTER = ModbusSignal.of("counter", RegisterArea.HOLDING_REGISTER, 0,
            ModbusType.parse("uint16"));

    private final RecordingSink sink = new RecordingSink();
    private final ModbusLines lines = new ModbusLines();
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
    void aDeviceThatStopsIsReportedDisconnectedAndReadAgainWhenItReturns() {
        int port = TestSlave.freePort();
        CountingProcessImage before = new CountingProcessImage(1, 4);
        before.holding(0, 7);
        TestSlave first = TestSlave.start(port, false, 1, before);
        ModbusDriver driver = open("press-1", endpoint(tcp(port), Duration.ofMillis(300), 1), sink, COUNTER);
        assertEquals(7L, sink.awaitReading("counter", Reading::isGood, WAIT).value());

        int healthBefore = sink.healthCount();
        int readingsBefore = sink.readingCount();
        first.close();
        DriverHealth lost = sink.awaitHealth(healthBefore, ConnectionState.DISCONNECTED, WAIT);
        assertTrue(lost.lastError().contains(tcp(port).describe()), lost.lastError());
        // j2mod's closing slave may first answer ILLEGAL_DATA_ADDRESS; then the connection goes and so does the value.
        Reading bad = sink.awaitReading(readingsBefore, "counter", r -> lost.lastError().equals(r.detail()), WAIT);
        assertEquals(Quality.BAD, bad.quality());

        CountingProcessImage after = new CountingProcessImage(1, 4);
        after.holding(0, 8);
        toClose.add(TestSlave.start(port, false, 1, after));
        sink.awaitHealth(healthBefore, ConnectionState.CONNECTED, WAIT);
        assertEquals(8L, sink.awaitReading(readingsBefore, "counter", Reading::isGood, WAIT).value());
        assertTrue(driver.health().isConnected());
    }

    @Test
    void aDeviceThatNeverAnswersDoesNotSlowDownAnother() throws Exception {
        CountingProcessImage image = new CountingProcessImage(1, 4);
        image.tickOnEveryRead(0);
        TestSlave healthy = TestSlave.start(TestSlave.freePort(), false, 1, image);
        toClose.add(healthy);
        FakePeer mute = FakePeer.mbap(request -> FakePeer.Answer.SILENCE);
        toClose.add(mute);

        // When the dead device's first timeout is over, count what the healthy one delivered meanwhile.
        AtomicInteger freshAtFirstTimeout = new AtomicInteger(-1);
        RecordingSink deadSink = new RecordingSink();
        ReadingSink watchingDead = onFirstDisconnect(deadSink,
                () -> freshAtFirstTimeout.compareAndSet(-1, sink.readingCount()));
        open("healthy", endpoint(tcp(healthy.port()), Duration.ofSeconds(1), 1), sink, COUNTER);
        open("dead", endpoint(tcp(mute.port()), Duration.ofSeconds(2), 0), watchingDead, COUNTER);

        DriverHealth dead = deadSink.awaitHealth(0, ConnectionState.DISCONNECTED, WAIT);
        assertEquals("no reply within 2000 ms: " + tcp(mute.port()).describe() + " unit 1", dead.lastError());
        // Polled every 50 ms for 2 s: about 40; a shared thread or lock would allow none.
        assertTrue(freshAtFirstTimeout.get() >= 10, "fresh readings meanwhile: " + freshAtFirstTimeout.get());
        assertTrue(sink.health().stream().allMatch(h -> h.state() != ConnectionState.DISCONNECTED));
    }

    static Stream<Arguments> strayReplies() {
        return Stream.of(
                Arguments.of("another transaction", (Stray) (request) -> FakePeer.mbapFrame(request.transactionId() + 1,
                        request.unitId(), FakePeer.registers(666))),
                Arguments.of("another unit", (Stray) (request) -> FakePeer.mbapFrame(request.transactionId(),
                        request.unitId() + 1, FakePeer.registers(666))),
                Arguments.of("another function", (Stray) (request) -> FakePeer.mbapFrame(request.transactionId(),
                        request.unitId(), 4, 2, 0x02, 0x9A)),
                Arguments.of("another length", (Stray) (request) -> FakePeer.mbapFrame(request.transactionId(),
                        request.unitId(), FakePeer.registers(666, 666))));
    }

    /** Builds a frame that must not be taken for the reply to {@code request}. */
    interface Stray {
        byte[] frame(FakePeer.Request request);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strayReplies")
    void aReplyThatDoesNotAnswerTheRequestIsDiscardedCountedAndRetried(String what, Stray stray) throws Exception {
        // The first connection gets the stray frame; the retry, on a fresh connection, gets the real answer.
        FakePeer peer = FakePeer.mbap(request -> FakePeer.Answer.now(request.connection() == 1 ? stray.frame(request)
                : FakePeer.mbapFrame(request.transactionId(), request.unitId(), FakePeer.registers(42))));
        toClose.add(peer);

        ModbusDriver driver = open("lathe-" + what.replace(' ', '-'),
                endpoint(tcp(peer.port()), Duration.ofSeconds(1), 1), sink, COUNTER);

        Reading reading = sink.awaitReading("counter", r -> true, WAIT);
        assertEquals(42L, reading.value());
        assertEquals(1, driver.rejectedReplies());
        assertTrue(sink.readings("counter").stream().noneMatch(r -> Long.valueOf(666).equals(r.value())));
        assertTrue(sink.health().stream().noneMatch(h -> h.state() == ConnectionState.DISCONNECTED));
    }

    @Test
    void aDeviceThatOnlyAnswersOtherTransactionsCountsAsUnreachable() throws Exception {
        FakePeer peer = FakePeer.mbap(request -> FakePeer.Answer.now(FakePeer.mbapFrame(request.transactionId() - 1,
                request.unitId(), FakePeer.registers(666))));
        toClose.add(peer);
        AtomicLong rejectedWhenLost = new AtomicLong();
        ModbusDriver driver = new ModbusDriver("mill-3", endpoint(tcp(peer.port()), Duration.ofSeconds(1), 2), lines);
        toClose.add(0, driver);
        driver.subscribe(List.of(COUNTER), onFirstDisconnect(sink,
                () -> rejectedWhenLost.set(driver.rejectedReplies())));

        driver.open();

        DriverHealth lost = sink.awaitHealth(0, ConnectionState.DISCONNECTED, WAIT);
        assertEquals("rejected a reply that does not match the request (transaction id 2, expected 3): "
                + tcp(peer.port()).describe() + " unit 1", lost.lastError());
        assertEquals(3, rejectedWhenLost.get(), "one per attempt: the first and two retries");
        assertTrue(sink.readings("counter").stream().noneMatch(Reading::isGood));
    }

    @Test
    void aLateReplyIsNeverTakenForTheAnswerToTheNextRequest() throws Exception {
        // The first request is answered after the timeout with 666; every later one at once with 42.
        FakePeer peer = FakePeer.mbap(request -> request.connection() == 1 && request.number() == 1
                ? new FakePeer.Answer(FakePeer.mbapFrame(request.transactionId(), request.unitId(),
                        FakePeer.registers(666)), 400)
                : FakePeer.Answer.now(FakePeer.mbapFrame(request.transactionId(), request.unitId(),
                        FakePeer.registers(42))));
        toClose.add(peer);

        open("saw-1", endpoint(tcp(peer.port()), Duration.ofMillis(200), 1), sink, COUNTER);

        assertEquals(42L, sink.awaitReading("counter", r -> true, WAIT).value());
        Await.until(WAIT, () -> peer.requests() >= 6, () -> "polls after the late reply");
        assertTrue(sink.readings("counter").stream().noneMatch(r -> Long.valueOf(666).equals(r.value())),
                sink.readings("counter").toString());
    }

    @Test
    void aGatewayWhoseDeviceDoesNotAnswerMakesTheDeviceUnreachable() throws Exception {
        FakePeer gateway = FakePeer.mbap(request -> FakePeer.Answer.now(FakePeer.mbapFrame(request.transactionId(),
                request.unitId(), 0x83, 0x0B)));
        toClose.add(gateway);
        AtomicInteger requestsWhenLost = new AtomicInteger();

        open("dryer-2", endpoint(tcp(gateway.port()), Duration.ofSeconds(1), 1),
                onFirstDisconnect(sink, () -> requestsWhenLost.set(gateway.requests())), COUNTER);

        DriverHealth lost = sink.awaitHealth(0, ConnectionState.DISCONNECTED, WAIT);
        assertEquals("GATEWAY_TARGET_DEVICE_FAILED_TO_RESPOND (exception 11): " + tcp(gateway.port()).describe()
                + " unit 1", lost.lastError());
        assertEquals(2, requestsWhenLost.get(), "the first attempt and one retry");
    }

    @Test
    void aDeadUnitOnASharedLineIsPolledLessOftenSoTheOthersKeepTheLine() throws Exception {
        // An RTU line through a gateway: unit 1 answers, unit 2 is switched off.
        AtomicInteger unit1Requests = new AtomicInteger();
        AtomicInteger unit2Requests = new AtomicInteger();
        FakePeer line = FakePeer.rtu(request -> {
            if (request.unitId() == 1) {
                unit1Requests.incrementAndGet();
                return FakePeer.Answer.now(FakePeer.rtuFrame(1, FakePeer.registers(5)));
            }
            unit2Requests.incrementAndGet();
            return FakePeer.Answer.SILENCE;
        });
        toClose.add(line);
        ModbusTransport.Tcp transport = new ModbusTransport.Tcp("127.0.0.1", line.port(), true);
        PollLoop loop = new PollLoop("modbus-shared-test", Link.of(transport));
        RecordingSink sink2 = new RecordingSink();
        DevicePoller alive = poller("unit-1", transport, 1, sink);
        DevicePoller dead = poller("unit-2", transport, 2, sink2);
        try {
            loop.add(alive);
            loop.add(dead);

            Await.until(WAIT, () -> unit1Requests.get() >= 30, () -> "unit 1 polled " + unit1Requests.get());
            // Polled like unit 1 it would take 2 attempts per 50 ms; down, it gets one per back-off (1 s, 2 s...).
            assertTrue(unit2Requests.get() <= 6, "unit 2 requests: " + unit2Requests.get());
            assertTrue(unit2Requests.get() >= 2, "unit 2 was tried: " + unit2Requests.get());
            assertEquals(ConnectionState.DISCONNECTED, sink2.awaitHealth(0, ConnectionState.DISCONNECTED, WAIT)
                    .state());
        } finally {
            loop.stop();
        }
    }

    /** Passes everything on, and runs {@code action} on the polling thread when the device is first lost. */
    private static ReadingSink onFirstDisconnect(RecordingSink target, Runnable action) {
        AtomicInteger disconnects = new AtomicInteger();
        return new ReadingSink() {
            @Override
            public void onReading(Reading reading) {
                target.onReading(reading);
            }

            @Override
            public void onHealth(String machineId, DriverHealth health) {
                if (health.state() == ConnectionState.DISCONNECTED && disconnects.getAndIncrement() == 0) {
                    action.run();
                }
                target.onHealth(machineId, health);
            }
        };
    }

    private static DevicePoller poller(String machine, ModbusTransport transport, int unit, ReadingSink target) {
        ModbusEndpoint endpoint = new ModbusEndpoint(transport, unit, FAST, Duration.ofMillis(150), 1, 10,
                Duration.ofMinutes(1), WordOrder.ABCD);
        return new DevicePoller(machine, endpoint, List.of(COUNTER), Clock.systemUTC(), new DevicePoller.Listener() {
            @Override
            public void reading(Reading reading) {
                target.onReading(reading);
            }

            @Override
            public void state(ConnectionState state, String fault) {
                target.onHealth(machine, new DriverHealth(state, Instant.now(), fault));
            }
        }, () -> 0.5);
    }

    private ModbusDriver open(String machine, ModbusEndpoint endpoint, ReadingSink target, ModbusSignal... signals) {
        ModbusDriver driver = new ModbusDriver(machine, endpoint, lines);
        toClose.add(0, driver);
        driver.subscribe(List.of(signals), target);
        driver.open();
        return driver;
    }

    private static ModbusTransport.Tcp tcp(int port) {
        return new ModbusTransport.Tcp("127.0.0.1", port, false);
    }

    private static ModbusEndpoint endpoint(ModbusTransport transport, Duration timeout, int retries) {
        return new ModbusEndpoint(transport, 1, FAST, timeout, retries, 10, Duration.ofMinutes(1), WordOrder.ABCD);
    }
}
