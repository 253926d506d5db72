package io.edgeagent.agent.uplink;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Carries out commands from the platform ({@code <base>/cmd/<name>}). The uplink subscribes, routes each
 * request by its name, and publishes the answer to the request's MQTT v5 response topic with its
 * correlation data (or to {@code cmd/<name>/reply} when it names none).
 */
public interface CommandHandler {

    /** Requests are small JSON objects; a larger payload is refused before it is parsed. */
    int MAX_REQUEST_BYTES = 16 * 1024;

    /** The command names handled; the last level of the command topic. */
    Set<String> names();

    /**
     * Starts carrying out one request; called on the uplink's command thread, one request after the other, so
     * it should not block for long. The future gives the answer's payload: an answer goes straight to the
     * requester, outside the data sequence, so it has no {@code seq}. Whatever it throws or fails with, {@link Error}s included, is answered through
     * {@link #failure} with a reference to the log, never with the failure's text.
     */
    CompletableFuture<byte[]> handle(String name, byte[] payload);

    /** The answer when the request could not be carried out at all. */
    byte[] failure(String name, String reason);
}
