package io.edgeagent.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgeagent.drivers.opcua.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A profile's own default rules obey the kinds a technician's rules are checked against. */
class ProfileSignalKindsTest {

    /** Issue 16: StandstillReasonId is a String in the GeneralTypes nodeset, so 'ne 0' on it is a config error. */
    @Test
    void kindsFollowTheNodesetDataTypes() {
        Map<String, SignalKind> imm = ProfileSignalKinds.of(Profile.EUROMAP77);
        assertEquals(SignalKind.TEXT, imm.get("standstillReason"));
        assertEquals(SignalKind.NUMBER, imm.get("machineMode"), "an enumeration arrives as its number");
        assertEquals(SignalKind.NUMBER, imm.get("expectedCycleTime"), "a Duration is a number of seconds");
        assertEquals(SignalKind.BOOLEAN, imm.get("isPresent"));
        assertEquals(SignalKind.TEXT, ProfileSignalKinds.of(Profile.MACHINETOOL).get("programState"), "a CurrentState is text");
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void theDefaultRulesCompareEachSignalWithValuesOfItsKind(Profile profile) {
        Map<String, SignalKind> kinds = ProfileSignalKinds.of(profile);
        List<String> mismatches = new ArrayList<>();
        ProfileDefaults.rules(profile).rules().stream().flatMap(rule -> rule.when().tree()).forEach(condition -> {
            if (condition instanceof Condition.Compare c) {
                check(kinds, c.signal(), c.value(), mismatches);
            } else if (condition instanceof Condition.In c) {
                c.values().forEach(value -> check(kinds, c.signal(), value, mismatches));
            }
        });
        assertEquals(List.of(), mismatches);
    }

    private static void check(Map<String, SignalKind> kinds, String signal, Object value, List<String> mismatches) {
        SignalKind kind = kinds.get(signal);
        if (kind != null && SignalKind.of(value).map(k -> k != kind).orElse(true)) {
            mismatches.add(signal + " is " + kind.noun() + " but is compared with " + value);
        }
    }
}
