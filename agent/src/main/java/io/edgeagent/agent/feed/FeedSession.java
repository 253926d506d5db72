package io.edgeagent.agent.feed;

import java.util.List;
import java.util.Optional;

/**
 * What the MQTT transport needs of the feed it carries, in the feed's own format, around each broker session:
 * the Last Will, the births once connected (and again when asked), how a buffered message goes out, what the
 * session listens to for itself, and the deaths of an orderly stop. The transport publishes these bytes without
 * reading them, so a second feed format is a second implementation of this, not a change to the transport.
 *
 * <p>Every method but {@link #received} is called on the transport's publishing thread, or after it stopped.
 */
public interface FeedSession {

    /**
     * What the transport's threads are named after when it carries this feed beside another: {@code ""} for the
     * JSON feed (threads {@code mqtt-uplink}, ...), {@code "sparkplug"} for {@code mqtt-uplink-sparkplug}, ...
     */
    default String threadSuffix() {
        return "";
    }


    /**
     * The Last Will of a new connection, numbered {@code bdSeq} (one number per connection, shared by its Last Will
     * and its births, from a counter that survives restarts). Called once per connection attempt, before any other
     * method for that connection.
     */
    SessionMessage will(long bdSeq);

    /** Topics the session itself listens to (commands of its own format, a host's state); subscribed before any birth. */
    List<String> subscriptions();

    /** A message on one of {@link #subscriptions}, on the MQTT client's thread: it must return quickly. */
    void received(String topic, byte[] payload);

    /** Whether the births may go out now; until then nothing of the outbox is sent either. */
    boolean readyForBirth();

    /** The births of the connection numbered {@code bdSeq}, in order: once ready, and again on a rebirth. */
    List<SessionMessage> births(long bdSeq);

    /**
     * What the session asks of the transport now, taken once: its own rebirth, or to leave this broker for the
     * next one. Polled between publishes.
     */
    Request takeRequest();

    /**
     * A payload accepted into the outbox on {@code topic}, as it goes out now; {@code historical} when it was
     * accepted before this session's births. {@code null} when it must not go out in this session at all (it is
     * then dropped from the outbox as sent).
     */
    byte[] outgoing(String topic, byte[] payload, boolean historical);

    /** What an orderly stop publishes before it disconnects, in order. */
    List<SessionMessage> deaths(long bdSeq);

    /**
     * Whether the orderly disconnect asks the broker to publish the Last Will too (MQTT 5 reason code 0x04), as
     * Sparkplug wants; otherwise a normal disconnect, after which the broker discards it.
     */
    boolean disconnectWithWill();

    /** The platform's request-and-answer commands, for a feed that carries them. */
    Optional<CommandTopics> commandTopics();

    /** What the session asks of the transport. */
    enum Request {
        NONE,
        /** Publish the births again, on the same connection and with the same number. */
        REBIRTH,
        /** Publish the deaths, disconnect, and go on to the next broker of the list. */
        LEAVE
    }
}
