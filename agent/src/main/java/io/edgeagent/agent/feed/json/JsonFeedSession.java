package io.edgeagent.agent.feed.json;

import io.edgeagent.agent.feed.AgentIdentity;
import io.edgeagent.agent.feed.FeedSession;
import java.util.Objects;

/** The JSON feed's part of each broker session: its status topic and payload, replay mark and command topics. */
public record JsonFeedSession(Topics topics, Payloads payloads, AgentIdentity identity) implements FeedSession {

    public JsonFeedSession {
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(payloads, "payloads");
        Objects.requireNonNull(identity, "identity");
    }

    @Override
    public String statusTopic() {
        return topics.status();
    }

    @Override
    public byte[] status(long bdSeq, boolean online) {
        return payloads.status(bdSeq, identity, online);
    }

    @Override
    public byte[] markHistorical(byte[] payload) {
        return Payloads.markHistorical(payload);
    }

    @Override
    public String commands() {
        return topics.commands();
    }

    @Override
    public String commandReply(String name) {
        return topics.commandReply(name);
    }

    /**
     * Inside the agent's own topics an answer would pass for its feed (on {@code status}, for the agent's own
     * status); only the default reply topics are the requester's there.
     */
    @Override
    public String answerRefusal(String responseTopic) {
        if (topics.owns(responseTopic) && !topics.isCommandReply(responseTopic)) {
            return "is inside this agent's own topics (" + topics.base() + "/...), where an answer would pass for its"
                    + " feed: use a topic of the requester's own";
        }
        return null;
    }
}
