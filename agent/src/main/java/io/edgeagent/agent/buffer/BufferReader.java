package io.edgeagent.agent.buffer;

import java.util.List;

/**
 * Reads a buffer without changing it: the running agent's {@link Outbox}, or a stopped agent's {@link OutboxFile}.
 * Both throw {@link BufferUnavailableException} when the file cannot be read, never answer with less than is there.
 */
public interface BufferReader {

    BufferStats bufferStats();

    /** Up to {@code limit} committed messages of a class with a sequence above {@code afterSeq}, oldest first. */
    List<OutgoingMessage> read(MessageClass cls, long afterSeq, int limit);
}
