package io.edgeagent.agent.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeagent.agent.buffer.BufferReader;
import io.edgeagent.agent.buffer.BufferUnavailableException;
import io.edgeagent.agent.ingest.LastReading;
import io.edgeagent.agent.ingest.ReadingListener;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client of the control socket. It sends one JSON request per line and gets one JSON answer per line:
 * <ul>
 *   <li>{@code {"op":"status"}}: version, uptime, config, broker, buffer, every machine's state;</li>
 *   <li>{@code {"op":"machines"}} or with {@code "machine":"imm-01"}: signals with their latest values;</li>
 *   <li>{@code {"op":"why","machine":"imm-01"}}: every state rule checked against the values now;</li>
 *   <li>{@code {"op":"windows"}} or with {@code "machine"}: live and forecast windows, reservations;</li>
 *   <li>{@code {"op":"buffer"}}: what the outbox holds per class (depth, oldest, drops), its file's size and the
 *       unreadable files moved aside; with {@code "class"} ({@code events} or {@code telemetry}) and {@code "limit"}
 *       (1 to {@value BufferQuery#MAX_LIMIT}) also that many of the class's oldest messages, after the sequence
 *       {@code "after"} if given, payloads cut to {@code "payloadChars"} if given (see {@link BufferAnswer});</li>
 *   <li>{@code {"op":"tail"}}, optionally with {@code "machine"} and {@code "signal"}: one line saying what
 *       is followed ({@code "following"}: signal names by machine), then one line per reading ({@code "type":"reading"}) until the client closes; a client
 *       that reads too slowly misses readings, told by a {@code "type":"dropped"} line, and a quiet tail
 *       gets a {@code "type":"alive"} line now and then.</li>
 * </ul>
 * Every answer has {@code ok}; a failed one has {@code error} and {@code badRequest} (true when the request
 * was at fault, false when the agent could not answer).
 */
final class ControlSession {

    static final int MAX_REQUEST_BYTES = 4096;
    static final int TAIL_QUEUE = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(ControlSession.class);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration KEEPALIVE = Duration.ofSeconds(2);
    private static final int TAIL_BATCH = 256;
    private static final List<String> OPS = List.of("status", "machines", "why", "windows", "buffer", "tail");

    private final SocketChannel channel;
    private final AgentView view;
    private final Answers answers;
    private final ObjectMapper json;
    private final Clock clock;

    ControlSession(SocketChannel channel, AgentView view, Answers answers, ObjectMapper json, Clock clock) {
        this.channel = channel;
        this.view = view;
        this.answers = answers;
        this.json = json;
        this.clock = clock;
    }

    /** Answers requests until the client closes, a tail ends, or the server stops. */
    void run() {
        try {
            LineReader lines = new LineReader(Channels.newInputStream(channel), MAX_REQUEST_BYTES);
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel));
            for (String line = next(lines, out); line != null; line = next(lines, out)) {
                if (line.isBlank()) {
                    continue;
                }
                Request request;
                try {
                    request = parse(line);
                } catch (BadRequest e) {
                    send(out, answers.error(e.getMessage(), true));
                    continue;
                }
                if (request.op().equals("tail")) {
                    tail(request, out);
                    return;
                }
                send(out, answer(request));
            }
        } catch (IOException e) {
            // The client went away, or the server is stopping and closed the channel: nothing to answer.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Tells a client the server cannot take it, without blocking on a client that does not read. */
    void refuse(String why) {
        try {
            channel.write(ByteBuffer.wrap(line(answers.error(why, false))));
        } catch (IOException e) {
            // It has gone already.
        }
    }

    private String next(LineReader lines, OutputStream out) throws IOException {
        try {
            return lines.next();
        } catch (LineReader.LineTooLongException e) {
            send(out, answers.error("request " + e.getMessage() + ": one JSON object per line, e.g. {\"op\":\"status\"}", true));
            return null;
        }
    }

    private Request parse(String line) throws BadRequest {
        JsonNode node;
        try {
            node = json.readTree(line);
        } catch (JsonProcessingException e) {
            throw new BadRequest("not JSON: " + e.getOriginalMessage() + "; send one object per line, e.g. {\"op\":\"status\"}");
        }
        if (node == null || !node.isObject() || !node.path("op").isTextual()) {
            throw new BadRequest("a request is a JSON object with \"op\", one of " + OPS);
        }
        String op = node.get("op").asText();
        if (!OPS.contains(op)) {
            throw new BadRequest("unknown op '" + op + "': one of " + OPS);
        }
        if (op.equals("buffer")) {
            try {
                return new Request(op, null, null, BufferQuery.from(node));
            } catch (IllegalArgumentException e) {
                throw new BadRequest(e.getMessage() + ", e.g. {\"op\":\"buffer\",\"class\":\"events\",\"limit\":10}");
            }
        }
        Map<String, List<String>> configured = view.configured();
        String machine = text(node, "machine");
        if (machine != null && !configured.containsKey(machine)) {
            throw new BadRequest("unknown machine '" + machine + "': configured are " + String.join(", ", configured.keySet()));
        }
        if (machine == null && op.equals("why")) {
            throw new BadRequest("why needs a machine, e.g. {\"op\":\"why\",\"machine\":\"" + first(configured) + "\"}");
        }
        String signal = text(node, "signal");
        if (signal != null) {
            List<String> known = machine == null
                    ? configured.values().stream().flatMap(List::stream).distinct().toList()
                    : configured.get(machine);
            if (!known.contains(signal)) {
                throw new BadRequest("unknown signal '" + signal + "'" + (machine == null ? "" : " of " + machine)
                        + ": configured are " + String.join(", ", known));
            }
        }
        return new Request(op, machine, signal, null);
    }

    private ObjectNode answer(Request r) throws InterruptedException {
        try {
            return switch (r.op()) {
                case "status" -> answers.status(await(view.status()));
                case "machines" -> answers.machines(clock.instant(), await(view.machines()).stream()
                        .filter(m -> r.machine() == null || m.machineId().equals(r.machine()))
                        .toList(), view.configured());
                case "why" -> await(view.explain(r.machine()))
                        .map(e -> answers.why(clock.instant(), e))
                        .orElseGet(() -> answers.error("unknown machine '" + r.machine() + "'", true));
                case "buffer" -> buffer(r.buffer());
                default -> answers.windows(clock.instant(), await(view.windows()).stream()
                        .filter(p -> r.machine() == null || p.machineId().equals(r.machine()))
                        .toList());
            };
        } catch (TimeoutException e) {
            LOG.warn("control: {} not answered within {} s: the ingest thread is busy or stuck", r.op(),
                    ANSWER_TIMEOUT.toSeconds());
            return answers.error("the agent did not answer within " + ANSWER_TIMEOUT.toSeconds()
                    + " s: its ingest thread is busy or stuck (see the agent's log)", false);
        } catch (ExecutionException e) {
            return answers.error("the agent could not answer: " + e.getCause().getMessage(), false);
        }
    }

    private ObjectNode buffer(BufferQuery query) {
        Optional<BufferReader> reader = view.buffer();
        if (reader.isEmpty()) {
            return answers.error("this agent has no buffer to show", false);
        }
        try {
            return BufferAnswer.of(json, clock.instant(), BufferAnswer.FROM_AGENT, reader.get(), query);
        } catch (BufferUnavailableException e) {
            return answers.error(e.getMessage(), false);
        }
    }

    private void tail(Request r, OutputStream out) throws IOException, InterruptedException {
        BlockingQueue<LastReading> queue = new ArrayBlockingQueue<>(TAIL_QUEUE);
        AtomicLong dropped = new AtomicLong();
        // Runs on the ingest thread: a filter and an offer that never waits, so a slow client costs ingest nothing.
        ReadingListener listener = (reading, arrived) -> {
            if ((r.machine() == null || r.machine().equals(reading.machineId()))
                    && (r.signal() == null || r.signal().equals(reading.signal()))
                    && !queue.offer(new LastReading(reading, arrived))) {
                dropped.incrementAndGet();
            }
        };
        send(out, answers.tailing(clock.instant(), r.machine(), r.signal(), view.configured()));
        view.addListener(listener);
        try {
            long reported = 0;
            List<LastReading> batch = new ArrayList<>(TAIL_BATCH);
            while (true) {
                LastReading first = queue.poll(KEEPALIVE.toMillis(), TimeUnit.MILLISECONDS);
                if (first == null) {
                    send(out, answers.alive(clock.instant()));
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, TAIL_BATCH - 1);
                for (LastReading reading : batch) {
                    out.write(line(answers.reading(reading)));
                }
                batch.clear();
                long lost = dropped.get();
                if (lost > reported) {
                    out.write(line(answers.dropped(lost - reported)));
                    reported = lost;
                }
                out.flush();
            }
        } finally {
            view.removeListener(listener);
        }
    }

    private <T> T await(CompletableFuture<T> future) throws InterruptedException, ExecutionException, TimeoutException {
        return future.get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void send(OutputStream out, ObjectNode answer) throws IOException {
        out.write(line(answer));
        out.flush();
    }

    private byte[] line(ObjectNode answer) {
        try {
            byte[] body = json.writeValueAsBytes(answer);
            byte[] line = Arrays.copyOf(body, body.length + 1);
            line[body.length] = '\n';
            return line;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    private static String text(JsonNode node, String field) throws BadRequest {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new BadRequest("\"" + field + "\" must be a string");
        }
        return v.asText();
    }

    private static String first(Map<String, List<String>> configured) {
        return configured.keySet().stream().findFirst().orElse("<machine id>");
    }

    /** @param buffer what a {@code buffer} request asks; {@code null} for the other ops */
    private record Request(String op, String machine, String signal, BufferQuery buffer) {
    }

    private static final class BadRequest extends Exception {

        BadRequest(String message) {
            super(message);
        }
    }
}
