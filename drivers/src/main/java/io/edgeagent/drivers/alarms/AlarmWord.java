package io.edgeagent.drivers.alarms;

import io.edgeagent.drivers.Alarm;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One value of a machine that says which alarms hold, and the texts of its codes or bits.
 *
 * <ul>
 *   <li>{@link Kind#CODE}: the value is the number of the active alarm, 0 for none (a CNC's alarm code register).
 *       A code the table does not list is still an alarm, {@code alarm code 1234} at the default severity: an alarm
 *       nobody wrote a text for must not look like a healthy machine.</li>
 *   <li>{@link Kind#BITS}: each bit set is one alarm (a PLC's alarm word); bit 0 is the one worth 1. A bit without a
 *       text is not an alarm: alarm words often share their register with status bits.</li>
 *   <li>{@link Kind#FLAG}: the value is on or off (a coil, a discrete input, a GPIO input): on is the alarm.</li>
 * </ul>
 *
 * <p>An alarm's id is the place and its code ({@code holding:8=1010}), the place and its bit ({@code holding:9.3}),
 * or the place alone ({@code coil:5}, a GPIO input's name); its source is the place.
 *
 * @param place    where the value is, as the config writes it: {@code holding:8}, {@code coil:5}, an input's name
 * @param kind     how the value names alarms
 * @param texts    by code (CODE), by bit 0..15 (BITS), or the one text under key 1 (FLAG)
 * @param severity the severity of a code the table does not list (CODE)
 */
public record AlarmWord(String place, Kind kind, Map<Long, AlarmText> texts, int severity) {

    /** How a value names alarms. */
    public enum Kind { CODE, BITS, FLAG }

    private static final int BITS_IN_REGISTER = 16;

    public AlarmWord {
        Objects.requireNonNull(place, "place");
        Objects.requireNonNull(kind, "kind");
        texts = Map.copyOf(texts);
        if (severity < 1 || severity > Alarm.MAX_SEVERITY) {
            throw new IllegalArgumentException(place + ": severity " + severity + " is outside 1..1000");
        }
        for (Long key : texts.keySet()) {
            boolean fits = switch (kind) {
                case CODE -> key != 0;
                case BITS -> key >= 0 && key < BITS_IN_REGISTER;
                case FLAG -> key == 1;
            };
            if (!fits) {
                throw new IllegalArgumentException(place + ": " + key + " cannot name an alarm of a " + kind);
            }
        }
    }

    /** A code register: {@code codes} by their number, unlisted codes at {@code severity}. */
    public static AlarmWord codes(String place, Map<Long, AlarmText> codes, int severity) {
        return new AlarmWord(place, Kind.CODE, codes, severity);
    }

    /** An alarm word: {@code bits} by their number, 0 to 15. */
    public static AlarmWord bits(String place, Map<Long, AlarmText> bits) {
        return new AlarmWord(place, Kind.BITS, bits, 1);
    }

    /** A single on/off value that is the alarm {@code text} while on. */
    public static AlarmWord flag(String place, AlarmText text) {
        return new AlarmWord(place, Kind.FLAG, Map.of(1L, text), text.severity());
    }

    /** The alarms that hold while the value is {@code value}, by id, in code or bit order. */
    public Map<String, AlarmText> active(long value) {
        Map<String, AlarmText> active = new LinkedHashMap<>();
        switch (kind) {
            case CODE -> {
                if (value != 0) {
                    active.put(place + "=" + value, texts.getOrDefault(value,
                            new AlarmText("alarm code " + value, severity)));
                }
            }
            case BITS -> {
                for (long bit = 0; bit < BITS_IN_REGISTER; bit++) {
                    AlarmText text = texts.get(bit);
                    if (text != null && (value >> bit & 1) == 1) {
                        active.put(place + "." + bit, text);
                    }
                }
            }
            case FLAG -> {
                if (value != 0) {
                    active.put(place, texts.get(1L));
                }
            }
        }
        return active;
    }
}
