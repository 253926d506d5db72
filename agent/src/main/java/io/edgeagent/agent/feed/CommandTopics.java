package io.edgeagent.agent.feed;

/** Where the platform's request-and-answer commands arrive and are answered, for a feed that carries them. */
public interface CommandTopics {

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
