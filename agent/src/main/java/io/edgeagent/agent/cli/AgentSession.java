package io.edgeagent.agent.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeagent.agent.controlsocket.ControlClient;
import io.edgeagent.agent.text.Messages;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Optional;

/**
 * A command's conversation with the running agent: its config file tells where the data dir, and so the
 * control socket, is; every way of not reaching the agent becomes a {@link CommandFailure} that says what to do.
 */
final class AgentSession implements AutoCloseable {

    private final AgentLocation location;
    private final ControlClient client;
    private final ObjectMapper json;

    private AgentSession(AgentLocation location, ControlClient client, ObjectMapper json) {
        this.location = location;
        this.client = client;
        this.json = json;
    }

    /** @param messages the language "not running" is told in */
    static AgentSession open(AgentOptions options, ObjectMapper json, Messages messages) throws CommandFailure {
        AgentLocation location = AgentLocation.read(options.config);
        Optional<AgentSession> session = ifRunning(location, json);
        if (session.isEmpty()) {
            throw notRunning(location, messages);
        }
        return session.get();
    }

    /**
     * Connects when an agent listens on the socket; empty when none does (no socket file, or one left by an
     * agent that stopped). A socket this user may not use is a failure, not an absent agent.
     */
    static Optional<AgentSession> ifRunning(AgentLocation location, ObjectMapper json) throws CommandFailure {
        Path socket = location.socket();
        if (!Files.exists(socket)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new AgentSession(location, ControlClient.connect(socket, json), json));
        } catch (ConnectException e) {
            return Optional.empty();
        } catch (IOException e) {
            if (!Files.isWritable(socket)) {
                throw new CommandFailure("cannot use the control socket " + socket + ": permission denied. Run as the"
                        + " agent's user or root (sudo edge-agent ...), or join the socket's group" + group(socket)
                        + " and log in again", Main.FAILED);
            }
            throw new CommandFailure("cannot reach the agent on " + socket + ": " + e.getMessage(), Main.FAILED);
        }
    }

    static CommandFailure notRunning(AgentLocation location, Messages messages) {
        Path socket = location.socket();
        String why = messages.get(Files.exists(socket) ? "agent.notRunning.noAnswer" : "agent.notRunning.noSocket",
                socket);
        return new CommandFailure(messages.get("agent.notRunning", why, location.configFile()), Main.FAILED);
    }

    private static String group(Path socket) {
        try {
            String group = Files.readAttributes(socket, PosixFileAttributes.class).group().getName();
            return " '" + group + "' (sudo usermod -aG " + group + " $USER)";
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    AgentLocation location() {
        return location;
    }

    ObjectNode request(String op) {
        return json.createObjectNode().put("op", op);
    }

    /**
     * Asks one question; an answer with {@code ok: false} becomes a failure (exit 2 when the request was at fault, 3
     * when the agent is busy).
     */
    JsonNode ask(ObjectNode request) throws CommandFailure {
        send(request);
        JsonNode answer = next();
        if (answer == null) {
            throw new CommandFailure("the agent closed the connection without answering: it is stopping", Main.FAILED);
        }
        check(answer);
        return answer;
    }

    /** Sends a request whose answers follow one per line (tail); read them with {@link #next()}. */
    void send(ObjectNode request) throws CommandFailure {
        try {
            client.send(request);
        } catch (IOException e) {
            // A busy agent may refuse this client and hang up before the request goes out: its answer says so.
            JsonNode refusal = next();
            if (refusal != null) {
                check(refusal);
            }
            throw lost();
        }
    }

    /** The next answer line, or {@code null} when the agent closed the connection. */
    JsonNode next() throws CommandFailure {
        try {
            return client.next();
        } catch (JsonProcessingException e) {
            throw new CommandFailure("the agent sent something that is not JSON: " + e.getOriginalMessage(), Main.FAILED);
        } catch (IOException e) {
            throw lost();
        }
    }

    static void check(JsonNode answer) throws CommandFailure {
        if (!answer.path("ok").asBoolean()) {
            throw new CommandFailure(answer.path("error").asText("the agent refused the request"),
                    answer.path("busy").asBoolean() ? Main.BUSY
                            : answer.path("badRequest").asBoolean() ? Main.BAD_INPUT : Main.FAILED);
        }
    }

    /** The socket's own words (broken pipe, connection reset) tell a person nothing: what happened does. */
    private static CommandFailure lost() {
        return new CommandFailure("the agent closed the connection without answering: it is stopping, or too busy"
                + " to keep this client; try again in a moment", Main.FAILED);
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            // The socket is gone either way.
        }
    }
}
