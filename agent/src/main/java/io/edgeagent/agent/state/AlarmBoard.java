package io.edgeagent.agent.state;

import io.edgeagent.drivers.Alarm;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A machine's active alarms, kept from what its driver reports. They outlive a disconnect: a machine that comes back
 * still has its alarms until its driver says otherwise (an OPC UA ConditionRefresh does, at every new subscription).
 * Not thread-safe: the ingest thread owns it.
 */
final class AlarmBoard {

    private final Map<String, Alarm> active = new LinkedHashMap<>();

    /** Takes one report; empty when it changes nothing (a clear of an alarm not active, a repeat). */
    Optional<AlarmChange> apply(Alarm alarm) {
        if (alarm.active()) {
            Alarm before = active.put(alarm.id(), alarm);
            if (alarm.sameAs(before)) {
                return Optional.empty();
            }
            return Optional.of(new AlarmChange(before == null ? AlarmChange.Kind.RAISED : AlarmChange.Kind.CHANGED,
                    alarm, active()));
        }
        if (active.remove(alarm.id()) == null) {
            return Optional.empty();
        }
        return Optional.of(new AlarmChange(AlarmChange.Kind.CLEARED, alarm, active()));
    }

    List<Alarm> active() {
        return List.copyOf(active.values());
    }

    /** The most severe active alarm of at least {@code minSeverity}; of equal ones, the first raised. */
    Optional<Alarm> mostSevere(int minSeverity) {
        return active.values().stream().filter(a -> a.severity() >= minSeverity)
                .max(Comparator.comparingInt(Alarm::severity));
    }
}
