package io.edgeagent.agent.feed.sparkplug;

import java.util.Objects;

/**
 * The Sparkplug topic namespace of one edge node (specification 4.1): {@code spBv1.0/<group>/<type>/<node>[/<device>]},
 * and the host applications' {@code spBv1.0/STATE/<host>}.
 */
public record SparkplugTopics(String groupId, String edgeNodeId) {

    public static final String NAMESPACE = "spBv1.0";

    public SparkplugTopics {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(edgeNodeId, "edgeNodeId");
    }

    String node(MessageType type) {
        return NAMESPACE + "/" + groupId + "/" + type + "/" + edgeNodeId;
    }

    String device(MessageType type, String deviceId) {
        return node(type) + "/" + deviceId;
    }

    /** The filter for every message of this node and its devices, commands included. */
    public String all() {
        return NAMESPACE + "/" + groupId + "/+/" + edgeNodeId + "/#";
    }

    static String state(String hostId) {
        return NAMESPACE + "/STATE/" + hostId;
    }

    /** Of one of this node's topics, the type and the device ({@code null} for the node), or {@code null}. */
    Address parse(String topic) {
        String[] levels = topic.split("/", -1);
        if (levels.length < 4 || levels.length > 5 || !levels[0].equals(NAMESPACE) || !levels[1].equals(groupId)
                || !levels[3].equals(edgeNodeId)) {
            return null;
        }
        MessageType type;
        try {
            type = MessageType.valueOf(levels[2]);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return new Address(type, levels.length == 5 ? levels[4] : null);
    }

    /** Where a message of this node goes: its type, and its device or {@code null} for the node itself. */
    record Address(MessageType type, String deviceId) {
    }

    /** The message types of an edge node and its devices (specification 4.1.2). */
    enum MessageType {
        NBIRTH, NDEATH, NDATA, NCMD, DBIRTH, DDEATH, DDATA, DCMD
    }
}
