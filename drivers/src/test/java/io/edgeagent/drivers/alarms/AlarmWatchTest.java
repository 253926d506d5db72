package io.edgeagent.drivers.alarms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.drivers.Alarm;
import io.edgeagent.drivers.DriverHealth;
import io.edgeagent.drivers.Quality;
import io.edgeagent.drivers.Reading;
import io.edgeagent.drivers.ReadingSink;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Readings of alarm values become one Alarm per raise and clear, as OPC UA conditions do (Alarm's contract). */
class AlarmWatchTest {

    private static final Instant T0 = Instant.parse("2026-03-02T08:15:29Z");

    private final List<Alarm> alarms = new ArrayList<>();
    private final List<Reading> readings = new ArrayList<>();
    private final ReadingSink sink = new ReadingSink() {
        @Override
        public void onReading(Reading reading) {
            readings.add(reading);
        }

        @Override
        public void onHealth(String machineId, DriverHealth health) {
        }

        @Override
        public void onAlarm(Alarm alarm) {
            alarms.add(alarm);
        }
    };
    private final AlarmWatch watch = new AlarmWatch(sink, Map.of(
            "alarms:holding:8", AlarmWord.codes("holding:8", Map.of(1010L, new AlarmText("spindle overload", 800)), 500),
            "fault", AlarmWord.flag("fault", new AlarmText("hydraulic fault", 900))), Set.of("alarms:holding:8"));

    @Test
    void aCodeIsRaisedOnceAndClearedWhenTheRegisterGoesBackToZero() {
        watch.onReading(Reading.good("cnc-01", "alarms:holding:8", 0L, T0));
        watch.onReading(Reading.good("cnc-01", "alarms:holding:8", 1010L, T0.plusSeconds(1)));
        watch.onReading(Reading.good("cnc-01", "alarms:holding:8", 1010L, T0.plusSeconds(2)));
        watch.onReading(Reading.good("cnc-01", "alarms:holding:8", 0L, T0.plusSeconds(3)));

        assertEquals(List.of(
                new Alarm("cnc-01", "holding:8=1010", "holding:8", "spindle overload", null, 800, true, false,
                        T0.plusSeconds(1)),
                new Alarm("cnc-01", "holding:8=1010", "holding:8", "spindle overload", null, 800, false, false,
                        T0.plusSeconds(3))), alarms);
        assertTrue(readings.isEmpty(), "a register read only for its alarms is no telemetry: " + readings);
    }

    @Test
    void aNewCodeClearsTheOldOneAndABadReadingChangesNothing() {
        watch.onReading(Reading.good("cnc-01", "alarms:holding:8", 1010L, T0));
        watch.onReading(new Reading("cnc-01", "alarms:holding:8", null, T0.plusSeconds(1), Quality.BAD, "timeout"));
        assertEquals(1, alarms.size(), "an unreachable machine keeps its alarms");
        watch.onReading(Reading.good("cnc-01", "alarms:holding:8", 1234L, T0.plusSeconds(2)));

        assertEquals(3, alarms.size(), alarms.toString());
        assertEquals("holding:8=1010", alarms.get(1).id());
        assertFalse(alarms.get(1).active());
        assertEquals("alarm code 1234", alarms.get(2).message());
        assertEquals(500, alarms.get(2).severity());
        assertTrue(alarms.get(2).active());
    }

    @Test
    void aGpioInputIsItsAlarmWhileTrueAndStillTelemetry() {
        watch.onReading(Reading.good("press-01", "fault", true, T0));
        watch.onReading(Reading.good("press-01", "fault", false, T0.plusSeconds(1)));

        assertEquals(List.of(true, false), alarms.stream().map(Alarm::active).toList());
        assertEquals("hydraulic fault", alarms.get(0).message());
        assertEquals("fault", alarms.get(0).id());
        assertEquals(2, readings.size());
    }
}
