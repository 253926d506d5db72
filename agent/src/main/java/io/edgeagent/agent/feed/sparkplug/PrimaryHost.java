package io.edgeagent.agent.feed.sparkplug;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * What the edge node knows of its primary host application from {@code spBv1.0/STATE/<host>} (specification 5.7,
 * 6.4.21): online once a STATE says {@code online: true} with a timestamp not older than the last one seen; offline,
 * and to be left, once one says {@code online: false} with a timestamp not older than the last online one. Updated
 * on the MQTT client's thread, read on the uplink's.
 */
final class PrimaryHost {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String topic;
    private boolean online;
    private long lastTimestamp = Long.MIN_VALUE;
    private long lastOnlineTimestamp = Long.MIN_VALUE;

    PrimaryHost(String hostId) {
        this.topic = SparkplugTopics.state(hostId);
    }

    String topic() {
        return topic;
    }

    synchronized boolean online() {
        return online;
    }

    /** A new connection: the host must be seen online on this broker before any birth. */
    synchronized void connecting() {
        online = false;
    }

    /**
     * Takes a STATE message.
     *
     * @return whether it takes the host from online to offline, so that the node must leave this broker
     * @throws IllegalArgumentException when it is not a STATE payload
     */
    synchronized boolean update(byte[] payload) {
        JsonNode state;
        try {
            state = JSON.readTree(payload);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (state == null || !state.path("online").isBoolean() || !state.path("timestamp").canConvertToLong()) {
            throw new IllegalArgumentException("not a STATE payload ({\"online\": true|false, \"timestamp\": ms})");
        }
        long timestamp = state.get("timestamp").asLong();
        if (state.get("online").asBoolean()) {
            if (timestamp >= lastTimestamp) {
                online = true;
                lastTimestamp = timestamp;
                lastOnlineTimestamp = timestamp;
            }
            return false;
        }
        if (timestamp >= lastOnlineTimestamp) {
            boolean was = online;
            online = false;
            lastTimestamp = timestamp;
            return was;
        }
        return false;
    }
}
