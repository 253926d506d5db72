package io.edgeagent.agent.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgeagent.broker.FeedSubscriber;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.eclipse.tahu.message.SparkplugBPayloadEncoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.message.model.PropertyDataType;
import org.eclipse.tahu.message.model.PropertySet;
import org.eclipse.tahu.message.model.PropertyValue;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.junit.jupiter.api.Test;

/**
 * The demo's printer reads the Sparkplug B feed as a host does (Sparkplug 3.0, 6.4.4 and 6.4.5): DATA metrics come
 * by alias and without their data type, which only the birth told, so the printer must have read the birth to show
 * them at all.
 */
class FeedPrinterTest {

    private static final Instant AT = Instant.parse("2026-12-05T14:43:11.925Z");
    private final FeedPrinter printer = new FeedPrinter();

    @Test
    void dataByAliasIsShownByTheNameAndTypeOfTheBirth() throws Exception {
        Metric temp = new Metric.MetricBuilder("Signals/mouldTemp", MetricDataType.Double, 45.42).alias(36L)
                .timestamp(Date.from(AT)).createMetric();
        Metric state = new Metric.MetricBuilder("State", MetricDataType.String, "IDLE").alias(38L)
                .timestamp(Date.from(AT)).createMetric();
        assertEquals("DBIRTH seq 1  2 metrics  Signals/mouldTemp#36=45.4  State#38=IDLE",
                line("spBv1.0/plant/DBIRTH/gw/imm-02", payload(1, false, temp, state)));

        Metric hot = new Metric.MetricBuilder(36L, MetricDataType.Double, 51.0).timestamp(Date.from(AT))
                .isHistorical(true).properties(new PropertySet.PropertySetBuilder().addProperty("Quality",
                        new PropertyValue(PropertyDataType.Int32, 500)).createPropertySet()).createMetric();
        assertEquals("DDATA  seq 2  1 metric   Signals/mouldTemp#36=51.0(quality 500)  [historical]",
                line("spBv1.0/plant/DDATA/gw/imm-02", payload(2, true, hot)));
    }

    @Test
    void dataBeforeAnyBirthSaysItsMetricsCannotBeRead() throws Exception {
        Metric temp = new Metric.MetricBuilder(36L, MetricDataType.Double, 45.0).createMetric();
        assertEquals("DDATA  seq 7  0 metrics  and 1 of unknown type (no birth seen)",
                line("spBv1.0/plant/DDATA/gw/imm-02", payload(7, true, temp)));
    }

    @Test
    void aDeathShowsItsSeqAndTheNodeDeathItsBdSeq() throws Exception {
        assertEquals("DDEATH seq 9", line("spBv1.0/plant/DDEATH/gw/imm-02", payload(9, false)));
        SparkplugBPayload ndeath = new SparkplugBPayload(Date.from(AT), List.of(
                new Metric.MetricBuilder("bdSeq", MetricDataType.Int64, 3L).createMetric()));
        assertEquals("NDEATH  1 metric   bdSeq=3", line("spBv1.0/plant/NDEATH/gw",
                new SparkplugBPayloadEncoder().getBytes(ndeath, false)));
    }

    private static byte[] payload(long seq, boolean stripTypes, Metric... metrics) throws Exception {
        SparkplugBPayload payload = new SparkplugBPayload(Date.from(AT), new ArrayList<>(List.of(metrics)), seq);
        return new SparkplugBPayloadEncoder().getBytes(payload, stripTypes);
    }

    private String line(String topic, byte[] bytes) {
        String printed = printer.format(new FeedSubscriber.Received(topic, bytes, false), LocalTime.NOON);
        assertEquals("12:00:00.000  " + String.format("%-62s", topic), printed.substring(0, 76), printed);
        return printed.substring(77);
    }
}
