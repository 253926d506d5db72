package io.edgeagent.agent.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeagent.agent.feed.json.Payloads;
import io.edgeagent.agent.uplink.CommandHandler;
import io.edgeagent.agent.uplink.InternalFailure;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;

/**
 * Every command of the agent, behind the uplink's one {@link CommandHandler}: checks what all requests
 * share (size, JSON, a request id) and hands the request to its command. Commands are added before the
 * uplink starts.
 */
public final class CommandRouter implements CommandHandler {

    private static final int MAX_ID_LENGTH = 128;

    private final ObjectMapper json = new ObjectMapper();
    private final Payloads payloads;
    private final Map<String, Command> commands = new ConcurrentHashMap<>();

    public CommandRouter(Payloads payloads) {
        this.payloads = payloads;
    }

    /** Adds commands by name; a name can be added once. */
    CommandRouter add(Map<String, Command> more) {
        more.forEach((name, command) -> {
            if (commands.putIfAbsent(name, command) != null) {
                throw new IllegalArgumentException("command " + name + " added twice");
            }
        });
        return this;
    }

    public CommandRouter add(CapacityCommands capacity) {
        return add(capacity.commands());
    }

    public CommandRouter add(SharingCommands sharing) {
        return add(sharing.commands());
    }

    public CommandRouter add(AgentCommands agent) {
        return add(agent.commands());
    }

    @Override
    public Set<String> names() {
        return new TreeSet<>(commands.keySet());
    }

    @Override
    public CompletableFuture<byte[]> handle(String name, byte[] payload) {
        if (payload.length > CommandHandler.MAX_REQUEST_BYTES) {
            return done(failure(name, null, "the request is " + payload.length + " bytes, over the limit of "
                    + CommandHandler.MAX_REQUEST_BYTES));
        }
        JsonNode request;
        try {
            request = json.readTree(payload);
        } catch (JsonProcessingException e) {
            return done(failure(name, null, "the payload is not JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            return done(failure(name, null, "the payload could not be read: " + e.getMessage()));
        }
        if (request == null || !request.isObject()) {
            return done(failure(name, null, "the payload must be a JSON object"));
        }
        String requestId;
        try {
            requestId = Requests.text(request, "requestId", MAX_ID_LENGTH);
        } catch (BadRequest e) {
            requestId = null;
        }
        if (requestId == null || requestId.isBlank()) {
            return done(failure(name, null, "'requestId' is required: a string of 1 to " + MAX_ID_LENGTH
                    + " characters, unique per request (a retry repeats it)"));
        }
        Command command = commands.get(name);
        if (command == null) {
            return done(failure(name, requestId, "unknown command '" + name + "'; this agent takes " + names()));
        }
        String id = requestId;
        try {
            return command.run(requestId, request).exceptionally(e -> failure(name, id, notCarriedOut(name, id, request, e)));
        } catch (BadRequest e) {
            return done(failure(name, requestId, e.getMessage()));
        } catch (Throwable t) { // an Error too (a stack overflow on a pathological request): still this request's answer
            return done(failure(name, requestId, notCarriedOut(name, requestId, request, t)));
        }
    }

    /**
     * The reason for a request that failed while being carried out: the agent stopping is said as it is; anything
     * else is internal, and its text (SQL, paths) stays in the log.
     */
    private static String notCarriedOut(String name, String requestId, JsonNode request, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof RejectedExecutionException) {
            return "not carried out: the agent is stopping";
        }
        JsonNode machine = request.get("machine");
        return InternalFailure.report(name, requestId, machine != null && machine.isTextual()
                && machine.asText().length() <= CapacityCommands.MAX_MACHINE_LENGTH ? machine.asText() : null, failure);
    }

    @Override
    public byte[] failure(String name, String reason) {
        return failure(name, null, reason);
    }

    private byte[] failure(String name, String requestId, String reason) {
        return payloads.error(name, requestId, reason);
    }

    private static CompletableFuture<byte[]> done(byte[] answer) {
        return CompletableFuture.completedFuture(answer);
    }
}
