package io.edgeagent.agent.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback between the agent and one real peer (broker, OPC UA server, Modbus device) that
 * injects network faults, switchable at run time. What each fault does to the connections already open and to
 * new ones is what the agent meets in the field:
 * <ul>
 *   <li>{@link #pass()}: bytes flow.</li>
 *   <li>{@link #delay}: every chunk is held that long, both ways (a slow or congested path).</li>
 *   <li>{@link #throttle}: at most that many bytes a second each way (a thin cellular link).</li>
 *   <li>{@link #drop()}: both sides closed (FIN), and every new connection closed at once (a peer that restarts).</li>
 *   <li>{@link #reset()}: both sides reset (RST), also every new connection (a firewall rejecting the flow).</li>
 *   <li>{@link #blackhole()}: connections stay open and nothing passes either way: the proxy stops reading, so the
 *       senders' buffers fill, as on a path that loses every packet; what was sent arrives once the blackhole
 *       ends, as TCP retransmits it. A connection opened during it never reaches the peer (its handshake would
 *       never have got through) and is closed when the blackhole ends.</li>
 *   <li>{@link #halfOpen()}: the peer's side of every connection is closed (the peer sees the connection end, as
 *       when a NAT or firewall forgets the flow), the agent's side stays open, what the agent sends is swallowed and
 *       nothing comes back, for good: only the agent can notice, by a missing answer. New connections are the same.</li>
 *   <li>{@link #refuse()}: every new connection is reset at once, as a host refusing it answers a SYN with an RST; open
 *       ones keep flowing. The proxy keeps its port: closing it for a real refusal let another process on a shared
 *       machine take the port meanwhile.</li>
 * </ul>
 * Owns its threads ({@code fault-proxy-<name>-accept}, and {@code -<n>-up} and {@code -<n>-down} per connection)
 * and stops them in {@link #close()}.
 */
public final class FaultProxy implements AutoCloseable {

    /** The kinds of fault, named as in the soak's report. */
    public enum Kind { PASS, DELAY, THROTTLE, DROP, RESET, BLACKHOLE, HALF_OPEN, REFUSE }

    private record Fault(Kind kind, long delayMillis, int bytesPerSecond) {
    }

    private static final int CHUNK = 8192;
    private static final Duration PEER_CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final String name;
    private final int port;
    private final int peerPort;
    private final Object modeLock = new Object();
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger reachedPeer = new AtomicInteger();
    private Fault fault = new Fault(Kind.PASS, 0, 0);
    private ServerSocket listener;
    private boolean closed;

    private FaultProxy(String name, int port, int peerPort) {
        this.name = name;
        this.port = port;
        this.peerPort = peerPort;
    }

    /** A proxy on a free loopback port, passing to {@code peerPort} on loopback. */
    public static FaultProxy start(String name, int peerPort) {
        return start(name, Ports.free(), peerPort);
    }

    /** A proxy on the given loopback port, for a peer the agent's config already names. */
    public static FaultProxy start(String name, int port, int peerPort) {
        FaultProxy proxy = new FaultProxy(name, port, peerPort);
        synchronized (proxy.modeLock) {
            proxy.listen();
        }
        return proxy;
    }

    public int port() {
        return port;
    }

    /** {@code host:port} of the proxy, as an agent's config writes a Modbus TCP address. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    public Kind kind() {
        synchronized (modeLock) {
            return fault.kind();
        }
    }

    /** Connections the proxy accepted, whatever became of them. */
    public int accepted() {
        return accepted.get();
    }

    /** Connections that reached the peer: each is one the peer saw. */
    public int reachedPeer() {
        return reachedPeer.get();
    }

    public void pass() {
        set(new Fault(Kind.PASS, 0, 0));
    }

    public void delay(Duration perChunk) {
        set(new Fault(Kind.DELAY, perChunk.toMillis(), 0));
    }

    public void throttle(int bytesPerSecond) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("bytes per second must be positive: " + bytesPerSecond);
        }
        set(new Fault(Kind.THROTTLE, 0, bytesPerSecond));
    }

    public void drop() {
        set(new Fault(Kind.DROP, 0, 0));
    }

    public void reset() {
        set(new Fault(Kind.RESET, 0, 0));
    }

    public void blackhole() {
        set(new Fault(Kind.BLACKHOLE, 0, 0));
    }

    public void halfOpen() {
        set(new Fault(Kind.HALF_OPEN, 0, 0));
    }

    public void refuse() {
        set(new Fault(Kind.REFUSE, 0, 0));
    }

    private void set(Fault next) {
        synchronized (modeLock) {
            if (closed) {
                throw new IllegalStateException("proxy " + name + " is closed");
            }
            Kind previous = fault.kind();
            fault = next;
            switch (next.kind()) {
                case DROP -> links.forEach(l -> l.close(false));
                case RESET -> links.forEach(l -> l.close(true));
                case HALF_OPEN -> links.forEach(Link::cutPeer);
                default -> { }
            }
            if (previous == Kind.BLACKHOLE && next.kind() != Kind.BLACKHOLE) {
                // Opened during the blackhole: its handshake never reached the peer.
                links.stream().filter(l -> l.peer == null && !l.peerCut).forEach(l -> l.close(false));
            }
            modeLock.notifyAll();
        }
    }

    /** The current fault once it lets bytes through this link, waiting while it is a blackhole. */
    private Fault awaitFlowing(Link link) throws InterruptedException {
        synchronized (modeLock) {
            while (fault.kind() == Kind.BLACKHOLE && !link.peerCut && !link.closed && !closed) {
                modeLock.wait();
            }
            return fault;
        }
    }

    private void listen() {
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
            listener = s;
        } catch (IOException e) {
            throw new UncheckedIOException("proxy " + name + " cannot listen on " + port, e);
        }
        ServerSocket s = listener;
        own(new Thread(() -> accept(s), "fault-proxy-" + name + "-accept"));
    }

    private void own(Thread t) {
        t.setDaemon(true);
        threads.removeIf(x -> !x.isAlive());
        threads.add(t);
        t.start();
    }

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            Socket agent;
            try {
                agent = server.accept();
            } catch (IOException e) {
                return; // closed by close()
            }
            accepted.incrementAndGet();
            Fault f;
            synchronized (modeLock) {
                f = fault;
            }
            try {
                agent.setTcpNoDelay(true);
                switch (f.kind()) {
                    case DROP -> agent.close();
                    case RESET, REFUSE -> rst(agent);
                    case BLACKHOLE -> startLink(agent, null, false);
                    case HALF_OPEN -> startLink(agent, null, true);
                    default -> {
                        Socket peer = new Socket();
                        try {
                            peer.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), peerPort),
                                    (int) PEER_CONNECT_TIMEOUT.toMillis());
                            peer.setTcpNoDelay(true);
                        } catch (IOException e) {
                            // The peer is down: the agent sees its connection fail, as without the proxy.
                            closeQuietly(peer);
                            rst(agent);
                            continue;
                        }
                        reachedPeer.incrementAndGet();
                        startLink(agent, peer, false);
                    }
                }
            } catch (IOException e) {
                closeQuietly(agent);
            }
        }
    }

    private void startLink(Socket agent, Socket peer, boolean halfOpen) {
        synchronized (modeLock) {
            if (closed) {
                closeQuietly(agent);
                closeQuietly(peer);
                return;
            }
            Link link = new Link(accepted.get(), agent, peer, halfOpen);
            links.add(link);
            own(new Thread(link::up, "fault-proxy-" + name + "-" + link.id + "-up"));
            own(new Thread(link::down, "fault-proxy-" + name + "-" + link.id + "-down"));
        }
    }

    /** One proxied connection: the agent's socket and, once reached, the peer's. */
    private final class Link {
        final int id;
        final Socket agent;
        volatile Socket peer;
        volatile boolean peerCut;
        volatile boolean closed;

        Link(int id, Socket agent, Socket peer, boolean halfOpen) {
            this.id = id;
            this.agent = agent;
            this.peer = peer;
            this.peerCut = halfOpen;
        }

        /** Agent to peer; once the peer is cut, the agent's bytes are read and swallowed. */
        void up() {
            byte[] buf = new byte[CHUNK];
            try (InputStream in = agent.getInputStream()) {
                while (!closed) {
                    awaitFlowing(this);
                    int n = in.read(buf);
                    if (n < 0) {
                        close(false);
                        return;
                    }
                    // A chunk read as a blackhole began is held until it ends, and then delivered, as TCP would.
                    Fault f = awaitFlowing(this);
                    Socket p = peer;
                    if (peerCut || p == null) {
                        continue;
                    }
                    try {
                        forward(f, p.getOutputStream(), buf, n);
                    } catch (IOException e) {
                        // The peer went away; when it was cut on purpose the agent's side stays open.
                        if (!peerCut) {
                            close(false);
                        }
                    }
                }
            } catch (IOException | InterruptedException e) {
                close(false);
            }
        }

        /** Peer to agent; ends without touching the agent's side once the peer is cut. */
        void down() {
            Socket p = peer;
            if (p == null) {
                return;
            }
            byte[] buf = new byte[CHUNK];
            try (InputStream in = p.getInputStream()) {
                while (!closed) {
                    awaitFlowing(this);
                    int n = in.read(buf);
                    if (n < 0 || peerCut) {
                        if (!peerCut) {
                            close(false);
                        }
                        return;
                    }
                    Fault f = awaitFlowing(this);
                    if (peerCut) {
                        return;
                    }
                    forward(f, agent.getOutputStream(), buf, n);
                }
            } catch (IOException | InterruptedException e) {
                if (!peerCut) {
                    close(false);
                }
            }
        }

        void cutPeer() {
            peerCut = true;
            closeQuietly(peer);
        }

        void close(boolean withReset) {
            if (closed) {
                return;
            }
            closed = true;
            links.remove(this);
            if (withReset) {
                rst(agent);
                rst(peer);
            } else {
                closeQuietly(agent);
                closeQuietly(peer);
            }
            synchronized (modeLock) {
                modeLock.notifyAll();
            }
        }
    }

    /** Writes one chunk as the fault in force allows: held for the delay, or paced to the throttle's rate. */
    private static void forward(Fault f, OutputStream out, byte[] buf, int n) throws IOException, InterruptedException {
        switch (f.kind()) {
            case DELAY -> {
                // The fault itself: this direction's bytes wait, in order, behind the held chunk.
                TimeUnit.MILLISECONDS.sleep(f.delayMillis());
                out.write(buf, 0, n);
            }
            case THROTTLE -> {
                // Slices of a twentieth of a second's worth, each followed by its share of the second.
                int slice = Math.max(1, f.bytesPerSecond() / 20);
                for (int off = 0; off < n; off += slice) {
                    int len = Math.min(slice, n - off);
                    out.write(buf, off, len);
                    out.flush();
                    TimeUnit.NANOSECONDS.sleep(TimeUnit.SECONDS.toNanos(len) / f.bytesPerSecond());
                }
            }
            default -> out.write(buf, 0, n);
        }
        out.flush();
    }

    /** Closes with an RST instead of a FIN: SO_LINGER 0 discards what is unsent and resets the connection. */
    private static void rst(Socket s) {
        if (s == null) {
            return;
        }
        try {
            s.setSoLinger(true, 0);
        } catch (SocketException e) {
            // Already closed: nothing left to reset.
        }
        closeQuietly(s);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            // Closing a socket the other side already closed: nothing to do.
        }
    }

    /** Closes the listener and every connection, and waits for the proxy's threads to end. */
    @Override
    public void close() {
        List<Thread> toJoin;
        synchronized (modeLock) {
            if (closed) {
                return;
            }
            closed = true;
            closeQuietly(listener);
            links.forEach(l -> l.close(false));
            modeLock.notifyAll();
            toJoin = List.copyOf(threads);
        }
        for (Thread t : toJoin) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (t.isAlive()) {
                throw new IllegalStateException(t.getName() + " did not stop");
            }
        }
    }
}
