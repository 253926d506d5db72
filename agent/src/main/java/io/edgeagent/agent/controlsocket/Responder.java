package io.edgeagent.agent.controlsocket;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeagent.agent.buffer.BufferReader;
import io.edgeagent.agent.buffer.BufferUnavailableException;
import io.edgeagent.agent.ingest.LastReading;
import io.edgeagent.agent.ingest.ReadingListener;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * What the agent answers on its control socket. A client sends one JSON request per line and gets one JSON answer
 * per line:
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
 * Every answer has {@code ok}; a failed one has {@code error}, {@code badRequest} (true when the request was at
 * fault, false when the agent could not answer) and {@code busy} (true when the agent refused the client because it
 * serves as many as it takes: it may try again). See {@link ControlServer} for how many are served at once.
 */
final class Responder {

    private static final int TAIL_QUEUE = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(Responder.class);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration KEEPALIVE = Duration.ofSeconds(2);
    private static final int TAIL_BATCH = 256;

    private final AgentView view;
    private final Answers answers;
    private final ObjectMapper json;
    private final Clock clock;

    Responder(AgentView view, Answers answers, ObjectMapper json, Clock clock) {
        this.view = view;
        this.answers = answers;
        this.json = json;
        this.clock = clock;
    }

    /** The answer to any request but a tail; waits at most {@link #ANSWER_TIMEOUT} for the ingest thread. */
    ObjectNode answer(Request r) throws InterruptedException {
        try {
            return switch (r.op()) {
                case "status" -> answers.status(await(view.status()));
                case "machines" -> answers.machines(clock.instant(), await(view.machines()).stream()
                        .filter(m -> r.machine() == null || m.machineId().equals(r.machine()))
                        .toList(), view.configured());
                case "why" -> await(view.explain(r.machine()))
                        .map(e -> answers.why(clock.instant(), e, view.sharingRules().getOrDefault(r.machine(), List.of())))
                        .orElseGet(() -> answers.error("unknown machine '" + r.machine() + "'", true));
                case "buffer" -> buffer(r.buffer());
                default -> answers.windows(clock.instant(), await(view.windows()).stream()
                        .filter(p -> r.machine() == null || p.machineId().equals(r.machine()))
                        .toList(), view.sharingRules());
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

    /** Streams the readings {@code r} asks for to {@code out} until writing fails: the client or the server closed. */
    void tail(Request r, OutputStream out) throws IOException, InterruptedException {
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
                    out.write(answers.line(answers.reading(reading)));
                }
                batch.clear();
                long lost = dropped.get();
                if (lost > reported) {
                    out.write(answers.line(answers.dropped(lost - reported)));
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
        out.write(answers.line(answer));
        out.flush();
    }
}
