package io.edgeagent.drivers;

import java.time.Instant;
import java.util.Objects;

/**
 * One value of one signal of one machine, as the machine reported it.
 *
 * @param machineId  the configured machine id
 * @param signal     the configured signal name
 * @param value      {@link Boolean}, {@link Long}, a finite {@link Double} or {@link String}; {@code null} when
 *                   the source had no value (quality then says why). A float that is not a number or is
 *                   infinite is no value: every driver reads it as BAD through {@link #of}, so a NaN means the
 *                   same whichever protocol brought it
 * @param sourceTime when the machine (or the protocol's source) produced the value
 * @param quality    how far the value can be trusted
 * @param detail     the protocol's own word for a non-good quality (an OPC UA status name, a Modbus
 *                   exception), or {@code null}
 * @param locale     the language of a text value as the source tagged it (an OPC UA LocalizedText's locale, e.g.
 *                   {@code zh-CN}), or {@code null}: the value itself is the text alone
 */
public record Reading(String machineId, String signal, Object value, Instant sourceTime, Quality quality, String detail,
                      String locale) {

    public Reading {
        Objects.requireNonNull(machineId, "machineId");
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(sourceTime, "sourceTime");
        Objects.requireNonNull(quality, "quality");
        if (value != null && !(value instanceof Boolean || value instanceof Long || value instanceof Double
                || value instanceof String)) {
            throw new IllegalArgumentException("unsupported value type " + value.getClass().getName()
                    + " for " + machineId + "/" + signal + ": use Boolean, Long, Double or String");
        }
        if (value instanceof Double d && !Double.isFinite(d)) {
            throw new IllegalArgumentException(machineId + "/" + signal + ": " + d + " is not a value; use Reading.of");
        }
        if (locale != null && (locale.isBlank() || !(value instanceof String))) {
            throw new IllegalArgumentException(machineId + "/" + signal + ": a locale ('" + locale + "') goes with a"
                    + " text value only");
        }
    }

    /** A reading of a value without a language, as most are. */
    public Reading(String machineId, String signal, Object value, Instant sourceTime, Quality quality, String detail) {
        this(machineId, signal, value, sourceTime, quality, detail, null);
    }

    /** This reading of a text value in the language {@code locale} (e.g. {@code zh-CN}). */
    public Reading inLocale(String locale) {
        return new Reading(machineId, signal, value, sourceTime, quality, detail, locale);
    }

    /**
     * A reading as a driver makes it: a float that is not finite becomes BAD with a null value and the detail
     * {@code value is NaN} (or {@code Infinity}), whatever quality the source gave it. A Modbus register's NaN is
     * the usual "no measurement" of a PLC, and an OPC UA server's Good NaN is no number a rule or the cloud can
     * compare either.
     */
    public static Reading of(String machineId, String signal, Object value, Instant sourceTime, Quality quality,
                             String detail) {
        if (value instanceof Double d && !Double.isFinite(d)) {
            return new Reading(machineId, signal, null, sourceTime, Quality.BAD, notANumber(d));
        }
        return new Reading(machineId, signal, value, sourceTime, quality, detail);
    }

    /** The detail of a BAD reading whose float was not finite. */
    public static String notANumber(double value) {
        return "value is " + value;
    }

    public static Reading good(String machineId, String signal, Object value, Instant sourceTime) {
        return of(machineId, signal, value, sourceTime, Quality.GOOD, null);
    }

    public boolean isGood() {
        return quality == Quality.GOOD;
    }
}
