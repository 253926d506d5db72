package io.edgeagent.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgeagent.agent.state.MachineStateTracker;
import io.edgeagent.drivers.ConnectionState;
import io.edgeagent.drivers.DriverHealth;
import io.edgeagent.drivers.Reading;
import io.edgeagent.drivers.opcua.Profile;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every state of each profile's default mapping, from the values a machine shows. The EUROMAP 77 cycle counter
 * last advanced {@code counterAgo} seconds before the evaluation, with an expected cycle time of 10 s: within 30 s
 * it counts as cycling.
 */
class ProfileDefaultsTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    /** StandstillReasonId is a String (OPC 40083): "" is no reason, any other text (even "0") is one. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // case                                  | present | mode | status | reason        | counterAgo | state
        "IsPresent false outranks all            | false   | 1    | 4      | NO_MATERIAL   | 5          | OFFLINE",
        "standstill reason in PRODUCTION         | true    | 1    | 4      | NO_MATERIAL   | 5          | DOWN",
        "a reason whose id is the text 0         | true    | 1    | 4      | 0             | 5          | DOWN",
        "standstill reason without production    | true    | 1    | 1      | NO_MATERIAL   | -1         | IDLE",
        "SETUP mode                              | true    | 4    | 1      | ''            | -1         | SETUP",
        "MANUAL mode                             | true    | 3    | 4      | ''            | 5          | SETUP",
        "AUTOMATIC, PRODUCTION, cycling          | true    | 1    | 4      | ''            | 5          | RUNNING",
        "production stalled without a reason     | true    | 1    | 4      | ''            | 45         | IDLE",
        "NO_PRODUCTION                           | true    | 1    | 1      | ''            | -1         | IDLE",
        "READY_FOR_PRODUCTION, even cycling      | true    | 1    | 3      | ''            | 5          | IDLE",
        "SLEEP                                   | true    | 5    | 1      | ''            | -1         | IDLE",
        "SEMI_AUTOMATIC is not the AUTOMATIC run | true    | 2    | 4      | ''            | 5          | IDLE"})
    void euromap77(String name, boolean present, long mode, long status, String reason, long counterAgo,
                   MachineState expected) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("isPresent", present);
        values.put("machineMode", mode);
        values.put("productionStatus", status);
        values.put("standstillReason", reason);
        values.put("expectedCycleTime", 10.0);

        values.put("cycleCounter", 41L);       // the server always has a value, advancing or not

        MachineStateTracker tracker = tracker(Profile.EUROMAP77, values);
        if (counterAgo >= 0) {
            Instant before = NOW.minusSeconds(counterAgo);
            tracker.onReading(Reading.good("m", "cycleCounter", 41L, before.minusSeconds(10)), before.minusSeconds(10));
            tracker.onReading(Reading.good("m", "cycleCounter", 42L, before), before);
        }

        assertEquals(expected, evaluate(tracker), name);
    }

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource({
        "NotAvailable, Processing, OFFLINE",
        "OutOfService, Processing, DOWN",
        "OutOfService, None, DOWN",
        "OutOfService, Maintenance, MAINTENANCE",
        "NotExecuting, Maintenance, MAINTENANCE",
        "OutOfService, Setup, SETUP",
        "NotExecuting, Setup, SETUP",
        "Executing, Processing, RUNNING",
        "NotExecuting, Processing, IDLE"})
    void machinery(String itemState, String operationMode, MachineState expected) {
        assertEquals(expected, evaluate(tracker(Profile.MACHINERY,
                Map.of("itemState", itemState, "operationMode", operationMode))));
    }

    @ParameterizedTest(name = "{0}, mode {1}, {2}")
    @CsvSource({
        "NotAvailable, 5, Ended, OFFLINE",
        "Executing, 1, Aborted, DOWN",
        "OutOfService, 1, Ended, DOWN",
        "OutOfService, 4, Ended, MAINTENANCE",
        "NotExecuting, 2, Ended, SETUP",
        "NotExecuting, 0, Ended, SETUP",
        "Executing, 1, Running, RUNNING",
        "NotExecuting, 1, Ended, IDLE",
        "NotExecuting, 3, Interrupted, IDLE"})
    void machineTool(String itemState, long operationMode, String programState, MachineState expected) {
        assertEquals(expected, evaluate(tracker(Profile.MACHINETOOL,
                Map.of("itemState", itemState, "operationMode", operationMode, "programState", programState))));
    }

    @ParameterizedTest
    @CsvSource({"EUROMAP77", "MACHINERY", "MACHINETOOL"})
    void aMachineThatReportsNoneOfItsStandardVariablesIsNeverIdle(Profile profile) {
        assertEquals(MachineState.OFFLINE, evaluate(tracker(profile, Map.of())));
    }

    private static MachineStateTracker tracker(Profile profile, Map<String, Object> values) {
        MachineStateTracker tracker = new MachineStateTracker("m", ProfileDefaults.rules(profile), Duration.ZERO);
        tracker.onHealth(new DriverHealth(ConnectionState.CONNECTED, NOW.minusSeconds(60), null));
        values.forEach((signal, value) -> tracker.onReading(Reading.good("m", signal, value, NOW.minusSeconds(50)),
                NOW.minusSeconds(50)));
        return tracker;
    }

    private static MachineState evaluate(MachineStateTracker tracker) {
        return tracker.evaluate(NOW).orElseThrow().state();
    }
}
