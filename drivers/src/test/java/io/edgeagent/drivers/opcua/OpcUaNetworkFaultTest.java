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
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The network between the agent and a live server fails and comes back, the server never restarting: a path
 * that drops everything while the connections stay open (blackhole), and one that resets every connection. Once
 * the path is back, values must flow again by themselves within a bound set by the keep-alive and Milo's
 * reconnect back-off; found by a soak through a TCP fault proxy, where the driver said "subscription kept" and no
 * value ever came again.
 *
 * <p>Short settings by default so the test takes seconds; the soak's are {@code -Dfault.keepAliveMs=10000
 * -Dfault.failedAttempts=3 -Dfault.reconnectSeconds=30} (a few minutes).
 */
class OpcUaNetworkFaultTest {

    private static final String MACHINE = "imm-07";
    private static final Duration KEEP_ALIVE = Duration.ofMillis(Long.getLong("fault.keepAliveMs", 500));
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** How many of the driver's reconnect attempts the outage outlasts. */
    private static final int FAILED_ATTEMPTS = Integer.getInteger("fault.failedAttempts", 1);
    /**
     * After the path is back: Milo's next reconnect attempt (its back-off reaches 8 s after a few failed ones),
     * a connect and session within request timeouts, then at most one watchdog period (1.5 keep-alives) before a
     * subscription that does not publish is rebuilt.
     */
    private static final Duration RECOVERY = Duration.ofSeconds(Long.getLong("fault.reconnectSeconds", 8))
            .plus(REQUEST_TIMEOUT.multipliedBy(4)).plus(KEEP_ALIVE.multipliedBy(4));

    private final ImmSimulator simulator = TestSimulators.started(MACHINE, ImmSimulator.freePort(), Phase.PRODUCING);
    private final RecordingSink sink = new RecordingSink();
    private SilentProxy proxy;
    private OpcUaDriver driver;

    @AfterEach
    void closeAll() throws Exception {
        if (driver != null) {
            driver.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        simulator.close();
        assertEquals(List.of(), Threads.aliveAfter("opcua-", Duration.ofSeconds(2)));
        assertEquals(List.of(), Threads.aliveAfter("proxy-", Duration.ofSeconds(2)));
    }

    @Test
    void valuesFlowAgainAfterABlackholeEnds() throws Exception {
        long before = connectThroughProxy();

        int connected = sink.healthCount();
        proxy.blackhole(true);
        // The outage lasts until the driver has seen it: Milo keeps its channel through a blackhole rather than
        // dialling again, so no reconnect attempt marks it, as one does under a reset.
        DriverHealth lost = sink.awaitHealth(connected, ConnectionState.DISCONNECTED, RECOVERY);
        assertTrue(lost.lastError().contains(endpointUrl()), lost.lastError());
        proxy.blackhole(false);

        assertValuesFlowAgain(connected, before);
    }

    @Test
    void valuesFlowAgainAfterTheConnectionIsResetAndRefusedForAWhile() throws Exception {
        long before = connectThroughProxy();

        int connected = resetAndRefuseUntilAReconnectFails(() -> { });

        assertValuesFlowAgain(connected, before);
    }

    /**
     * The server drops the subscription while the path is down but keeps the session: the session is reactivated
     * with the subscription "kept" by the client's account, and only a check that publishes resume can tell.
     * A reset, not a blackhole, so that the session is seen lost before any watchdog fires.
     */
    @Test
    void aSubscriptionTheServerLostDuringTheOutageIsRebuiltAfterIt() throws Exception {
        long before = connectThroughProxy();

        int connected = resetAndRefuseUntilAReconnectFails(() -> assertEquals(1, simulator.dropSubscriptions()));

        assertValuesFlowAgain(connected, before);
    }

    /**
     * A value that does not change while the path is down is delivered again once it is back: the agent forgets a
     * machine's values when its driver disconnects, and a kept subscription reports only changes, so without a
     * fresh read a machine whose mode stayed the same would stay unknown (OFFLINE) for as long as it stays so. A new
     * subscription's items first queue their current value (OPC 10000-4 1.05, 7.25.2, DataChangeNotification).
     * Found by the soak: a machine OFFLINE for good after a reset path, its driver "reconnected, subscription kept".
     */
    @Test
    void aValueThatDidNotChangeIsDeliveredAgainAfterTheSessionIsReactivated() throws Exception {
        connectThroughProxy();
        Reading first = sink.awaitReading("mode", Reading::isGood, WAIT);

        int connected = sink.healthCount();
        proxy.reset();
        sink.awaitHealth(connected, ConnectionState.DISCONNECTED, WAIT);
        int lost = sink.readingCount();
        int disconnected = sink.healthCount();

        sink.awaitHealth(disconnected, ConnectionState.CONNECTED, RECOVERY);
        Reading again = sink.awaitReading(lost, "mode", Reading::isGood, RECOVERY);
        assertEquals(first.value(), again.value());
    }

    /** Connects through a new proxy and returns a cycle count read through it. */
    private long connectThroughProxy() throws Exception {
        proxy = new SilentProxy("127.0.0.1", simulator.port());
        driver = new OpcUaDriver(MACHINE, OpcUaEndpoint.of(endpointUrl()).withRequestTimeout(REQUEST_TIMEOUT),
                MachineRoot.OBJECTS, KEEP_ALIVE);
        driver.subscribe(List.of(new OpcUaSignal("cycles", simulator.nodeId(ImmNode.JOB_CYCLE_COUNTER),
                Duration.ofMillis(100), 0), new OpcUaSignal("mode", simulator.nodeId(ImmNode.MACHINE_MODE),
                Duration.ofMillis(100), 0)), sink);
        driver.open();
        sink.awaitHealth(0, ConnectionState.CONNECTED, WAIT);
        return (Long) sink.awaitReading("cycles", r -> r.isGood() && (Long) r.value() >= 1, WAIT).value();
    }

    /**
     * Values arrive again after the path is back, and keep arriving: a subscription that delivers what the server
     * queued and then falls silent fails here. The counter must reach what the simulator counts one whole recovery
     * period after the restore, which only a subscription that is live by then can deliver.
     */
    private void assertValuesFlowAgain(int connected, long before) {
        long atRestore = simulator.cycleCount();
        long later = atRestore + RECOVERY.toMillis() / TestSimulators.CYCLE.toMillis();
        sink.awaitHealth(connected, ConnectionState.CONNECTED, RECOVERY);
        Reading last = sink.awaitReading(0, "cycles", r -> r.isGood() && (Long) r.value() >= later,
                RECOVERY.plus(WAIT));
        assertTrue((Long) last.value() > before, "cycle counter went on: " + last.value());
        assertEquals(ConnectionState.CONNECTED, driver.health().state());
    }

    /**
     * Resets every connection and refuses new ones, runs {@code duringOutage} once the driver has seen the loss, and
     * lifts the outage once a reconnect attempt met it; returns the health count before the outage.
     */
    private int resetAndRefuseUntilAReconnectFails(Runnable duringOutage) throws InterruptedException {
        int connected = sink.healthCount();
        int attempts = proxy.attempts();
        proxy.refuse(true);
        proxy.reset();
        sink.awaitHealth(connected, ConnectionState.DISCONNECTED, WAIT);
        duringOutage.run();
        holdOutageUntilAReconnectFails(attempts);
        proxy.refuse(false);
        return connected;
    }

    /**
     * The outage lasts until the driver has tried to reconnect through it ({@code fault.failedAttempts} times),
     * and the path it met failed the attempt, so recovery is from failed attempts, as on a real network.
     */
    private void holdOutageUntilAReconnectFails(int attemptsBefore) throws InterruptedException {
        assertTrue(proxy.awaitAttempts(attemptsBefore + FAILED_ATTEMPTS, RECOVERY.multipliedBy(FAILED_ATTEMPTS)),
                "the driver tried to reconnect " + FAILED_ATTEMPTS + " times during the outage");
    }

    private String endpointUrl() {
        return "opc.tcp://127.0.0.1:" + proxy.port() + "/imm";
    }
}
