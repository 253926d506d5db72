package io.edgeagent.agent.feed.sparkplug;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.eclipse.tahu.message.SparkplugBPayloadDecoder;
import org.eclipse.tahu.message.SparkplugBPayloadEncoder;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.eclipse.tahu.model.MetricDataTypeMap;

/** Sparkplug B payloads to and from their protobuf bytes, through Eclipse Tahu's codec. */
final class Codec {

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
    static SparkplugBPayload decode(byte[] bytes) {
        try {
            return new SparkplugBPayloadDecoder().buildFromByteArray(bytes, new MetricDataTypeMap());
        } catch (Exception e) { // Tahu declares Exception: protobuf's and its own type errors alike
            throw new IllegalArgumentException("not a Sparkplug B payload: " + e.getMessage(), e);
        }
    }
}
