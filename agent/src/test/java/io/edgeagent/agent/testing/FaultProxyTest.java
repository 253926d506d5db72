package io.edgeagent.agent.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each fault of the proxy, between a client socket and a tiny echo server. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FaultProxyTest {

    /** How long silence is listened for where a fault must pass nothing: the proxy adds no latency of its own. */
    private static final int SILENCE_MILLIS = 300;
    private static final int WAIT_MILLIS = 10_000;

    private Echo echo;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new Echo();
        proxy = FaultProxy.start("test", echo.port());
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        echo.close();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            assertTrue(!t.getName().startsWith("fault-proxy-test") || !t.isAlive(), "proxy thread left running: " + t.getName());
        }
    }

    @Test
    void passesBytesBothWays() throws IOException {
        try (Socket s = connect()) {
            assertEquals("hello", roundTrip(s, "hello"));
            assertEquals(1, proxy.reachedPeer());
        }
    }

    @Test
    void delayHoldsEachChunk() throws IOException {
        try (Socket s = connect()) {
            proxy.delay(Duration.ofMillis(200));
            long start = System.nanoTime();
            assertEquals("slow", roundTrip(s, "slow"));
            // Held once on the way there and once on the way back.
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(400), "delayed both ways");
        }
    }

    @Test
    void throttleKeepsToItsRate() throws IOException {
        try (Socket s = connect()) {
            proxy.throttle(20_000);
            String big = "x".repeat(10_000);
            long start = System.nanoTime();
            assertEquals(big, roundTrip(s, big));
            // 10 kB at 20 kB/s is half a second (the echo streams, so both ways overlap), less the last slice's pause.
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(450), "throttled");
        }
    }

    @Test
    void dropClosesBothSidesAndEveryNewConnection() throws Exception {
        try (Socket s = connect()) {
            roundTrip(s, "before");
            proxy.drop();
            assertEquals(-1, s.getInputStream().read(), "the agent's side sees the end of the stream");
            assertTrue(echo.ended.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS) != null, "the peer's side ended too");
        }
        try (Socket s = connect()) {
            assertEquals(-1, s.getInputStream().read(), "a new connection is closed at once");
        }
    }

    @Test
    void resetResetsBothSides() throws Exception {
        try (Socket s = connect()) {
            roundTrip(s, "before");
            proxy.reset();
            SocketException e = assertThrows(SocketException.class, () -> s.getInputStream().read());
            assertTrue(e.getMessage().contains("reset"), e.getMessage());
            assertTrue(echo.ended.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS) != null, "the peer's side ended too");
        }
    }

    @Test
    void blackholeKeepsTheConnectionPassesNothingAndDeliversLateWhatWasSent() throws Exception {
        try (Socket s = connect()) {
            roundTrip(s, "before");
            proxy.blackhole();
            send(s, "held");
            assertSilent(s);
            try (Socket during = connect()) {
                send(during, "never");
                assertSilent(during);
                proxy.pass();
                assertEquals("held", read(s, 4), "what was sent in the blackhole arrives after it, as TCP retransmits");
                assertEquals(-1, during.getInputStream().read(), "a connection opened in the blackhole never reached the peer");
            }
            assertEquals(1, proxy.reachedPeer());
        }
    }

    @Test
    void halfOpenEndsThePeersSideAndSwallowsTheAgentsForGood() throws Exception {
        try (Socket s = connect()) {
            roundTrip(s, "before");
            proxy.halfOpen();
            assertTrue(echo.ended.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS) != null, "the peer saw its connection end");
            send(s, "lost");
            assertSilent(s);
            proxy.pass();
            send(s, "still lost");
            assertSilent(s);
        }
        try (Socket s = connect()) {
            assertEquals("after", roundTrip(s, "after"), "a new connection after the fault flows");
        }
    }

    @Test
    void refuseRefusesNewConnectionsAndKeepsOpenOnes() throws Exception {
        try (Socket s = connect()) {
            roundTrip(s, "before");
            proxy.refuse();
            try (Socket refused = connect()) {
                assertThrows(SocketException.class, () -> refused.getInputStream().read(), "a new connection is reset");
            }
            assertEquals("open", roundTrip(s, "open"));
            proxy.pass();
            try (Socket again = connect()) {
                assertEquals("again", roundTrip(again, "again"));
            }
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        s.setSoTimeout(WAIT_MILLIS);
        return s;
    }

    private static String roundTrip(Socket s, String text) throws IOException {
        send(s, text);
        return read(s, text.getBytes(StandardCharsets.UTF_8).length);
    }

    private static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
    }

    private static String read(Socket s, int length) throws IOException {
        byte[] b = s.getInputStream().readNBytes(length);
        assertEquals(length, b.length, "stream ended early");
        return new String(b, StandardCharsets.UTF_8);
    }

    private static void assertSilent(Socket s) throws IOException {
        s.setSoTimeout(SILENCE_MILLIS);
        assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read(), "nothing comes back");
        s.setSoTimeout(WAIT_MILLIS);
    }

    /** Echoes every byte; records each connection that ends. */
    private static final class Echo implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final LinkedBlockingQueue<Socket> ended = new LinkedBlockingQueue<>();
        final List<Thread> threads = new ArrayList<>();
        final List<Socket> sockets = new ArrayList<>();

        Echo() throws IOException {
            Thread acceptor = new Thread(this::accept, "echo-accept");
            threads.add(acceptor);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            while (true) {
                Socket s;
                try {
                    s = server.accept();
                } catch (IOException e) {
                    return;
                }
                Thread t = new Thread(() -> echo(s), "echo-" + s.getPort());
                synchronized (threads) {
                    sockets.add(s);
                    threads.add(t);
                }
                t.start();
            }
        }

        private void echo(Socket s) {
            byte[] buf = new byte[4096];
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    out.write(buf, 0, n);
                }
            } catch (IOException e) {
                // Reset by the proxy: ended all the same.
            }
            ended.add(s);
        }

        @Override
        public void close() throws Exception {
            server.close();
            List<Thread> all;
            synchronized (threads) {
                sockets.forEach(s -> {
                    try {
                        s.close();
                    } catch (IOException e) {
                        // Already closed by its echo thread.
                    }
                });
                all = List.copyOf(threads);
            }
            for (Thread t : all) {
                t.join();
            }
        }
    }

    @Test
    void bytesOfOneDirectionKeepTheirOrderUnderDelay() throws IOException {
        try (Socket s = connect()) {
            proxy.delay(Duration.ofMillis(20));
            byte[] sent = new byte[50_000];
            for (int i = 0; i < sent.length; i++) {
                sent[i] = (byte) i;
            }
            s.getOutputStream().write(sent);
            assertArrayEquals(sent, s.getInputStream().readNBytes(sent.length));
        }
    }
}
