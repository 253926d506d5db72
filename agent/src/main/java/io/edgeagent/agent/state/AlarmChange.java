package io.edgeagent.agent.state;

import io.edgeagent.drivers.Alarm;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An alarm of a machine that was raised, changed or cleared, with the machine's active alarms after it.
 *
 * @param kind   what happened to it
 * @param alarm  the alarm as the machine reported it at the change
 * @param active the machine's active alarms afterwards, in the order they were raised
 */
public record AlarmChange(Kind kind, Alarm alarm, List<Alarm> active) {

    /** What happened to an alarm; {@link #key()} is its word in the feed. */
    public enum Kind {
        RAISED, CHANGED, CLEARED;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public AlarmChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(alarm, "alarm");
        active = List.copyOf(active);
    }

    public String machineId() {
        return alarm.machineId();
    }
}
