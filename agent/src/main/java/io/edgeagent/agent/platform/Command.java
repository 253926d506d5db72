package io.edgeagent.agent.platform;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;

/** One command the platform can send: carried out from its parsed request, answered by the payload it gives. */
@FunctionalInterface
interface Command {

    /**
     * Starts carrying out the request; called on the uplink's command thread, which takes one request at a
     * time, so it should not block for long.
     *
     * @throws BadRequest when the request cannot be carried out as written; its message is the answer's reason
     */
    CompletableFuture<byte[]> run(String requestId, JsonNode request);
}
