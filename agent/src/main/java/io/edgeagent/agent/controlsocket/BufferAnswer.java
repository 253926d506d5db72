package io.edgeagent.agent.controlsocket;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeagent.agent.buffer.BufferReader;
import io.edgeagent.agent.buffer.BufferStats;
import io.edgeagent.agent.buffer.ClassStats;
import io.edgeagent.agent.buffer.MessageClass;
import io.edgeagent.agent.buffer.OutgoingMessage;
import io.edgeagent.agent.buffer.QuarantinedFile;
import io.edgeagent.agent.feed.Timestamps;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The answer to a {@code buffer} request. The running agent gives it over the control socket and the CLI builds
 * the very same from a stopped agent's file, so a script reads one shape either way; {@code source} tells which.
 */
public final class BufferAnswer {

    /** {@code source} of an answer the running agent gave. */
    public static final String FROM_AGENT = "agent";
    /** {@code source} of an answer read from a stopped agent's file. */
    public static final String FROM_FILE = "file";

    private BufferAnswer() {
    }

    /**
     * @param at     the moment of the answer: ages count from it
     * @throws io.edgeagent.agent.buffer.BufferUnavailableException when the buffer cannot be read
     */
    public static ObjectNode of(ObjectMapper json, Instant at, String source, BufferReader reader, BufferQuery query) {
        // Stats first: a page read after them cannot end before the lastSeq they report.
        BufferStats stats = reader.bufferStats();
        List<OutgoingMessage> messages = query.cls() == null ? List.of()
                : reader.read(query.cls(), query.afterSeq(), query.limit());
        ObjectNode n = json.createObjectNode();
        n.put("ok", true);
        n.put("at", Timestamps.format(at));
        n.put("source", source);
        stats(n.putObject("buffer"), stats, at);
        if (query.cls() != null) {
            ArrayNode list = n.putArray("messages");
            messages.forEach(m -> message(list.addObject(), m, query.payloadChars()));
        }
        return n;
    }

    /** The class's key in the stats: {@code events} or {@code telemetry}, as in the answer to {@code status}. */
    public static String key(MessageClass cls) {
        return switch (cls) {
            case EVENT -> "events";
            case TELEMETRY -> "telemetry";
        };
    }

    private static void stats(ObjectNode o, BufferStats s, Instant at) {
        o.put("file", s.file().toString());
        o.put("fileBytes", s.fileBytes());
        o.put("storedBytes", s.storedBytes());
        o.put("lastSeq", s.lastSeq());
        for (ClassStats c : s.classes()) {
            ObjectNode cls = o.putObject(key(c.cls()));
            cls.put("waiting", c.waiting());
            if (c.oldest().isPresent()) {
                cls.put("oldest", Timestamps.format(c.oldest().get()));
                cls.put("oldestAgeSeconds", Math.max(0, Duration.between(c.oldest().get(), at).toSeconds()));
            } else {
                cls.putNull("oldest");
                cls.putNull("oldestAgeSeconds");
            }
            cls.put("dropped", c.dropped());
        }
        ArrayNode quarantined = o.putArray("quarantined");
        for (QuarantinedFile q : s.quarantined()) {
            ObjectNode f = quarantined.addObject();
            f.put("file", q.file().toString());
            f.put("bytes", q.bytes());
            f.put("modified", Timestamps.format(q.modified()));
        }
    }

    private static void message(ObjectNode o, OutgoingMessage m, int payloadChars) {
        o.put("seq", m.seq());
        o.put("class", BufferQuery.label(m.cls()));
        o.put("topic", m.topic());
        o.put("qos", m.qos());
        o.put("retained", m.retained());
        o.put("acceptedAt", Timestamps.format(m.createdAt()));
        o.put("size", m.payload().length);
        String payload = new String(m.payload(), StandardCharsets.UTF_8);
        boolean cut = payloadChars > 0 && payload.codePointCount(0, payload.length()) > payloadChars;
        o.put("payload", cut ? payload.substring(0, payload.offsetByCodePoints(0, payloadChars)) : payload);
        o.put("truncated", cut);
    }
}
