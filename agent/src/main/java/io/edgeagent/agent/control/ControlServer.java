package io.edgeagent.agent.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local control endpoint the {@code edge-agent} CLI talks to: a Unix domain socket in the data dir,
 * never a network port. Who may connect is decided by the file's permissions, {@code rw-rw----}: the agent's
 * user and group. Each client sends one JSON request per line and gets one JSON answer per line (see
 * {@link ControlSession}); at most {@link #MAX_CLIENTS} are served at once, each on its own thread.
 *
 * <p>Two steps: {@link #bind} makes the socket, so the agent's start fails before anything runs when it
 * cannot; {@link #serve} starts answering once the parts it reads are up. Until then a client waits in the
 * socket's backlog.
 */
public final class ControlServer implements AutoCloseable {

    /** The socket's file name in the data dir. */
    public static final String SOCKET_NAME = "control.sock";
    static final int MAX_CLIENTS = 8;
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    private static final Set<PosixFilePermission> OWNER_AND_GROUP = PosixFilePermissions.fromString("rw-rw----");
    private static final Duration STOP_WAIT = Duration.ofSeconds(2);
    private static final Duration ACCEPT_RETRY = Duration.ofMillis(100);

    private final Path socket;
    private final ServerSocketChannel server;
    private final Set<SocketChannel> clients = ConcurrentHashMap.newKeySet();
    /** Session threads, joined on close; ended ones are dropped when the next client comes. */
    private final Set<Thread> sessions = ConcurrentHashMap.newKeySet();
    private final Semaphore slots = new Semaphore(MAX_CLIENTS);
    private final AtomicInteger clientNumber = new AtomicInteger();
    private volatile Thread acceptor;

    private ControlServer(Path socket, ServerSocketChannel server) {
        this.socket = socket;
        this.server = server;
    }

    /**
     * Makes the socket at {@code socket}, readable and writable by owner and group only. A socket file left
     * there is removed first: it can only be a crashed agent's, since the caller already holds the data
     * dir's buffer lock, which a second agent on the same data dir could not have taken.
     */
    public static ControlServer bind(Path socket) {
        ServerSocketChannel server = null;
        try {
            Files.deleteIfExists(socket);
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, OWNER_AND_GROUP);
            return new ControlServer(socket, server);
        } catch (IOException | UnsupportedOperationException e) {
            if (server != null) {
                closeQuietly(server);
            }
            throw new ControlUnavailableException("cannot make the control socket " + socket + ": " + e.getMessage(), e);
        }
    }

    /** Starts answering requests from {@code view}; called once. */
    public synchronized void serve(AgentView view, Clock clock) {
        if (acceptor != null) {
            throw new IllegalStateException("already serving on " + socket);
        }
        ObjectMapper json = new ObjectMapper();
        Answers answers = new Answers(json);
        acceptor = new Thread(() -> accept(view, answers, json, clock), "control-accept");
        acceptor.start();
        LOG.info("control socket ready at {}", socket);
    }

    private void accept(AgentView view, Answers answers, ObjectMapper json, Clock clock) {
        while (true) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // Out of file descriptors, most likely: pause so the failure does not spin, then serve on.
                LOG.warn("control socket {}: accept failed: {}", socket, e.toString());
                try {
                    Thread.sleep(ACCEPT_RETRY.toMillis());
                } catch (InterruptedException stop) {
                    return;
                }
                continue;
            }
            ControlSession session = new ControlSession(client, view, answers, json, clock);
            // No queue: a client beyond the limit is told the agent is busy instead of waiting unseen.
            if (!slots.tryAcquire()) {
                session.refuse("the agent is serving " + MAX_CLIENTS + " clients already: try again when one has ended");
                closeQuietly(client);
                continue;
            }
            clients.add(client);
            sessions.removeIf(t -> !t.isAlive());
            Thread thread = new Thread(() -> {
                try {
                    session.run();
                } finally {
                    clients.remove(client);
                    closeQuietly(client);
                    slots.release();
                }
            }, "control-client-" + clientNumber.incrementAndGet());
            sessions.add(thread);
            thread.start();
        }
    }

    /** Stops accepting, ends every session (a tail too), and removes the socket file. */
    @Override
    public void close() {
        closeQuietly(server);
        try {
            if (acceptor != null) {
                acceptor.join(STOP_WAIT.toMillis());
            }
            // Closing a client's channel ends a session blocked on it; the interrupt ends one waiting for ingest.
            clients.forEach(ControlServer::closeQuietly);
            sessions.forEach(Thread::interrupt);
            long deadline = System.nanoTime() + STOP_WAIT.toNanos();
            for (Thread t : sessions) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                if (t.isAlive()) {
                    LOG.warn("control socket {}: {} did not end within {} s", socket, t.getName(), STOP_WAIT.toSeconds());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.warn("control socket {} could not be removed: {}", socket, e.getMessage());
        }
    }

    private static void closeQuietly(Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing a socket the peer already dropped: nothing left to release.
        }
    }
}
