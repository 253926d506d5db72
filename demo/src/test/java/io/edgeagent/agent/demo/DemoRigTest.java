package io.edgeagent.agent.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.agent.config.AgentConfig;
import io.edgeagent.agent.config.ConfigLoader;
import io.edgeagent.agent.testing.Ports;
import io.edgeagent.broker.EmbeddedBroker;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 21: a second demo on the same ports said "... (is the port in use?): null". */
class DemoRigTest {

    @TempDir
    Path dir;

    @Test
    void aSecondDemoSaysWhichPortIsTakenBeforeStartingAnything() throws Exception {
        try (ServerSocket first = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String yaml = Files.readString(Path.of("../config/demo.yaml"))
                    .replace("127.0.0.1:18830", "127.0.0.1:" + first.getLocalPort())
                    .replace("dataDir: ./demo-data", "dataDir: ./data");
            AgentConfig config = ConfigLoader.load(Files.writeString(dir.resolve("demo.yaml"), yaml));

            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> DemoRig.start(config, dir.resolve("work"), null, received -> { }));

            assertEquals("port " + first.getLocalPort() + " on 127.0.0.1, for the MQTT broker (broker.urls[0]), is in"
                    + " use: is another edge-agent demo running? Stop it with Ctrl-C in its terminal, or start this one"
                    + " with --config and a copy of the config on other ports", e.getMessage());
            assertFalse(Files.exists(dir.resolve("work")), "nothing was started");
        }
    }

    @Test
    void aBrokerThatCannotBindItsPortSaysSoWithoutNull() throws Exception {
        int port = Ports.free();
        try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> EmbeddedBroker.start(port, dir.resolve("broker")));

            assertTrue(e.getMessage().startsWith("embedded MQTT broker could not start on 127.0.0.1:" + port
                    + " (is the port in use?)"), e.getMessage());
            assertFalse(e.getMessage().endsWith("null"), e.getMessage());
        }
    }
}
