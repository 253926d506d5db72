package io.edgeagent.drivers.modbus;

import io.edgeagent.drivers.Quality;
import java.util.Objects;

/**
 * One decoded value before it becomes a reading: the Java value ({@code null} when BAD) and why it is not good.
 *
 * @param value   Boolean, Long, Double or String; {@code null} when the quality is not GOOD
 * @param quality GOOD, or BAD with a detail
 * @param detail  the reason for a BAD quality (e.g. {@code ILLEGAL_DATA_ADDRESS (exception 2)}), else {@code null}
 */
record Sample(Object value, Quality quality, String detail) {

    Sample {
        Objects.requireNonNull(quality, "quality");
    }

    static Sample good(Object value) {
        return new Sample(Objects.requireNonNull(value, "value"), Quality.GOOD, null);
    }

    static Sample bad(String detail) {
        return new Sample(null, Quality.BAD, Objects.requireNonNull(detail, "detail"));
    }
}
