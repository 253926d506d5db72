package io.edgeagent.drivers.opcua;

import io.edgeagent.drivers.Quality;
import io.edgeagent.drivers.Reading;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UNumber;

/** Turns OPC UA data values into {@link Reading}s: the value as a plain Java type, the quality and the time. */
final class DataValues {

    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private DataValues() {
    }

    static Reading toReading(String machineId, String signal, DataValue value, Instant receivedAt,
                             OpcUaSignal.Conversion conversion) {
        StatusCode status = value.getStatusCode();
        Quality quality = quality(status);
        String detail = quality == Quality.GOOD ? null : statusName(status);
        Object raw = value.getValue() == null ? null : value.getValue().getValue();
        Object converted = conversion.apply(javaValue(raw));
        Reading reading = Reading.of(machineId, signal, converted, timestamp(value, receivedAt), quality, detail);
        // The value is the text, as a rule compares it; the language a server tagged it with rides beside it.
        String locale = raw instanceof LocalizedText text && converted instanceof String ? text.getLocale() : null;
        return locale == null || locale.isBlank() ? reading : reading.inLocale(locale);
    }

    static Reading bad(String machineId, String signal, String detail, Instant at) {
        return new Reading(machineId, signal, null, at, Quality.BAD, detail);
    }

    /**
     * Boolean stays Boolean; every integer type, signed or unsigned, becomes Long (a UInt64 above
     * {@link Long#MAX_VALUE} becomes its decimal String rather than wrapping negative); Float and Double become
     * Double; String stays; LocalizedText gives its text (its locale goes on the reading); DateTime its ISO-8601
     * instant; an array the text {@code [a, b, ...]} of its converted elements; anything else its {@code toString()}.
     */
    static Object javaValue(Object raw) {
        if (raw == null || raw instanceof Boolean || raw instanceof String || raw instanceof Double) {
            return raw;
        }
        if (raw instanceof ULong unsigned) {
            BigInteger big = new BigInteger(unsigned.toString());
            return big.compareTo(LONG_MAX) <= 0 ? (Object) big.longValue() : unsigned.toString();
        }
        if (raw instanceof Byte || raw instanceof Short || raw instanceof Integer || raw instanceof Long
                || raw instanceof UNumber) {
            return ((Number) raw).longValue();
        }
        if (raw instanceof Float f) {
            // Via the decimal text: a PLC's 23.4f should read 23.4, not 23.399999618530273.
            return Double.parseDouble(f.toString());
        }
        if (raw instanceof LocalizedText text) {
            return text.getText();
        }
        if (raw instanceof DateTime time) {
            return time.getJavaInstant().toString();
        }
        if (raw instanceof Variant nested) {
            return javaValue(nested.getValue());
        }
        if (raw instanceof Object[] array) {
            return Arrays.stream(array).map(element -> String.valueOf(javaValue(element)))
                    .collect(Collectors.joining(", ", "[", "]"));
        }
        return raw.toString();
    }

    /** A missing status code means Good in OPC UA. */
    static Quality quality(StatusCode status) {
        if (status == null || status.isGood()) {
            return Quality.GOOD;
        }
        return status.isUncertain() ? Quality.UNCERTAIN : Quality.BAD;
    }

    /** The symbolic name, e.g. {@code Bad_NodeIdUnknown}, or the hex code when the stack does not know it. */
    static String statusName(StatusCode status) {
        if (status == null) {
            return "Good";
        }
        // The low 16 bits carry info flags (overflow, limits) that are not part of the code's name.
        long code = status.getValue() & 0xFFFF0000L;
        return StatusCodes.lookup(code).map(names -> names[0]).orElse(String.format("0x%08X", status.getValue()));
    }

    /** The source timestamp, else the server's, else when we received the value. */
    static Instant timestamp(DataValue value, Instant receivedAt) {
        if (isSet(value.getSourceTime())) {
            return value.getSourceTime().getJavaInstant();
        }
        if (isSet(value.getServerTime())) {
            return value.getServerTime().getJavaInstant();
        }
        return receivedAt;
    }

    private static boolean isSet(DateTime time) {
        return time != null && time.isValid() && !time.isNull();
    }
}
