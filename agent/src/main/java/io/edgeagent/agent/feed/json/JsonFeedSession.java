package io.edgeagent.agent.feed.json;

import io.edgeagent.agent.feed.AgentIdentity;
import io.edgeagent.agent.feed.CommandTopics;
import io.edgeagent.agent.feed.FeedSession;
import io.edgeagent.agent.feed.SessionMessage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The JSON feed's part of each broker session: the retained status as birth, Last Will and orderly offline, the
 * replay mark, and the platform's command topics. Births at once, and asks nothing of the transport itself.
 */
public record JsonFeedSession(Topics topics, Payloads payloads, AgentIdentity identity)
        implements FeedSession, CommandTopics {

    public JsonFeedSession {
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(payloads, "payloads");
        Objects.requireNonNull(identity, "identity");
    }

    @Override
    public SessionMessage will(long bdSeq) {
        return status(bdSeq, false);
    }

    /** The platform's commands are subscribed through {@link #commandTopics}, when the agent takes them. */
    @Override
    public List<String> subscriptions() {
        return List.of();
    }

    @Override
    public void received(String topic, byte[] payload) {
        // Nothing is subscribed for the session itself.
    }

    @Override
    public boolean readyForBirth() {
        return true;
    }

    @Override
    public List<SessionMessage> births(long bdSeq) {
        return List.of(status(bdSeq, true));
    }

    @Override
    public Request takeRequest() {
        return Request.NONE;
    }

    @Override
    public byte[] outgoing(String topic, byte[] payload, boolean historical) {
        return historical ? Payloads.markHistorical(payload) : payload;
    }

    /** A normal disconnect does not fire the Last Will, so the stop says offline itself. */
    @Override
    public List<SessionMessage> deaths(long bdSeq) {
        return List.of(status(bdSeq, false));
    }

    @Override
    public boolean disconnectWithWill() {
        return false;
    }

    @Override
    public Optional<CommandTopics> commandTopics() {
        return Optional.of(this);
    }

    private SessionMessage status(long bdSeq, boolean online) {
        return new SessionMessage(topics.status(), payloads.status(bdSeq, identity, online), 1, true);
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
