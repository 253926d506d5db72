package io.edgeagent.drivers.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ubyte;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ulong;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.edgeagent.drivers.Quality;
import io.edgeagent.drivers.Reading;
import io.edgeagent.drivers.opcua.OpcUaSignal.Conversion;
import java.time.Instant;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.junit.jupiter.api.Test;

class DataValuesTest {

    private static final Instant SOURCE = Instant.parse("2026-11-24T08:00:00Z");
    private static final Instant SERVER = Instant.parse("2026-11-24T08:00:01Z");
    private static final Instant RECEIVED = Instant.parse("2026-11-24T08:00:02Z");

    @Test
    void integersOfEverySizeAndSignBecomeLong() {
        assertEquals(-5L, DataValues.javaValue((byte) -5));
        assertEquals(300L, DataValues.javaValue((short) 300));
        assertEquals(4L, DataValues.javaValue(4));
        assertEquals(1L << 40, DataValues.javaValue(1L << 40));
        assertEquals(255L, DataValues.javaValue(ubyte(255)));
        assertEquals(65535L, DataValues.javaValue(ushort(65535)));
        assertEquals(4294967295L, DataValues.javaValue(uint(4294967295L)));
        assertEquals(Long.MAX_VALUE, DataValues.javaValue(ulong(Long.MAX_VALUE)));
        assertEquals("18446744073709551615", DataValues.javaValue(ULong.MAX), "beyond Long: exact decimal text");
    }

    /** Issue 16, item 8: a Modbus float NaN was BAD and an OPC UA one GOOD; a NaN now means one thing. */
    @Test
    void aGoodNotANumberFromTheServerIsABadReadingAsFromModbus() {
        for (Object nan : new Object[] {Double.NaN, Float.NaN, Double.NEGATIVE_INFINITY}) {
            Reading r = DataValues.toReading("imm-01", "mouldTemp",
                    new DataValue(new Variant(nan), StatusCode.GOOD, new DateTime(SOURCE), new DateTime(SERVER)), RECEIVED,
                    Conversion.NONE);
            assertEquals(Quality.BAD, r.quality(), nan.toString());
            assertNull(r.value());
            assertEquals("value is " + ((Number) nan).doubleValue(), r.detail());
        }
    }

    @Test
    void floatsKeepTheirDecimalValueAndOtherTypesBecomeText() {
        assertEquals(23.4, DataValues.javaValue(23.4f));
        assertEquals(230.5, DataValues.javaValue(230.5));
        assertEquals(Boolean.TRUE, DataValues.javaValue(true));
        assertEquals("PP-H 20%", DataValues.javaValue("PP-H 20%"));
        assertEquals("Mould 4711", DataValues.javaValue(LocalizedText.english("Mould 4711")));
        assertEquals("2026-11-24T08:00:00Z", DataValues.javaValue(new DateTime(SOURCE)));
        assertEquals("[1, 2, 3]", DataValues.javaValue(new Integer[] {1, 2, 3}));
        assertEquals("[1.5, on]", DataValues.javaValue(new Variant[] {new Variant(1.5f), new Variant("on")}));
        assertNull(DataValues.javaValue(null));
    }

    @Test
    void aGoodValueKeepsItsSourceTimestamp() {
        DataValue value = new DataValue(new Variant(uint(42)), StatusCode.GOOD, new DateTime(SOURCE),
                new DateTime(SERVER));

        assertEquals(new Reading("m", "cycles", 42L, SOURCE, Quality.GOOD, null),
                DataValues.toReading("m", "cycles", value, RECEIVED, Conversion.NONE));
    }

    @Test
    void aLocalizedTextIsItsTextAndKeepsItsLocaleOnTheReading() {
        DataValue chinese = new DataValue(new Variant(new LocalizedText("zh-CN", "缺料")), StatusCode.GOOD,
                new DateTime(SOURCE), null);
        DataValue untagged = new DataValue(new Variant(new LocalizedText(null, "no material")), StatusCode.GOOD,
                new DateTime(SOURCE), null);

        assertEquals(new Reading("m", "message", "缺料", SOURCE, Quality.GOOD, null, "zh-CN"),
                DataValues.toReading("m", "message", chinese, RECEIVED, Conversion.NONE));
        assertEquals(new Reading("m", "message", "no material", SOURCE, Quality.GOOD, null),
                DataValues.toReading("m", "message", untagged, RECEIVED, Conversion.NONE));
    }

    /** OPC UA's Duration is milliseconds; the agent's cycle times are seconds. */
    @Test
    void aDurationConvertedToSecondsKeepsItsDecimalValueAndLeavesOtherTypesAlone() {
        DataValue millis = new DataValue(new Variant(296.0), StatusCode.GOOD, new DateTime(SOURCE), null);
        DataValue text = new DataValue(new Variant("296"), StatusCode.GOOD, new DateTime(SOURCE), null);

        assertEquals(0.296, DataValues.toReading("m", "t", millis, RECEIVED, Conversion.MILLISECONDS_TO_SECONDS)
                .value());
        assertEquals("296", DataValues.toReading("m", "t", text, RECEIVED, Conversion.MILLISECONDS_TO_SECONDS)
                .value());
        assertEquals(296.0, DataValues.toReading("m", "t", millis, RECEIVED, Conversion.NONE).value());
    }

    @Test
    void timestampsFallBackToTheServersThenToReceipt() {
        DataValue serverOnly = new DataValue(new Variant(1.0), StatusCode.GOOD, null, new DateTime(SERVER));
        DataValue none = new DataValue(new Variant(1.0), StatusCode.GOOD, DateTime.NULL_VALUE, null);

        assertEquals(SERVER, DataValues.toReading("m", "s", serverOnly, RECEIVED, Conversion.NONE).sourceTime());
        assertEquals(RECEIVED, DataValues.toReading("m", "s", none, RECEIVED, Conversion.NONE).sourceTime());
    }

    @Test
    void statusCodesMapToQualityWithTheirSymbolicName() {
        Reading bad = DataValues.toReading("m", "s", new DataValue(StatusCodes.Bad_NodeIdUnknown), RECEIVED,
                Conversion.NONE);
        Reading uncertain = DataValues.toReading("m", "s",
                new DataValue(new Variant(3.0), new StatusCode(StatusCodes.Uncertain_LastUsableValue)), RECEIVED,
                Conversion.NONE);

        assertEquals(Quality.BAD, bad.quality());
        assertEquals("Bad_NodeIdUnknown", bad.detail());
        assertNull(bad.value());
        assertEquals(Quality.UNCERTAIN, uncertain.quality());
        assertEquals("Uncertain_LastUsableValue", uncertain.detail());
        assertEquals(3.0, uncertain.value());
        assertEquals("Bad_NodeIdUnknown",
                DataValues.statusName(new StatusCode(StatusCodes.Bad_NodeIdUnknown).withOverflow()),
                "info bits are not part of the name");
    }
}
