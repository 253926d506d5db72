package io.edgeagent.drivers.alarms;

import io.edgeagent.drivers.Alarm;
import io.edgeagent.drivers.DriverHealth;
import io.edgeagent.drivers.Reading;
import io.edgeagent.drivers.ReadingSink;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Passes a machine's readings on, and turns the readings of its alarm values into alarms: each good reading of a
 * watched signal is compared with the alarms that held before, and every alarm raised, changed or gone is reported
 * once, stamped with the reading's source time. A bad reading (the machine unreachable, an exception) changes
 * nothing: the alarms stand until a good reading says otherwise, so a reconnect clears exactly the alarms that ended
 * meanwhile.
 *
 * <p>Thread-safe: one driver may deliver from several threads, one at a time per machine.
 */
public final class AlarmWatch implements ReadingSink {

    private final ReadingSink next;
    private final Map<String, AlarmWord> words;
    private final Set<String> hidden;
    private final Map<String, Map<String, AlarmText>> holding = new HashMap<>();

    /**
     * @param words  the alarm values by the signal name their readings arrive under
     * @param hidden the signals read only for their alarms, whose readings are not passed on
     */
    public AlarmWatch(ReadingSink next, Map<String, AlarmWord> words, Set<String> hidden) {
        this.next = Objects.requireNonNull(next, "next");
        this.words = Map.copyOf(words);
        this.hidden = Set.copyOf(hidden);
    }

    @Override
    public void onReading(Reading reading) {
        AlarmWord word = words.get(reading.signal());
        if (word != null && reading.isGood()) {
            Long value = number(reading.value());
            if (value != null) {
                update(reading.machineId(), reading.signal(), word, word.active(value), reading.sourceTime());
            }
        }
        if (!hidden.contains(reading.signal())) {
            next.onReading(reading);
        }
    }

    @Override
    public void onHealth(String machineId, DriverHealth health) {
        next.onHealth(machineId, health);
    }

    @Override
    public void onAlarm(Alarm alarm) {
        next.onAlarm(alarm);
    }

    private synchronized void update(String machineId, String signal, AlarmWord word, Map<String, AlarmText> now,
                                     Instant time) {
        Map<String, AlarmText> before = holding.getOrDefault(signal, Map.of());
        for (Map.Entry<String, AlarmText> gone : before.entrySet()) {
            if (!now.containsKey(gone.getKey())) {
                next.onAlarm(alarm(machineId, word, gone.getKey(), gone.getValue(), time).cleared(time));
            }
        }
        for (Map.Entry<String, AlarmText> held : now.entrySet()) {
            if (!held.getValue().equals(before.get(held.getKey()))) {
                next.onAlarm(alarm(machineId, word, held.getKey(), held.getValue(), time));
            }
        }
        holding.put(signal, new LinkedHashMap<>(now));
    }

    private static Alarm alarm(String machineId, AlarmWord word, String id, AlarmText text, Instant time) {
        return new Alarm(machineId, id, word.place(), text.text(), null, text.severity(), true, false, time);
    }

    // A register arrives as a whole number, a coil or an input as true or false; anything else names no alarm.
    private static Long number(Object value) {
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        return null;
    }
}
