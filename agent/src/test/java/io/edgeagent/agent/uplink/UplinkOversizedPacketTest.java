package io.edgeagent.agent.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgeagent.agent.buffer.Outbox;
import io.edgeagent.agent.feed.AgentIdentity;
import io.edgeagent.agent.feed.json.JsonFeedSession;
import io.edgeagent.agent.feed.json.Payloads;
import io.edgeagent.agent.feed.json.Topics;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker that ignores the agent's Maximum Packet Size (MQTT 5, 3.1.2.11.4) and announces a 200 MB packet: no
 * compliant broker does that, so the peer here is a TCP server speaking just enough MQTT 5 (a CONNACK, then the
 * header of that PUBLISH). Paho would allocate the 200 MB at once and then wait for them; the agent drops the
 * connection at the header instead and connects again.
 */
class UplinkOversizedPacketTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Topics TOPICS = new Topics("edge/v1", "site-a", "gw-big");

    @TempDir
    Path dir;

    @Test
    void aPacketOverTheLimitDropsTheConnectionAtItsHeaderAndTheAgentConnectsAgain() throws Exception {
        Clock clock = Clock.systemUTC();
        try (ServerSocket lax = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             Outbox outbox = Outbox.open(dir.resolve("buffer"), clock)) {
            lax.setSoTimeout((int) WAIT.toMillis());
            Uplink uplink = new Uplink(new PahoBrokerLink(TOPICS.agentId(), null, null, Duration.ofSeconds(2)), outbox,
                    new JsonFeedSession(TOPICS, new Payloads(TOPICS.agentId(), 1L, clock),
                            new AgentIdentity("test", "abc", List.of())),
                    List.of(URI.create("tcp://127.0.0.1:" + lax.getLocalPort())), clock);
            uplink.start();
            try (Socket first = lax.accept()) {
                first.setSoTimeout((int) WAIT.toMillis());
                readPacket(first.getInputStream());
                OutputStream out = first.getOutputStream();
                out.write(new byte[] {0x20, 0x03, 0x00, 0x00, 0x00}); // CONNACK: success, no properties
                out.write(new byte[] {0x30, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x64}); // PUBLISH of 200 MB
                out.flush();
                awaitClosed(first.getInputStream());
                try (Socket second = lax.accept()) {
                    assertEquals(0x10, readPacket(second.getInputStream()), "the agent connects again");
                }
            } finally {
                uplink.close();
            }
        }
    }

    /** Reads whatever the agent still sends until it closes the connection; a read timeout fails the test. */
    private static void awaitClosed(InputStream in) throws IOException {
        try {
            while (in.read() >= 0) {
                // the agent's SUBSCRIBE and birth, sent before the PUBLISH header was read
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the agent kept the connection for " + WAIT, e);
        } catch (SocketException e) {
            // reset: closed as well
        }
    }

    /** Reads one MQTT packet and returns its first byte. */
    private static int readPacket(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        int type = in.readUnsignedByte();
        int length = 0;
        for (int shift = 0, b = 0x80; (b & 0x80) != 0; shift += 7) {
            b = in.readUnsignedByte();
            length |= (b & 0x7F) << shift;
        }
        in.readFully(new byte[length]);
        return type;
    }
}
