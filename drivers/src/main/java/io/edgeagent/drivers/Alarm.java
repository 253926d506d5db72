package io.edgeagent.drivers;

import java.time.Instant;
import java.util.Objects;

/**
 * One alarm of one machine as the machine reported it: raised, changed (acknowledged), or cleared. A driver reports
 * each change once; the agent keeps the list of a machine's active alarms from them.
 *
 * <p>On OPC UA this is an Alarms &amp; Conditions condition (OPC 10000-9): {@code id} its ConditionId, {@code source}
 * its SourceName, {@code message} and {@code severity} as the event carried them, {@code active} its ActiveState and
 * {@code acked} its AckedState. A Modbus or GPIO machine's alarm is a code or bit mapped to a text in the config.
 *
 * @param machineId the configured machine id
 * @param id        what tells this alarm from the machine's others, stable while it is active (a ConditionId as
 *                  {@code nsu=...;s=...}, or a register and code)
 * @param source    what raised it (a SourceName, a register), or {@code ""}
 * @param message   its text for a person, e.g. {@code spindle overload}
 * @param locale    the language of {@code message} as the source tagged it, or {@code null}
 * @param severity  1 (least) to 1000 (most urgent), OPC 10000-5's scale
 * @param active    whether the condition still holds; false once cleared
 * @param acked     whether someone acknowledged it at the machine
 * @param time      when the machine raised, changed or cleared it
 */
public record Alarm(String machineId, String id, String source, String message, String locale, int severity,
                    boolean active, boolean acked, Instant time) {

    /** OPC 10000-5 6.4.2: severity runs from 1 to 1000. */
    public static final int MAX_SEVERITY = 1000;

    public Alarm {
        Objects.requireNonNull(machineId, "machineId");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(time, "time");
        if (severity < 1 || severity > MAX_SEVERITY) {
            throw new IllegalArgumentException(machineId + ": alarm " + id + " has severity " + severity
                    + ", outside 1..1000");
        }
        if (locale != null && locale.isBlank()) {
            locale = null;
        }
    }

    /** This alarm cleared at {@code when}: no longer active, as a refresh found it gone or its code went back to 0. */
    public Alarm cleared(Instant when) {
        return new Alarm(machineId, id, source, message, locale, severity, false, acked, when);
    }

    /** Whether this and {@code other} say the same of the alarm apart from the time: a repeat, not a change. */
    public boolean sameAs(Alarm other) {
        return other != null && id.equals(other.id) && source.equals(other.source) && message.equals(other.message)
                && Objects.equals(locale, other.locale) && severity == other.severity && active == other.active
                && acked == other.acked;
    }
}
