package io.edgeagent.agent.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.edgeagent.agent.testing.Ports;
import io.edgeagent.agent.uplink.BrokerLink.Message;
import io.edgeagent.drivers.net.NetworkFaults;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A broker that cannot be reached reads as a machine that cannot be reached: the uplink words network faults with
 * the drivers' {@link NetworkFaults}, so {@code edge-agent status} says {@code connection refused: ...} alike for both.
 */
class PahoBrokerLinkFaultsTest {

    private static final Message WILL = new Message("faults-test/will",
            "{\"online\":false}".getBytes(StandardCharsets.UTF_8), 1, false, Map.of());

    @Test
    void aPortNobodyListensOnIsConnectionRefusedInTheDriversWords() {
        URI url = URI.create("tcp://127.0.0.1:" + Ports.free());
        try (PahoBrokerLink link = new PahoBrokerLink("gw-faults", null, null, Duration.ofSeconds(2))) {
            BrokerException e = assertThrows(BrokerException.class,
                    () -> link.connect(url, WILL, Duration.ZERO, () -> { }, inbound -> { }));
            assertEquals("connection refused: " + url, e.getMessage());
            assertEquals(NetworkFaults.describe(new ConnectException("Connection refused"), url.toString()).orElseThrow(),
                    e.getMessage(), "the same line a Modbus device or an OPC UA server refusing gives");
        }
    }
}
