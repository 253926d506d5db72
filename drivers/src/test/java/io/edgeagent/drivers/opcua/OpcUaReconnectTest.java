package io.edgeagent.drivers.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.drivers.ConnectionState;
import io.edgeagent.drivers.DriverHealth;
import io.edgeagent.drivers.Reading;
import io.edgeagent.drivers.sim.ImmNode;
import io.edgeagent.drivers.sim.ImmSimulator;
import io.edgeagent.drivers.sim.Phase;
import io.edgeagent.drivers.testsupport.RecordingSink;
import io.edgeagent.drivers.testsupport.TestSimulators;
import io.edgeagent.drivers.testsupport.Threads;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Machines that are off, go away and come back: each test owns its port and simulators. */
class OpcUaReconnectTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Milo's own reconnect backs off up to 16 s; a restart within a second is retried within a few. */
    private static final Duration RECONNECT_WAIT = Duration.ofSeconds(20);
    private static final String MACHINE = "imm-02";

    private final int port = ImmSimulator.freePort();
    private final String url = "opc.tcp://127.0.0.1:" + port + "/imm";
    private final RecordingSink sink = new RecordingSink();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        // Drivers first: closing a driver whose server is already gone waits out its disconnect timeout.
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
        assertEquals(List.of(), Threads.aliveAfter("opcua-", Duration.ofSeconds(2)));
        assertEquals(List.of(), Threads.aliveAfter("sim-" + MACHINE, Duration.ofSeconds(2)));
    }

    @Test
    void machineOffAtStartIsReportedThenReadWhenItComesUp() {
        OpcUaDriver driver = openDriver();

        DriverHealth down = sink.awaitHealth(0, ConnectionState.DISCONNECTED, WAIT);
        assertEquals("connection refused: " + url, down.lastError());

        startSimulator();
        sink.awaitHealth(0, ConnectionState.CONNECTED, WAIT);
        Reading cycles = sink.awaitReading("cycles", Reading::isGood, WAIT);
        assertEquals(Long.class, cycles.value().getClass());
        assertTrue(driver.health().isConnected());
    }

    @Test
    void readingsFlowAgainAfterTheServerRestarts() {
        ImmSimulator first = startSimulator();
        openDriver();
        sink.awaitHealth(0, ConnectionState.CONNECTED, WAIT);
        sink.awaitReading("cycles", r -> (Long) r.value() >= 1, WAIT);

        int beforeStop = sink.healthCount();
        first.stop();
        DriverHealth lost = sink.awaitHealth(beforeStop, ConnectionState.DISCONNECTED, WAIT);
        assertTrue(lost.lastError().contains(url), lost.lastError());

        // A new server knows nothing of the old session or subscription: the driver must build a new one.
        int beforeRestart = sink.readingCount();
        startSimulator();
        sink.awaitHealth(beforeStop, ConnectionState.CONNECTED, RECONNECT_WAIT);
        sink.awaitReading(beforeRestart, "cycles", r -> r.isGood() && (Long) r.value() >= 1, WAIT);
    }

    @Test
    void closeIsPromptWhileTheMachineIsOff() {
        OpcUaDriver driver = openDriver();
        sink.awaitHealth(0, ConnectionState.DISCONNECTED, WAIT);

        long start = System.nanoTime();
        driver.close();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "close took " + took);
        assertEquals(ConnectionState.CLOSED, driver.health().state());
    }

    @Test
    void neitherOpenNorCloseWaitsForAHostThatNeverAnswers() throws Exception {
        // Accepts TCP connections (the kernel does) but never says a word of OPC UA.
        toClose.add(new ServerSocket(port, 50, InetAddress.getLoopbackAddress()));

        long start = System.nanoTime();
        OpcUaDriver driver = openDriver();
        Duration opening = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(opening.compareTo(Duration.ofMillis(500)) < 0, "open took " + opening);
        assertEquals(ConnectionState.CONNECTING, driver.health().state());

        start = System.nanoTime();
        driver.close();
        Duration closing = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(closing.compareTo(Duration.ofSeconds(4)) < 0, "close took " + closing);
    }

    private OpcUaDriver openDriver() {
        OpcUaDriver driver = new OpcUaDriver(MACHINE, OpcUaEndpoint.of(url));
        toClose.add(driver);
        driver.subscribe(List.of(new OpcUaSignal("cycles", "nsu=" + ImmSimulator.NAMESPACE_URI + ";s=" + MACHINE
                + "/" + ImmNode.JOB_CYCLE_COUNTER.path(), Duration.ofMillis(100), 0)), sink);
        driver.open();
        return driver;
    }

    private ImmSimulator startSimulator() {
        ImmSimulator simulator = TestSimulators.started(MACHINE, port, Phase.PRODUCING);
        toClose.add(simulator);
        return simulator;
    }
}
