package io.edgeagent.drivers.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.drivers.ConnectionState;
import io.edgeagent.drivers.Quality;
import io.edgeagent.drivers.Reading;
import io.edgeagent.drivers.opcua.OpcUaSignal.Deadband;
import io.edgeagent.drivers.sim.ImmNode;
import io.edgeagent.drivers.sim.ImmSimulator;
import io.edgeagent.drivers.sim.Phase;
import io.edgeagent.drivers.testsupport.RecordingSink;
import io.edgeagent.drivers.testsupport.TestSimulators;
import io.edgeagent.drivers.testsupport.Threads;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DataChangeTrigger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DeadbandType;
import org.eclipse.milo.opcua.stack.core.types.structured.DataChangeFilter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Per-signal queue size and deadband as the server receives them. The simulator's variables are plain
 * variables without an EURange, so a percent deadband is refused there; its accepted path needs an
 * AnalogItemType node, which the simulator does not have.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubscriptionSettingsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration FAST = Duration.ofMillis(100);
    private static final String MACHINE = "imm-settings";
    /** What Milo's server answers for a percent deadband on a node that is not an AnalogItemType with EURange. */
    private static final String REFUSED = "Bad_MonitoredItemFilterUnsupported";

    private ImmSimulator simulator;

    @BeforeAll
    void startSimulator() {
        simulator = TestSimulators.started(MACHINE, ImmSimulator.freePort(), Phase.PRODUCING);
    }

    @AfterAll
    void stopSimulator() {
        simulator.close();
        assertEquals(List.of(), Threads.aliveAfter("sim-" + MACHINE, Duration.ofSeconds(2)));
    }

    @Test
    void percentDeadbandWithoutEuRangeGivesThatSignalABadReadingAndTheOthersDeliver() {
        String mould = simulator.nodeId(ImmNode.MOULD_TEMPERATURE);
        RecordingSink sink = new RecordingSink();
        OpcUaDriver driver = new OpcUaDriver(MACHINE, OpcUaEndpoint.of(simulator.endpointUrl()));
        try {
            driver.subscribe(List.of(
                    new OpcUaSignal("mould-percent", mould, FAST, Deadband.percent(2), 1),
                    new OpcUaSignal("mould", mould, FAST, Deadband.absolute(0.1), 4),
                    new OpcUaSignal("cycles", simulator.nodeId(ImmNode.JOB_CYCLE_COUNTER), FAST, 0)), sink);
            driver.open();

            Reading refused = sink.awaitReading("mould-percent", r -> true, WAIT);
            assertEquals(Quality.BAD, refused.quality());
            assertEquals(REFUSED, refused.detail());
            assertNull(refused.value());
            assertEquals(Quality.GOOD, sink.awaitReading("mould", r -> true, WAIT).quality());
            long first = (Long) sink.awaitReading("cycles", r -> r.quality() == Quality.GOOD, WAIT).value();
            sink.awaitReading("cycles", r -> (Long) r.value() > first, WAIT);
            assertEquals(ConnectionState.CONNECTED, driver.health().state());
            assertEquals(1, sink.readings("mould-percent").size(), "refused once, not retried: " + sink.readings(
                    "mould-percent"));
        } finally {
            driver.close();
        }
    }

    @Test
    void queueSizeDiscardOldestAndDeadbandReachTheServer() throws Exception {
        OpcUaSignal cycles = new OpcUaSignal("cycles", simulator.nodeId(ImmNode.JOB_CYCLE_COUNTER), FAST,
                Deadband.absolute(0), 25);
        OpcUaSignal mould = OpcUaSignal.of("mould", simulator.nodeId(ImmNode.MOULD_TEMPERATURE));
        OpcUaSignal melt = new OpcUaSignal("melt", simulator.nodeId(ImmNode.MELT_TEMPERATURE), FAST,
                Deadband.absolute(0.5), 3);
        OpcUaSignal clamp = new OpcUaSignal("clamp", simulator.nodeId(ImmNode.CLAMP_FORCE), FAST,
                Deadband.percent(5), 3);
        OpcUaThreads threads = new OpcUaThreads();
        OpcUaClient client = ClientFactory.create(MACHINE, OpcUaEndpoint.of(simulator.endpointUrl()), null,
                ClientFactory.identity(null), threads);
        client.connect();
        try {
            SignalSubscription created = SignalSubscription.create(client,
                    new NodeResolver(client, client.readNamespaceTable(), List.of()),
                    new NodeResolver.Found(NodeIds.ObjectsFolder, ""), List.of(cycles, mould, melt, clamp), OpcUaDriver.KEEP_ALIVE, (signal, value) -> { },
                    new OpcUaSubscription.SubscriptionListener() { }, () -> { }, List.of());

            assertEquals(List.of(new SignalSubscription.Rejected(clamp, REFUSED)), created.rejected());
            assertEquals(3, created.monitored());
            OpcUaSubscription subscription = client.getSubscriptions().get(0);
            Map<String, OpcUaMonitoredItem> items = subscription.getMonitoredItems().stream().collect(
                    Collectors.toMap(item -> item.getReadValueId().getNodeId().getIdentifier().toString(),
                            Function.identity()));
            assertEquals(3, items.size(), "the refused item is not kept: " + items.keySet());
            OpcUaMonitoredItem cyclesItem = items.get(identifier(cycles));
            assertEquals(Optional.of(uint(25)), cyclesItem.getRevisedQueueSize());
            assertTrue(cyclesItem.getDiscardOldest());
            assertNull(cyclesItem.getFilter(), "a zero deadband sends no filter");
            assertEquals(Optional.of(uint(1)), items.get(identifier(mould)).getRevisedQueueSize());
            OpcUaMonitoredItem meltItem = items.get(identifier(melt));
            assertEquals(Optional.of(uint(3)), meltItem.getRevisedQueueSize());
            assertEquals(new DataChangeFilter(DataChangeTrigger.StatusValue, uint(DeadbandType.Absolute.getValue()),
                    0.5), meltItem.getFilter());
            created.delete(Duration.ofSeconds(2));
        } finally {
            client.disconnect();
            threads.close();
        }
    }

    @Test
    void percentDeadbandIsSentAsAPercentFilterAndZeroAsNone() {
        assertEquals(Optional.of(new DataChangeFilter(DataChangeTrigger.StatusValue,
                uint(DeadbandType.Percent.getValue()), 2.5)), SignalSubscription.filter(Deadband.percent(2.5)));
        assertEquals(Optional.empty(), SignalSubscription.filter(Deadband.percent(0)));
        assertEquals(Optional.empty(), SignalSubscription.filter(Deadband.absolute(0)));
    }

    private static String identifier(OpcUaSignal signal) {
        String node = signal.node().toString();
        return node.substring(node.indexOf(";s=") + 3);
    }
}
