package io.edgeagent.agent.uplink;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The newest retained message the broker acknowledged, per topic: status, machine states, capacity and
 * capability. After a reconnect (possibly to another broker of the failover list, which never saw them)
 * and on a {@code rebirth} command they are published again, so a subscriber that arrives later still
 * finds the whole picture. Thread-safe: acknowledgements arrive on the MQTT client's thread.
 */
final class RetainedPicture {

    /** One retained message as first rendered (without the historical flag). */
    record Entry(String topic, byte[] payload, long seq) {
    }

    private final Map<String, Entry> byTopic = new ConcurrentHashMap<>();

    /** Keeps {@code payload} unless a newer message of the topic was acknowledged already. */
    void acknowledged(String topic, byte[] payload, long seq) {
        byTopic.merge(topic, new Entry(topic, payload, seq), (old, neu) -> neu.seq() >= old.seq() ? neu : old);
    }

    /** Everything to republish, oldest first, so a subscriber sees the same order as the first time. */
    List<Entry> entries() {
        List<Entry> all = new ArrayList<>(byTopic.values());
        all.sort(Comparator.comparingLong(Entry::seq));
        return all;
    }
}
