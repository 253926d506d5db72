package io.edgeagent.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeagent.agent.buffer.BufferFolder;
import io.edgeagent.agent.buffer.BufferUnavailableException;
import io.edgeagent.agent.buffer.OutboxFile;
import io.edgeagent.agent.controlsocket.BufferAnswer;
import io.edgeagent.agent.controlsocket.BufferQuery;
import java.time.Clock;
import java.util.Optional;

/**
 * Where the buffer commands read: the running agent over its control socket, which is the only way while it holds
 * the file; or, when no agent answers, the stopped agent's file, read-only. Both give the same answer.
 */
final class BufferSource implements AutoCloseable {

    private final AgentLocation location;
    /** The running agent; {@code null} when the file is read. */
    private final AgentSession session;
    /** The stopped agent's file; {@code null} when the agent answers. */
    private final OutboxFile file;
    private final ObjectMapper json;

    private BufferSource(AgentLocation location, AgentSession session, OutboxFile file, ObjectMapper json) {
        this.location = location;
        this.session = session;
        this.file = file;
        this.json = json;
    }

    static BufferSource open(AgentOptions options, ObjectMapper json) throws CommandFailure {
        AgentLocation location = AgentLocation.read(options.config);
        Optional<AgentSession> session = AgentSession.ifRunning(location, json);
        if (session.isPresent()) {
            return new BufferSource(location, session.get(), null, json);
        }
        try {
            return new BufferSource(location, null, OutboxFile.open(BufferFolder.inDataDir(location.dataDir())), json);
        } catch (BufferUnavailableException e) {
            throw new CommandFailure(e.getMessage(), Main.FAILED);
        }
    }

    AgentLocation location() {
        return location;
    }

    JsonNode ask(BufferQuery query) throws CommandFailure {
        if (session != null) {
            return session.ask(query.addTo(session.request("buffer")));
        }
        try {
            return BufferAnswer.of(json, Clock.systemUTC().instant(), BufferAnswer.FROM_FILE, file, query);
        } catch (BufferUnavailableException e) {
            throw new CommandFailure(e.getMessage(), Main.FAILED);
        }
    }

    @Override
    public void close() {
        if (session != null) {
            session.close();
        } else {
            file.close();
        }
    }
}
