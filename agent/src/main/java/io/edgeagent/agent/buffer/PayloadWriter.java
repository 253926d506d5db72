package io.edgeagent.agent.buffer;

/**
 * Renders a payload once its sequence number is known: the sequence is assigned under the outbox's lock
 * so that sequence order and storage order are the same.
 */
@FunctionalInterface
public interface PayloadWriter {

    byte[] write(long seq);
}
