package io.edgeagent.agent.controlsocket;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One client of the control socket: its channel, what it has sent and not yet had answered, and by when the step it
 * is in must end. While it waits for a request it is read without blocking by the {@link Intake}; a worker answers
 * it blocking.
 */
final class ClientConnection {

    /** Read and dropped before a close, so that the client reads the last line instead of "connection reset". */
    private static final int DRAIN_BYTES = 64 * 1024;

    private final SocketChannel channel;
    private final String name;
    private final Runnable deadlineMoved;
    /** One byte more than a request may have, so that a request without its line end is told from one too long. */
    private final ByteBuffer input = ByteBuffer.allocate(Request.MAX_BYTES + 1);
    private boolean ended;
    private boolean answered;
    private volatile boolean hasDeadline;
    private volatile long deadline;

    /** @param deadlineMoved tells the intake, which closes overdue connections, that a worker set a deadline */
    ClientConnection(SocketChannel channel, String name, Runnable deadlineMoved) {
        this.channel = channel;
        this.name = name;
        this.deadlineMoved = deadlineMoved;
    }

    String name() {
        return name;
    }

    boolean isOpen() {
        return channel.isOpen();
    }

    /** Whether it has had an answer: then it is waiting for its next request, not its first. */
    boolean answered() {
        return answered;
    }

    /** Waits for its next request on {@code selector}, without blocking, until {@code within} has passed. */
    SelectionKey await(Selector selector, Duration within) throws IOException {
        channel.configureBlocking(false);
        deadline = System.nanoTime() + within.toNanos();
        hasDeadline = true;
        return channel.register(selector, SelectionKey.OP_READ, this);
    }

    /** Reads what has arrived; the connection must be waiting on a selector. */
    void read() throws IOException {
        if (input.hasRemaining() && channel.read(input) < 0) {
            ended = true;
        }
    }

    /** Whether the client has ended its side and every request it sent has been taken. */
    boolean done() {
        return ended && input.position() == 0;
    }

    /**
     * The next request line without its end, or {@code null} while none is complete. Blank lines are skipped; what
     * came last before the client ended its side counts as a line.
     *
     * @throws TooLong when more than {@link Request#MAX_BYTES} came without a line end
     */
    String nextLine() throws TooLong {
        while (true) {
            byte[] bytes = input.array();
            int end = 0;
            while (end < input.position() && bytes[end] != '\n') {
                end++;
            }
            if (end > Request.MAX_BYTES) {
                throw new TooLong();
            }
            boolean last = end == input.position();
            if (last && (!ended || end == 0)) {
                return null;
            }
            String line = new String(bytes, 0, end, StandardCharsets.UTF_8);
            int next = last ? end : end + 1;
            System.arraycopy(bytes, next, bytes, 0, input.position() - next);
            input.position(input.position() - next);
            if (!line.isBlank()) {
                return line;
            }
        }
    }

    /** Its request is taken: nothing is due until its answer is written. */
    void noDeadline() {
        hasDeadline = false;
    }

    /** Switches to blocking, for a worker; its key on the intake's selector must be gone. */
    void block() throws IOException {
        channel.configureBlocking(true);
    }

    /** Writes an answer; the intake closes the connection when the client has not read it within {@code within}. */
    void send(byte[] line, Duration within) throws IOException {
        deadline = System.nanoTime() + within.toNanos();
        hasDeadline = true;
        deadlineMoved.run();
        try {
            ByteBuffer out = ByteBuffer.wrap(line);
            while (out.hasRemaining()) {
                channel.write(out);
            }
            answered = true;
        } finally {
            hasDeadline = false;
        }
    }

    /** The blocking stream a tail writes to; a tail has no deadline, since it only drops what its client misses. */
    OutputStream output() {
        return Channels.newOutputStream(channel);
    }

    boolean overdue(long now) {
        return hasDeadline && now - deadline >= 0;
    }

    /** Nanoseconds until its deadline, or {@link Long#MAX_VALUE} when it has none. */
    long untilDeadline(long now) {
        return hasDeadline ? Math.max(0, deadline - now) : Long.MAX_VALUE;
    }

    /**
     * Tells the client why it is let go, as far as its socket takes the line at once, and closes. Only while it is
     * not blocking: a client that does not read cannot hold up the intake.
     */
    void dismiss(byte[] line) {
        try {
            channel.write(ByteBuffer.wrap(line));
            ByteBuffer drain = ByteBuffer.allocate(Request.MAX_BYTES);
            for (int drained = 0; drained < DRAIN_BYTES; drained += drain.position()) {
                drain.clear();
                if (channel.read(drain) <= 0) {
                    break;
                }
            }
        } catch (IOException e) {
            // It has gone already.
        }
        close();
    }

    void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing a socket the peer already dropped: nothing left to release.
        }
    }

    /** More than {@link Request#MAX_BYTES} without a line end. */
    static final class TooLong extends Exception {

        TooLong() {
            super("request line longer than " + Request.MAX_BYTES + " bytes");
        }
    }
}
