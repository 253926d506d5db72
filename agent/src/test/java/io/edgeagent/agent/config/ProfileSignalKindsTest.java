package io.edgeagent.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.drivers.opcua.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A profile's own default rules obey the kinds a technician's rules are checked against. */
class ProfileSignalKindsTest {

    @ParameterizedTest
    @EnumSource(Profile.class)
    void everyDeclaredKindIsOfAStandardSignal(Profile profile) {
        List<String> standard = profile.signals().stream().map(Profile.Signal::name).toList();
        ProfileSignalKinds.of(profile).keySet()
                .forEach(name -> assertTrue(standard.contains(name), name + " is no " + profile.title() + " signal"));
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
