package io.edgeagent.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code state:} bound against the signal names its caller gives: a machine's own signals, or those plus a
 * profile's standard ones that the file does not list.
 */
class StateRulesBinderTest {

    private static final String STATE = """
            offline: { signal: isPresent, eq: false }
            running: { all: [ { signal: machineMode, eq: 1 }, { counting: cycleCounter, cycleTime: expectedCycleTime } ] }
            """;

    private final Problems problems = new Problems("agent.yaml");

    private Optional<StateRules> bind(String yaml, List<String> signals) {
        BindContext context = new BindContext(problems, new EnvReferences(name -> null), Path.of("."));
        YamlValue state = new YamlValue(YamlParser.parse(yaml, "agent.yaml", problems).orElseThrow(),
                "machines[0].state", context);
        return StateRulesBinder.bind(state, signals);
    }

    @Test
    void signalsTheCallerNamesAreKnown() {
        StateRules rules = bind(STATE, List.of("isPresent", "machineMode", "cycleCounter", "expectedCycleTime"))
                .orElseThrow();

        assertEquals(List.of(), problems.sorted());
        assertEquals(List.of(
                new StateRule(MachineState.OFFLINE, new Condition.Compare("isPresent", Condition.Op.EQ, false)),
                new StateRule(MachineState.RUNNING, new Condition.All(List.of(
                        new Condition.Compare("machineMode", Condition.Op.EQ, 1L),
                        new Condition.Counting("cycleCounter", null, "expectedCycleTime"))))), rules.rules());
    }

    @Test
    void signalsTheCallerDoesNotNameAreReportedWhereTheyAreWritten() {
        assertEquals(Optional.empty(), bind(STATE, List.of("machineMode", "cycleCounter")));

        assertEquals(List.of(
                "agent.yaml:1:20: unknown signal 'isPresent' in machines[0].state.offline.signal: the signals of this"
                        + " machine are machineMode, cycleCounter",
                "agent.yaml:2:88: unknown signal 'expectedCycleTime' in machines[0].state.running.all[1].cycleTime:"
                        + " the signals of this machine are machineMode, cycleCounter"),
                problems.sorted().stream().map(ConfigProblem::format).toList());
    }
}
