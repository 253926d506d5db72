package io.edgeagent.agent.demo;

import io.edgeagent.agent.feed.sparkplug.Codec;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.PropertyValue;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.eclipse.tahu.model.MetricDataTypeMap;

/**
 * The summary of a Sparkplug B message for the demo's printer, decoded with Tahu as a host would: {@code seq}, then
 * each metric as {@code name#alias=value}, with {@code [historical]} when the message carries buffered data. DATA
 * messages name metrics by alias only; the names come from the last birth seen, as a host learns them.
 */
final class SparkplugLines {

    private static final int MAX_METRICS_SHOWN = 6;

    /** Per node or device topic without its type ("group/node[/device]"): metric names by alias, from its birth. */
    private final Map<String, Map<Long, String>> names = new HashMap<>();
    /** The metrics' data types by alias and name, from the births: DATA messages leave them out. */
    private final MetricDataTypeMap types = new MetricDataTypeMap();

    String summary(String topic, byte[] bytes) {
        String[] levels = topic.split("/");
        if (levels.length < 4) {
            return "(not an edge node topic)";
        }
        String type = levels[2];
        String source = levels[1] + "/" + levels[3] + (levels.length > 4 ? "/" + levels[4] : "");
        SparkplugBPayload payload;
        try {
            payload = Codec.decode(bytes, types);
        } catch (IllegalArgumentException e) {
            return "(not Sparkplug B) " + e.getMessage();
        }
        // Tahu leaves a metric out (null) when no birth told its type.
        List<Metric> metrics = payload.getMetrics().stream().filter(Objects::nonNull).toList();
        int unknown = payload.getMetrics().size() - metrics.size();
        if (type.endsWith("BIRTH")) {
            Map<Long, String> born = new HashMap<>();
            for (Metric m : metrics) {
                types.addMetricDataType(m.getName(), m.getDataType());
                if (m.getAlias() != null) {
                    types.addMetricDataType(m.getAlias(), m.getDataType());
                    born.put(m.getAlias(), m.getName());
                }
            }
            names.put(source, born);
        }
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-6s", type));
        if (payload.getSeq() != null) {
            b.append(" seq ").append(payload.getSeq());
        }
        if (type.endsWith("DEATH") && metrics.isEmpty()) {
            return b.toString();
        }
        b.append("  ").append(metrics.size()).append(metrics.size() == 1 ? " metric " : " metrics");
        Map<Long, String> known = names.getOrDefault(source, Map.of());
        for (Metric m : metrics.subList(0, Math.min(MAX_METRICS_SHOWN, metrics.size()))) {
            String name = m.getName() != null ? m.getName() : known.getOrDefault(m.getAlias(), "?");
            b.append("  ").append(name);
            if (m.getAlias() != null) {
                b.append('#').append(m.getAlias());
            }
            b.append('=').append(value(m));
        }
        if (metrics.size() > MAX_METRICS_SHOWN) {
            b.append("  ...");
        }
        if (unknown > 0) {
            b.append("  and ").append(unknown).append(" of unknown type (no birth seen)");
        }
        if (metrics.stream().anyMatch(m -> Boolean.TRUE.equals(m.isHistorical()))) {
            b.append("  [historical]");
        }
        return b.toString();
    }

    private static String value(Metric m) {
        String value;
        if (Boolean.TRUE.equals(m.getIsNull()) || m.getValue() == null) {
            value = "null";
        } else if (m.getValue() instanceof Double || m.getValue() instanceof Float) {
            value = String.format(Locale.ROOT, "%.1f", ((Number) m.getValue()).doubleValue());
        } else if (m.getValue() instanceof Date d) {
            value = d.toInstant().toString();
        } else {
            value = String.valueOf(m.getValue());
        }
        PropertyValue quality = m.getProperties() == null ? null : m.getProperties().getPropertyValue("Quality");
        return quality == null ? value : value + "(quality " + quality.getValue() + ")";
    }
}
