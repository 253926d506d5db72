package io.edgeagent.drivers.alarms;

import io.edgeagent.drivers.Alarm;
import java.util.Objects;

/**
 * What a person reads for one alarm code or bit, and how urgent it is.
 *
 * @param text     e.g. {@code spindle overload} or {@code 主轴过载}; not blank
 * @param severity 1 (least) to 1000 (most urgent), OPC UA's scale
 */
public record AlarmText(String text, int severity) {

    public AlarmText {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new IllegalArgumentException("an alarm text is blank");
        }
        if (severity < 1 || severity > Alarm.MAX_SEVERITY) {
            throw new IllegalArgumentException("alarm '" + text + "' has severity " + severity + ", outside 1..1000");
        }
    }
}
