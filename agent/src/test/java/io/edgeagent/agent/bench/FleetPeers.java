package io.edgeagent.agent.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeagent.broker.EmbeddedBroker;
import io.edgeagent.broker.FeedSubscriber;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the agent meets in the fleet benchmark ({@code docs/bench/fleet.sh}), in a process of its own so that its
 * work is not counted as the agent's: a {@link FleetSimulator}, an MQTT broker (the demo's embedded HiveMQ CE) and
 * a subscriber that counts the readings the cloud receives. Writes the agent's config, prints {@code ready
 * <config>}, then once a second {@code delivered <readings> <messages>} (totals since start) until killed.
 *
 * <p>Run: {@code java -cp "agent/target/test-classes:demo/target/lib/*"
 * io.edgeagent.agent.bench.FleetPeers <workDir> [units 500] [perPort 200] [registers 30] [pollMs 1000]
 * [firstModbusPort 15500] [brokerPort 18850]}, or for OPC UA machines {@code ... FleetPeers <workDir> opcua
 * [machines 50] [variables 20] [samplingMs 500] [opcUaPort 14840] [brokerPort 18850]}
 */
public final class FleetPeers {

    private FleetPeers() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: FleetPeers <workDir> [units] [perPort] [registers] [pollMs] [firstModbusPort]"
                    + " [brokerPort], or FleetPeers <workDir> opcua [machines] [variables] [samplingMs] [opcUaPort]"
                    + " [brokerPort]");
            System.exit(2);
        }
        Path work = Path.of(args[0]).toAbsolutePath();
        boolean opcua = args.length > 1 && args[1].equals("opcua");
        // The OPC UA form has "opcua" in the place of units per port's predecessor: its other arguments line up.
        int units = arg(args, opcua ? 2 : 1, opcua ? 50 : 500);
        int perPort = opcua ? 0 : arg(args, 2, 200);
        int registers = arg(args, 3, opcua ? 20 : 30);
        int pollMs = arg(args, 4, opcua ? 500 : 1000);
        int firstPort = arg(args, 5, opcua ? 14840 : 15500);
        int brokerPort = arg(args, 6, 18850);
        Files.createDirectories(work);

        ObjectMapper json = new ObjectMapper();
        AtomicLong readings = new AtomicLong();
        AtomicLong messages = new AtomicLong();
        try (FleetSimulator fleet = opcua
                ? FleetSimulator.startOpcUa(units, registers, Duration.ofMillis(pollMs), firstPort)
                : FleetSimulator.start(units, perPort, registers, firstPort);
             EmbeddedBroker broker = EmbeddedBroker.start(brokerPort, work.resolve("broker"));
             FeedSubscriber feed = FeedSubscriber.subscribe(broker.url(), "fleet-bench",
                     "edge/v1/+/+/machines/+/telemetry", m -> {
                         try {
                             JsonNode payload = json.readTree(m.payload());
                             readings.addAndGet(payload.path("readings").size());
                             messages.incrementAndGet();
                         } catch (Exception e) {
                             System.err.println("unreadable telemetry on " + m.topic() + ": " + e.getMessage());
                         }
                     })) {
            Path config = fleet.writeConfig(work.resolve("fleet.yaml"), broker.url(), work.resolve("agent-data"),
                    pollMs);
            System.out.println("ready " + config);
            System.out.flush();
            // Until the benchmark kills this process: its totals are read from the last line printed.
            while (true) {
                Thread.sleep(1000);
                System.out.println("delivered " + readings.get() + " " + messages.get());
                System.out.flush();
            }
        }
    }

    private static int arg(String[] args, int index, int otherwise) {
        return args.length > index ? Integer.parseInt(args[index]) : otherwise;
    }
}
