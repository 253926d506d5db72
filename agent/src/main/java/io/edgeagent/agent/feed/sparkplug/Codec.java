package io.edgeagent.agent.feed.sparkplug;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.eclipse.tahu.message.SparkplugBPayloadDecoder;
import org.eclipse.tahu.message.SparkplugBPayloadEncoder;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.eclipse.tahu.model.MetricDataTypeMap;

/**
 * Sparkplug B payloads to and from their protobuf bytes, through Eclipse Tahu's codec. Decoding is public for those
 * who read the feed, as the demo's printer does; encoding stays with the edge node.
 */
public final class Codec {

    private Codec() {
    }

    /**
     * @param stripTypes leave the data types out, as DATA messages should (specification 6.4.4: a host knows them
     *                   from the birth)
     */
    static byte[] encode(SparkplugBPayload payload, boolean stripTypes) {
        try {
            return new SparkplugBPayloadEncoder().getBytes(payload, stripTypes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a Sparkplug payload", e);
        }
    }

    /** @throws IllegalArgumentException when the bytes are not a Sparkplug B payload */
    public static SparkplugBPayload decode(byte[] bytes) {
        return decode(bytes, new MetricDataTypeMap());
    }

    /**
     * Decodes a payload whose metrics may come without their data types, as DATA messages do.
     *
     * @param types the data types of the metrics by alias and name, as a host learns them from the births
     * @throws IllegalArgumentException when the bytes are not a Sparkplug B payload, or a metric's type is unknown
     */
    public static SparkplugBPayload decode(byte[] bytes, MetricDataTypeMap types) {
        try {
            return new SparkplugBPayloadDecoder().buildFromByteArray(bytes, types);
        } catch (Exception e) { // Tahu declares Exception: protobuf's and its own type errors alike
            throw new IllegalArgumentException("not a Sparkplug B payload: " + e.getMessage(), e);
        }
    }
}
