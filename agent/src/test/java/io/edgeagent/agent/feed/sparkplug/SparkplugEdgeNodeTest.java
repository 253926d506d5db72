package io.edgeagent.agent.feed.sparkplug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.agent.buffer.Outbox;
import io.edgeagent.agent.config.AgentConfig;
import io.edgeagent.agent.config.MachineState;
import io.edgeagent.agent.config.SparkplugConfig;
import io.edgeagent.agent.feed.AgentIdentity;
import io.edgeagent.agent.feed.sparkplug.SparkplugHost.Received;
import io.edgeagent.agent.state.StateChange;
import io.edgeagent.agent.testing.FaultProxy;
import io.edgeagent.agent.testing.Ports;
import io.edgeagent.agent.testing.TestConfigs;
import io.edgeagent.agent.uplink.PahoBrokerLink;
import io.edgeagent.agent.uplink.Uplink;
import io.edgeagent.agent.uplink.UplinkSettings;
import io.edgeagent.broker.EmbeddedBroker;
import io.edgeagent.drivers.Quality;
import io.edgeagent.drivers.Reading;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.tahu.message.model.Metric;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent as a Sparkplug B edge node against a real MQTT 5 broker, watched by {@link SparkplugHost}, which checks
 * every message against the specification as it arrives. Each test names the normative statements (tck-ids) it
 * checks beyond those.
 */
class SparkplugEdgeNodeTest {

    private static final String GROUP = "plant-1";
    private static final String NODE = "gw01";
    private static final Clock CLOCK = Clock.systemUTC();

    @TempDir
    Path dir;
    private AgentConfig config;

    @BeforeEach
    void config() throws Exception {
        config = TestConfigs.withMachines(dir, """
                  - id: press-01
                    gpio: { cycle: { pin: 17, mode: pulses } }
                  - id: press-02
                    gpio: { cycle: { pin: 18, mode: pulses } }
                """);
    }

    /** One run of the edge node: its outbox, feed and uplink, as EdgeAgent builds them. */
    private final class Node implements AutoCloseable {
        final Outbox outbox;
        final SparkplugFeed feed;
        final Uplink uplink;

        Node(int port, String primaryHost) {
            this(List.of(port), primaryHost);
        }

        /** @param ports of the brokers of {@code broker.urls}, in order */
        Node(List<Integer> ports, String primaryHost) {
            outbox = Outbox.open(dir.resolve("sparkplug"), CLOCK);
            feed = SparkplugFeed.create(new SparkplugConfig(GROUP, null, primaryHost, true), NODE, config.machines(),
                    new AgentIdentity("test", "abc123", List.of("press-01", "press-02")), outbox, CLOCK);
            uplink = new Uplink(new PahoBrokerLink(NODE + "-sparkplug", null, null, Duration.ofSeconds(2), null,
                    Duration.ofSeconds(20), null), outbox, feed.session(),
                    ports.stream().map(port -> URI.create("tcp://127.0.0.1:" + port)).toList(),
                    CLOCK, null, new UplinkSettings(0, Duration.ZERO, Duration.ZERO));
            feed.start();
            uplink.start();
        }

        SparkplugSink sink() {
            return feed.sink();
        }

        @Override
        public void close() {
            feed.close();
            uplink.close();
            outbox.close();
        }
    }

    private static Reading cycle(String machine, long value) {
        return Reading.good(machine, "cycle", value, Instant.now());
    }

    /**
     * tck-id-message-flow-edge-node-birth-publish-nbirth-topic, -nbirth-qos, -nbirth-retained, -nbirth-payload-seq;
     * tck-id-message-flow-device-birth-publish-dbirth-topic, -dbirth-qos, -dbirth-retained;
     * tck-id-payloads-alias-birth-requirement, tck-id-payloads-alias-uniqueness,
     * tck-id-payloads-alias-data-cmd-requirement, tck-id-operational-behavior-data-publish-dbirth (every metric
     * later sent is in the birth), tck-id-payloads-propertyset-quality-value-type and -value,
     * tck-id-operational-behavior-device-ddeath, tck-id-operational-behavior-edge-node-intentional-disconnect-ndeath,
     * tck-id-payloads-ndeath-will-message-publisher-disconnect-mqtt50 (the broker publishes the Will after the
     * 0x04 disconnect, so the NDEATH arrives twice), tck-id-payloads-ndeath-will-message-qos and -retain.
     */
    @Test
    void birthsDataDeathOfAMachineAndAnOrderlyStop() throws Exception {
        int port = Ports.free();
        try (EmbeddedBroker broker = EmbeddedBroker.start(port, dir.resolve("broker"));
             SparkplugHost host = new SparkplugHost(broker.url())) {
            Node node = new Node(port, null);
            Received nbirth = host.await("NBIRTH", "NBIRTH");
            assertEquals("spBv1.0/" + GROUP + "/NBIRTH/" + NODE, nbirth.topic());
            SparkplugHost.assertBirthOf(nbirth, 0);
            assertEquals("test", nbirth.metric(NodePicture.VERSION).getValue());
            Set<String> born = new HashSet<>();
            for (int i = 0; i < 2; i++) {
                Received dbirth = host.await("DBIRTH", "DBIRTH " + i);
                born.add(dbirth.device());
                for (String name : List.of("Signals/cycle", NodePicture.STATE, NodePicture.STATE_SINCE,
                        NodePicture.OPEN_WINDOW_SINCE, NodePicture.NEXT_WINDOW_START, NodePicture.CYCLES)) {
                    assertNotNull(dbirth.metric(name), name + " in the DBIRTH of " + dbirth.device());
                }
                assertTrue(dbirth.metric("Signals/cycle").getIsNull(), "no reading yet: is_null");
            }
            assertEquals(Set.of("press-01", "press-02"), born);

            node.sink().telemetry("press-01", List.of(cycle("press-01", 41), cycle("press-01", 42)));
            node.sink().telemetry("press-01", List.of(cycle("press-01", 42),
                    new Reading("press-01", "cycle", null, Instant.now(), Quality.BAD, "wire broken")));
            Received data = host.await(r -> r.type().equals("DDATA") && r.device().equals("press-01"), "DDATA");
            assertEquals(Set.of("Signals/cycle"), host.names(data));
            assertEquals(2, data.payload().getMetrics().size(), "each reading with its own timestamp, in order");
            Received bad = host.await(r -> r.type().equals("DDATA") && r.device().equals("press-01"), "BAD reading");
            assertEquals(1, bad.payload().getMetrics().size(), "the unchanged 42 is not sent again");
            Metric badMetric = bad.payload().getMetrics().get(0);
            assertTrue(badMetric.getIsNull());
            assertEquals(0, badMetric.getProperties().getPropertyValue("Quality").getValue());

            node.sink().stateChanged(new StateChange("press-02", MachineState.OFFLINE, Instant.now(), MachineState.IDLE,
                    "no reading for 30 s"));
            Received state = host.await(r -> r.type().equals("DDATA") && r.device().equals("press-02"), "state");
            assertEquals("OFFLINE", host.value(state, NodePicture.STATE));
            host.await(r -> r.type().equals("DDEATH") && r.device().equals("press-02"), "DDEATH of the lost machine");
            node.sink().stateChanged(new StateChange("press-02", MachineState.IDLE, Instant.now(), MachineState.OFFLINE,
                    "cycle quiet"));
            Received reborn = host.await(r -> r.type().equals("DBIRTH") && r.device().equals("press-02"), "DBIRTH again");
            assertEquals("IDLE", reborn.metric(NodePicture.STATE).getValue());

            node.close();
            List<Received> stop = awaitLeaving(host);
            for (Received death : stop.stream().filter(r -> r.type().equals("NDEATH")).toList()) {
                assertEquals(1, death.qos(), "tck-id-payloads-ndeath-will-message-qos");
                assertFalse(death.retained(), "tck-id-payloads-ndeath-will-message-retain");
                assertEquals(0L, death.metric("bdSeq").getValue(), "tck-id-payloads-ndeath-bdseq");
            }
            host.assertNoViolations();
        }
    }

    /**
     * tck-id-message-flow-edge-node-birth-publish-will-message-payload-bdSeq (+1 per CONNECT, kept across restarts),
     * tck-id-payloads-ndeath-bdseq, tck-id-operational-behavior-data-commands-rebirth-action-1, -2 and -3 (same bdSeq),
     * tck-id-operational-behavior-data-commands-ncmd-rebirth-verb, -name, -value; unknown commands are ignored.
     */
    @Test
    void bdSeqGrowsAcrossRestartsAndARebirthKeepsIt() throws Exception {
        int port = Ports.free();
        try (EmbeddedBroker broker = EmbeddedBroker.start(port, dir.resolve("broker"));
             SparkplugHost host = new SparkplugHost(broker.url())) {
            try (Node first = new Node(port, null)) {
                SparkplugHost.assertBirthOf(host.await("NBIRTH", "first NBIRTH"), 0);
            }
            try (Node second = new Node(port, null)) {
                SparkplugHost.assertBirthOf(host.await("NBIRTH", "NBIRTH after a restart"), 1);
                host.await("DBIRTH", "DBIRTH");
                host.await("DBIRTH", "DBIRTH");
                host.send("spBv1.0/" + GROUP + "/NCMD/" + NODE, new byte[] {1, 2, 3});
                host.send("spBv1.0/" + GROUP + "/DCMD/" + NODE + "/press-01", new byte[] {1, 2, 3});
                host.rebirth(GROUP, NODE);
                SparkplugHost.assertBirthOf(host.await("NBIRTH", "NBIRTH of the rebirth"), 1);
                host.await("DBIRTH", "DBIRTH of the rebirth");
                host.await("DBIRTH", "DBIRTH of the rebirth");
            }
            host.assertNoViolations();
        }
    }

    /**
     * tck-id-operational-behavior-data-commands-rebirth-action-1 and -2: the births of a rebirth follow the NCMD at
     * once, not at the publisher's next look at its outbox (every half second when there is nothing to send): five in
     * a row, with nothing else to publish, take well under the 1.25 s such waits would add up to on average.
     */
    @Test
    void aRebirthGoesOutAtOnce() throws Exception {
        int port = Ports.free();
        try (EmbeddedBroker broker = EmbeddedBroker.start(port, dir.resolve("broker"));
             SparkplugHost host = new SparkplugHost(broker.url());
             Node node = new Node(port, null)) {
            host.await("NBIRTH", "NBIRTH");
            host.await("DBIRTH", "DBIRTH");
            host.await("DBIRTH", "DBIRTH");
            long took = 0;
            for (int i = 0; i < 5; i++) {
                long sent = System.nanoTime();
                host.rebirth(GROUP, NODE);
                host.await("NBIRTH", "NBIRTH of rebirth " + i);
                took += System.nanoTime() - sent;
                host.await("DBIRTH", "DBIRTH");
                host.await("DBIRTH", "DBIRTH");
            }
            assertTrue(Duration.ofNanos(took).toMillis() < 600, "5 rebirths took " + Duration.ofNanos(took).toMillis()
                    + " ms from NCMD to NBIRTH");
            host.assertNoViolations();
        }
    }

    /**
     * Store and forward: what was accepted while no broker was there goes out after the NBIRTH and DBIRTHs, in DDATA
     * of its own with is_historical set on every metric, by the aliases of the new birth (tck-id-payloads-ddata-order,
     * tck-id-payloads-alias-data-cmd-requirement); seq runs on across 255 to 0
     * (tck-id-payloads-sequence-num-incrementing, checked by the host on every message). The last value, which the
     * DBIRTH carries, and the node's metrics, which the NBIRTH carries, are not sent again
     * (tck-id-operational-behavior-data-publish-nbirth-change, -dbirth-change, tck-id-principles-rbe-recommended: the
     * TCK's Monitor reports a DATA metric equal to the value it knows as a MAYBE). A reading that repeats a value
     * changes nothing: the birth carries the value with the time it began, as a host that stayed connected knows it.
     */
    @Test
    void bufferedDataGoesOutAfterTheBirthsFlaggedHistoricalAndSeqWraps() throws Exception {
        int port = Ports.free();
        // The node reaches the broker through a proxy that refuses until the host has subscribed: a node that
        // connected first would publish its births to nobody, and the host would see DATA of a birth it never had.
        try (FaultProxy gate = FaultProxy.start("broker", port)) {
            gate.refuse();
            try (Node node = new Node(gate.port(), null)) {
                Instant start = Instant.now();
                for (long i = 1; i <= 300; i++) {
                    node.sink().telemetry("press-01", List.of(Reading.good("press-01", "cycle", i, start.plusMillis(i))));
                }
                node.sink().telemetry("press-01", List.of(Reading.good("press-01", "cycle", 300L, start.plusSeconds(5))));
                try (EmbeddedBroker broker = EmbeddedBroker.start(port, dir.resolve("broker"));
                     SparkplugHost host = new SparkplugHost(broker.url())) {
                    gate.pass();
                    host.await("NBIRTH", "NBIRTH");
                    Received dbirth = host.await(m -> m.type().equals("DBIRTH") && m.device().equals("press-01"), "DBIRTH");
                    assertEquals(300L, dbirth.metric("Signals/cycle").getValue(), "the birth carries the last value");
                    assertEquals(Date.from(start.plusMillis(300)), dbirth.metric("Signals/cycle").getTimestamp(),
                            "with the time it began, not that of the reading that repeated it");
                    for (long i = 1; i <= 299; i++) {
                        Received r = host.await(m -> m.type().equals("DDATA"), "historical DDATA " + i);
                        assertEquals(i, host.value(r, "Signals/cycle"), "in the order accepted");
                        assertTrue(r.payload().getMetrics().stream().allMatch(m -> Boolean.TRUE.equals(m.isHistorical())),
                                "accepted before the births: is_historical");
                    }
                    node.sink().telemetry("press-01", List.of(cycle("press-01", 1000)));
                    // A live NDATA may come between (the uptime every 10 s), a historical one must not.
                    Received live = host.await(m -> m.type().equals("DDATA") || m.type().equals("NDATA") && m.payload()
                            .getMetrics().stream().anyMatch(x -> Boolean.TRUE.equals(x.isHistorical())), "live DDATA");
                    assertEquals("DDATA", live.type(), "the node's metrics the NBIRTH carried are not sent again");
                    assertEquals(1000L, host.value(live, "Signals/cycle"), "nor is the 300 the DBIRTH carried");
                    assertTrue(live.payload().getMetrics().stream().noneMatch(m -> Boolean.TRUE.equals(m.isHistorical())),
                            "live data is never mixed with the historical");
                    host.assertNoViolations();
                }
            }
        }
    }

    /**
     * tck-id-message-flow-edge-node-birth-publish-phid-wait, -phid-wait-id, -phid-wait-online,
     * tck-id-operational-behavior-edge-node-birth-sequence-wait: no birth before the primary host says online;
     * tck-id-operational-behavior-edge-node-termination-host-offline and -host-offline-reconnect: an offline STATE
     * makes the node publish NDEATH, disconnect and connect again (the next broker of a list of one is the same);
     * tck-id-operational-behavior-edge-node-termination-host-offline-timestamp: an older offline STATE is ignored.
     */
    @Test
    void waitsForThePrimaryHostAndLeavesWhenItGoesOffline() throws Exception {
        int port = Ports.free();
        try (EmbeddedBroker broker = EmbeddedBroker.start(port, dir.resolve("broker"));
             SparkplugHost host = new SparkplugHost(broker.url());
             Node node = new Node(port, "scada")) {
            host.state("other-host", true, 1000);
            host.assertQuiet(Duration.ofSeconds(2), "no birth while the primary host has not said online");
            host.state("scada", true, 1000);
            SparkplugHost.assertBirthOf(host.await("NBIRTH", "NBIRTH once the host is online"), 0);
            host.await("DBIRTH", "DBIRTH");
            host.await("DBIRTH", "DBIRTH");
            host.state("scada", false, 999);
            host.assertQuiet(Duration.ofSeconds(2), "an offline STATE older than the online one is ignored");
            host.state("scada", false, 2000);
            List<Received> leaving = awaitLeaving(host);
            assertEquals(List.of(0L, 0L), leaving.stream().filter(r -> r.type().equals("NDEATH"))
                    .map(r -> r.metric("bdSeq").getValue()).toList(), "NDEATH, then its Will after the DISCONNECT 0x04");
            host.assertQuiet(Duration.ofSeconds(2), "the retained offline STATE holds the births back");
            host.state("scada", true, 3000);
            SparkplugHost.assertBirthOf(host.await("NBIRTH", "NBIRTH on the new connection"), 1);
            host.assertNoViolations();
        }
    }

    /**
     * Two brokers and a primary host on both, in the steps of the TCK's edge MultipleBrokerTest, with STATE timestamps
     * as a host sets them (its Will repeats the timestamp of its online STATE on that broker):
     * tck-id-operational-behavior-primary-application-state-with-multiple-servers-walk and
     * tck-id-operational-behavior-edge-node-termination-host-offline-reconnect (offline on the broker in use: deaths
     * there, then the next broker of the list), -state-subs (the STATE subscription on each broker),
     * tck-id-operational-behavior-edge-node-birth-sequence-wait (births only once the host is online there),
     * -single-server (the node stays where it is when the host comes back elsewhere), and
     * tck-id-message-flow-edge-node-birth-publish-will-message-payload-bdSeq (bdSeq +1 at each new CONNECT, whichever
     * broker).
     */
    @Test
    void movesToTheNextBrokerWhenThePrimaryHostGoesOfflineAndBackAgain() throws Exception {
        int portA = Ports.free();
        int portB = Ports.free();
        try (EmbeddedBroker a = EmbeddedBroker.start(portA, dir.resolve("broker-a"));
             EmbeddedBroker b = EmbeddedBroker.start(portB, dir.resolve("broker-b"));
             SparkplugHost hostA = new SparkplugHost(a.url());
             SparkplugHost hostB = new SparkplugHost(b.url());
             Node node = new Node(List.of(portA, portB), "scada")) {
            hostA.state("scada", true, 1000);
            SparkplugHost.assertBirthOf(hostA.await("NBIRTH", "NBIRTH on broker A"), 0);
            hostA.await("DBIRTH", "DBIRTH on A");
            hostA.await("DBIRTH", "DBIRTH on A");
            hostB.state("scada", true, 2000);

            hostA.state("scada", false, 1000);
            assertEquals(List.of(0L, 0L), awaitLeaving(hostA).stream().filter(r -> r.type().equals("NDEATH"))
                    .map(r -> r.metric("bdSeq").getValue()).toList(), "NDEATH on A, and its Will");
            SparkplugHost.assertBirthOf(hostB.await("NBIRTH", "NBIRTH on broker B, the next of the list"), 1);
            hostB.await("DBIRTH", "DBIRTH on B");
            hostB.await("DBIRTH", "DBIRTH on B");

            hostA.state("scada", true, 3000);
            node.sink().telemetry("press-01", List.of(cycle("press-01", 7)));
            assertEquals(7L, hostB.value(hostB.await("DDATA", "live data on B"), "Signals/cycle"),
                    "the node stays on B while the host is back on A");

            hostB.state("scada", false, 2000);
            assertEquals(List.of(1L, 1L), awaitLeaving(hostB).stream().filter(r -> r.type().equals("NDEATH"))
                    .map(r -> r.metric("bdSeq").getValue()).toList(), "NDEATH on B, and its Will");
            SparkplugHost.assertBirthOf(hostA.await("NBIRTH", "NBIRTH on A again, where the host is online"), 2);
            assertEquals(7L, hostA.await(r -> r.type().equals("DBIRTH") && r.device().equals("press-01"), "DBIRTH")
                    .metric("Signals/cycle").getValue(), "the births on A carry what was sent on B");
            hostA.assertNoViolations();
            hostB.assertNoViolations();
        }
    }

    /**
     * The messages of the node leaving a broker: a DDEATH for each machine, the orderly NDEATH and the Will. The
     * broker may hand the QoS 1 NDEATHs on before the QoS 0 DDEATHs sent ahead of them (MQTT orders delivery per
     * topic and QoS only, MQTT 5 4.6), so they are read as a whole, in whatever order they arrive.
     */
    private static List<Received> awaitLeaving(SparkplugHost host) throws InterruptedException {
        List<Received> leaving = new java.util.ArrayList<>();
        while (leaving.stream().filter(r -> r.type().equals("NDEATH")).count() < 2) {
            leaving.add(host.await(r -> r.type().endsWith("DEATH"), "the deaths of the orderly leave and the Will"));
        }
        while (leaving.stream().filter(r -> r.type().equals("DDEATH")).count() < 2) {
            leaving.add(host.await("DDEATH", "a DDEATH as the node leaves"));
        }
        assertEquals(Set.of("press-01", "press-02"), leaving.stream().filter(r -> r.type().equals("DDEATH"))
                .map(Received::device).collect(java.util.stream.Collectors.toSet()), "a DDEATH for each machine");
        return leaving;
    }
}
