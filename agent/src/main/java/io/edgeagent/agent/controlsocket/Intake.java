package io.edgeagent.agent.controlsocket;

import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control socket's one waiting thread: accepts clients and reads their requests without blocking, so that a
 * client that sends nothing holds no worker; hands each complete request line to a {@link Handler}, takes a
 * connection back when its answer is written, and closes every connection that is overdue.
 */
final class Intake {

    /** What is done with a complete request line, on the intake's thread: it must not block. */
    @FunctionalInterface
    interface Handler {
        void handle(ClientConnection client, String line);
    }

    private static final Logger LOG = LoggerFactory.getLogger(Intake.class);
    private static final Duration ACCEPT_RETRY = Duration.ofMillis(100);

    private final ServerSocketChannel server;
    private final Selector selector;
    private final ControlLimits limits;
    private final Answers answers;
    /** Connections waiting for a request, the one waiting longest first. */
    private final Map<ClientConnection, SelectionKey> waiting = new LinkedHashMap<>();
    /** Every connection not yet closed, waiting or with a worker; closed on stop. */
    private final Set<ClientConnection> open = ConcurrentHashMap.newKeySet();
    private final Queue<ClientConnection> returned = new ConcurrentLinkedQueue<>();
    private final AtomicInteger clientNumber = new AtomicInteger();
    private volatile boolean stopping;

    Intake(ServerSocketChannel server, ControlLimits limits, Answers answers) throws IOException {
        this.server = server;
        this.limits = limits;
        this.answers = answers;
        this.selector = Selector.open();
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
    }

    /** Takes clients until {@link #stop}, handing their requests to {@code handler}. */
    void run(Handler handler) {
        try {
            while (!stopping) {
                selector.select(TimeUnit.NANOSECONDS.toMillis(untilNextDeadline()));
                List<Ready> ready = new ArrayList<>();
                for (Iterator<SelectionKey> keys = selector.selectedKeys().iterator(); keys.hasNext(); ) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (key.isValid() && key.isAcceptable()) {
                        acceptAll();
                    } else if (key.isValid() && key.isReadable()) {
                        ClientConnection client = (ClientConnection) key.attachment();
                        try {
                            client.read();
                        } catch (IOException e) {
                            waiting.remove(client);
                            client.close();
                            continue;
                        }
                        take(client, ready);
                    }
                }
                for (ClientConnection client = returned.poll(); client != null; client = returned.poll()) {
                    take(client, ready);
                }
                closeOverdue();
                if (!ready.isEmpty()) {
                    // Deregisters the keys of the ready connections, so that a worker can make them blocking.
                    selector.selectNow();
                    ready.forEach(r -> handler.handle(r.client(), r.line()));
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            LOG.error("control socket: stopped taking clients: {}", e.toString());
        } finally {
            waiting.keySet().forEach(ClientConnection::close);
            waiting.clear();
            try {
                selector.close();
            } catch (IOException e) {
                // Nothing is left to wake.
            }
        }
    }

    /** Takes a connection back from a worker that has written its answer: its next request is waited for here. */
    void back(ClientConnection client) {
        returned.add(client);
        selector.wakeup();
    }

    /** Makes {@link #run} end soon; the connections with a worker are closed with {@link #closeAll}. */
    void stop() {
        stopping = true;
        selector.wakeup();
    }

    /** Closes every connection, also those a worker holds, which makes their workers end. */
    void closeAll() {
        open.forEach(ClientConnection::close);
    }

    private void acceptAll() {
        while (true) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                // Out of file descriptors, most likely: pause so the failure does not spin, then serve on.
                LOG.warn("control socket: accept failed: {}", e.toString());
                try {
                    Thread.sleep(ACCEPT_RETRY.toMillis());
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    stopping = true;
                }
                return;
            }
            if (channel == null) {
                return;
            }
            ClientConnection client = new ClientConnection(channel, "client-" + clientNumber.incrementAndGet(),
                    selector::wakeup);
            open.add(client);
            await(client);
        }
    }

    /** Hands on the client's next complete request, or waits for it; closes a client that has ended. */
    private void take(ClientConnection client, List<Ready> ready) {
        if (!client.isOpen()) {
            waiting.remove(client);
            return;
        }
        String line;
        try {
            line = client.nextLine();
        } catch (ClientConnection.TooLong e) {
            waiting.remove(client);
            client.dismiss(answers.line(answers.error(e.getMessage() + ": one JSON object per line, e.g. {\"op\":\"status\"}",
                    true)));
            return;
        }
        if (line != null) {
            client.noDeadline();
            SelectionKey key = waiting.remove(client);
            if (key != null) {
                key.cancel();
            }
            ready.add(new Ready(client, line));
        } else if (client.done()) {
            waiting.remove(client);
            client.close();
        } else if (!waiting.containsKey(client)) {
            await(client);
        }
    }

    private void await(ClientConnection client) {
        if (waiting.size() >= limits.waiting()) {
            // The longest waiting is the likeliest to be stuck, and a newcomer has its request on the way.
            ClientConnection oldest = waiting.keySet().iterator().next();
            waiting.remove(oldest);
            LOG.debug("control socket: {} closed to make room: {} clients were waiting", oldest.name(), limits.waiting());
            oldest.dismiss(answers.line(answers.busy("the agent is busy serving " + limits.waiting()
                    + " other clients: try again in a moment")));
        }
        try {
            waiting.put(client, client.await(selector, client.answered() ? limits.nextRequest() : limits.firstRequest()));
        } catch (IOException e) {
            client.close();
        }
    }

    private void closeOverdue() {
        long now = System.nanoTime();
        open.removeIf(client -> !client.isOpen());
        for (ClientConnection client : open) {
            if (!client.overdue(now)) {
                continue;
            }
            if (waiting.remove(client) != null) {
                Duration waited = client.answered() ? limits.nextRequest() : limits.firstRequest();
                LOG.debug("control socket: {} closed: no complete request within {}", client.name(), seconds(waited));
                client.dismiss(answers.line(answers.error("no complete request within " + seconds(waited)
                        + ": closing; send one JSON object per line, e.g. {\"op\":\"status\"}", true)));
            } else {
                LOG.debug("control socket: {} closed: it did not read its answer within {}", client.name(),
                        seconds(limits.write()));
                client.close();
            }
        }
    }

    private long untilNextDeadline() {
        long now = System.nanoTime();
        long next = open.stream().mapToLong(c -> c.untilDeadline(now)).min().orElse(Long.MAX_VALUE);
        if (next == Long.MAX_VALUE) {
            return 0;
        }
        // select(0) waits without end: an overdue connection is closed at once instead.
        return Math.max(TimeUnit.MILLISECONDS.toNanos(1), next);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
    }

    private record Ready(ClientConnection client, String line) {
    }
}
