package io.edgeagent.agent.feed;

/**
 * What the MQTT transport needs of the feed it carries, in the feed's own format: the agent's status for the
 * birth at each connect and for the Last Will, the mark of a message replayed from the buffer, and the topics
 * the platform's commands arrive and are answered on. The transport publishes these bytes without reading
 * them, so a second feed format is a second implementation of this, not a change to the transport.
 */
public interface FeedSession {

    /** Where the agent's status goes: the retained birth, its orderly offline counterpart and the Last Will. */
    String statusTopic();

    /**
     * The agent's status for the connection numbered {@code bdSeq}: online for the birth, offline for the stop and
     * the Last Will. One number per connection, shared by its Last Will and its birth, and apart from the data
     * sequence: a Last Will that never fires must not leave a gap where a lost message would.
     */
    byte[] status(long bdSeq, boolean online);

    /** A payload accepted before the connection it is sent on, marked as replayed from the buffer. */
    byte[] markHistorical(byte[] payload);

    /** The subscription that receives every command of the platform. */
    String commands();

    /** Where the answer to command {@code name} goes when its request names no response topic. */
    String commandReply(String name);

    /**
     * Why an answer must not go to {@code responseTopic} because of what the feed publishes there, or
     * {@code null} when it may. The transport checks what MQTT itself forbids.
     */
    String answerRefusal(String responseTopic);
}
