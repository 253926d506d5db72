package io.edgeagent.agent.controlsocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/** The CLI's end of the control socket: send a request, read answer lines. One thread at a time. */
public final class ControlClient implements AutoCloseable {

    /** Answers list every signal or window of every machine: generous, but bounded all the same. */
    private static final int MAX_ANSWER_BYTES = 64 * 1024 * 1024;

    private final SocketChannel channel;
    private final ObjectMapper json;
    private final LineReader lines;
    private final OutputStream out;

    private ControlClient(SocketChannel channel, ObjectMapper json) {
        this.channel = channel;
        this.json = json;
        this.lines = new LineReader(Channels.newInputStream(channel), MAX_ANSWER_BYTES);
        this.out = Channels.newOutputStream(channel);
    }

    /**
     * Connects to the agent's socket.
     *
     * @throws IOException when no agent listens there (no such file, connection refused) or this user may
     *                     not use the socket (permission denied)
     */
    public static ControlClient connect(Path socket, ObjectMapper json) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            return new ControlClient(channel, json);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Sends a request line. */
    public void send(ObjectNode request) throws IOException {
        byte[] body = json.writeValueAsBytes(request);
        out.write(body);
        out.write('\n');
    }

    /** The next answer line, or {@code null} when the agent closed the connection (it stopped). */
    public JsonNode next() throws IOException {
        String line = lines.next();
        return line == null ? null : json.readTree(line);
    }

    /** Sends a request and reads its answer; {@code null} when the agent closed the connection first. */
    public JsonNode ask(ObjectNode request) throws IOException {
        send(request);
        return next();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
