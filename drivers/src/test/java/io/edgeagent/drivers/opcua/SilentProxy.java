package io.edgeagent.drivers.opcua;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay between a client and a server that a test can make fail as networks do: {@link #blackhole} stops
 * passing bytes either way while both connections stay open (a cable pulled behind a switch, a firewall that
 * drops), {@link #reset} closes every connection with an RST (SO_LINGER 0). Bytes read during a blackhole are
 * dropped, as the network would lose them. Threads are named {@code proxy-*}.
 */
final class SilentProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final String target;
    private final int targetPort;
    private final List<Socket> sockets = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean blackholed;
    private volatile boolean refusing;
    private volatile boolean closed;
    /** Connections attempted, refused ones included; guarded by {@code this}. */
    private int attempts;

    SilentProxy(String targetHost, int targetPort) throws IOException {
        this.target = targetHost;
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        start("proxy-accept-" + port(), this::acceptLoop);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.get();
    }

    /** Connections attempted so far, refused ones included. */
    synchronized int attempts() {
        return attempts;
    }

    /** Waits until {@code n} connections have been attempted in all; whether they have. */
    synchronized boolean awaitAttempts(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (attempts < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** While on, nothing passes either way; the connections stay open. */
    void blackhole(boolean on) {
        blackholed = on;
    }

    /** While on, every new connection is reset as soon as it is accepted (a server port that is down). */
    void refuse(boolean on) {
        refusing = on;
    }

    /** Closes every open connection with an RST on both sides; new connections are accepted as before. */
    void reset() {
        List<Socket> open;
        synchronized (sockets) {
            open = List.copyOf(sockets);
            sockets.clear();
        }
        open.forEach(SilentProxy::abort);
    }

    private static void abort(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // already closed
        }
        closeQuietly(socket);
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        closeQuietly(listener);
        reset();
        List<Thread> started;
        synchronized (threads) {
            started = List.copyOf(threads);
        }
        for (Thread thread : started) {
            thread.join(2000);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            synchronized (this) {
                attempts++;
                notifyAll();
            }
            if (refusing) {
                abort(client);
                continue;
            }
            Socket server;
            try {
                server = new Socket(target, targetPort);
            } catch (IOException e) {
                closeQuietly(client);
                continue;
            }
            int n = connections.incrementAndGet();
            synchronized (sockets) {
                sockets.add(client);
                sockets.add(server);
            }
            start("proxy-" + n + "-up", () -> relay(client, server));
            start("proxy-" + n + "-down", () -> relay(server, client));
        }
    }

    private void relay(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                if (!blackholed) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // reset or closed: the other direction notices on its own
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void start(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        synchronized (threads) {
            threads.add(thread);
        }
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // best effort
        }
    }
}
