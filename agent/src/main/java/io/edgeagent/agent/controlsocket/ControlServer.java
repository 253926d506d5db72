package io.edgeagent.agent.controlsocket;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local control endpoint the {@code edge-agent} CLI talks to: a Unix domain socket in the data dir,
 * never a network port. Who may connect is decided by the file's permissions, {@code rw-rw----}: the agent's
 * user and group. Each client sends one JSON request per line and gets one JSON answer per line (see
 * {@link Responder}).
 *
 * <p>No client can lock the others out (see {@link ControlLimits}): one thread, the {@link Intake}, waits for every
 * client's request, and closes one that sends none in time; each request is then answered on a thread of its own, a
 * few at once, the last free one kept for {@code status}; tails stream on threads of their own, a few at once. A
 * client beyond a limit is told at once that the agent is busy ({@code "busy": true}), never queued unseen.
 *
 * <p>Two steps: {@link #bind} makes the socket, so the agent's start fails before anything runs when it
 * cannot; {@link #serve} starts answering once the parts it reads are up. Until then a client waits in the
 * socket's backlog.
 */
public final class ControlServer implements AutoCloseable {

    /** The socket's file name in the data dir. */
    public static final String SOCKET_NAME = "control.sock";
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    private static final Set<PosixFilePermission> OWNER_AND_GROUP = PosixFilePermissions.fromString("rw-rw----");
    private static final Duration STOP_WAIT = Duration.ofSeconds(2);

    private final Path socket;
    private final ServerSocketChannel server;
    private volatile Serving serving;

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
    public void serve(AgentView view, Clock clock) {
        serve(view, clock, ControlLimits.DEFAULT);
    }

    synchronized void serve(AgentView view, Clock clock, ControlLimits limits) {
        if (serving != null) {
            throw new IllegalStateException("already serving on " + socket);
        }
        ObjectMapper json = new ObjectMapper();
        Answers answers = new Answers(json);
        Workers requests = new Workers("control-request", limits.requests());
        Workers tails = new Workers("control-tail", limits.tails());
        Intake intake;
        try {
            intake = new Intake(server, limits, answers);
        } catch (IOException e) {
            throw new ControlUnavailableException("cannot wait for clients on the control socket " + socket + ": "
                    + e.getMessage(), e);
        }
        Dispatch dispatch = new Dispatch(view, new Responder(view, answers, json, clock), answers, json, limits, intake,
                requests, tails);
        Thread thread = new Thread(() -> intake.run(dispatch::handle), "control-intake");
        serving = new Serving(intake, thread, requests, tails);
        thread.start();
        LOG.info("control socket ready at {}", socket);
    }

    /** Stops accepting, ends every session (a tail too), and removes the socket file. */
    @Override
    public void close() {
        Serving s = serving;
        try {
            if (s != null) {
                s.intake().stop();
                s.thread().join(STOP_WAIT.toMillis());
                // Closing a client's channel ends a worker blocked on it; the interrupt ends one waiting for ingest.
                s.intake().closeAll();
                long deadline = System.nanoTime() + STOP_WAIT.toNanos();
                s.requests().stop(deadline);
                s.tails().stop(deadline);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(server);
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.warn("control socket {} could not be removed: {}", socket, e.getMessage());
        }
    }

    private static void closeQuietly(ServerSocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing left to release.
        }
    }

    /** What {@link #serve} started, and {@link #close} stops. */
    private record Serving(Intake intake, Thread thread, Workers requests, Workers tails) {
    }
}
