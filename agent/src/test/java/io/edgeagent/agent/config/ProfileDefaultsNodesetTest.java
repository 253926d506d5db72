package io.edgeagent.agent.config;

import static io.edgeagent.drivers.opcua.SpecNamespaces.MACHINERY;
import static io.edgeagent.drivers.opcua.SpecNamespaces.MACHINE_TOOL;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgeagent.drivers.nodeset.NodeSets;
import io.edgeagent.drivers.nodeset.NodeSets.NodeRef;
import io.edgeagent.drivers.opcua.Profile;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each rule of each profile's default state mapping, with every number and name it compares a signal with read back
 * through the OPC Foundation's nodesets: an enumeration's number becomes the nodeset's name for it, a state
 * machine's state name must be one of the nodeset's states, and a value must have the type of the signal's DataType.
 * A rule that used 5 for PRODUCTION would read DRY_RUN here; one that compared StandstillReasonId (a String) with 0
 * would read "0 is not a String".
 */
class ProfileDefaultsNodesetTest {

    private static final NodeSets SPECS = NodeSets.all();

    /** The state machine whose CurrentState a text signal of a profile reads. */
    private static final Map<String, NodeRef> STATE_MACHINES = Map.of(
            "itemState", SPECS.type(MACHINERY, "MachineryItemState_StateMachineType"),
            "operationMode", SPECS.type(MACHINERY, "MachineryOperationModeStateMachineType"),
            "programState", SPECS.type(MACHINE_TOOL, "ProductionProgramStateMachineType"));

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "EUROMAP77   | OFFLINE     | isPresent eq false",
        "EUROMAP77   | DOWN        | standstillReason ne '' and productionStatus eq PRODUCTION",
        "EUROMAP77   | SETUP       | machineMode in [MANUAL, SETUP]",
        "EUROMAP77   | RUNNING     | machineMode eq AUTOMATIC and productionStatus eq PRODUCTION and counting cycleCounter",
        "EUROMAP77   | IDLE        | machineMode ge OTHER",
        "MACHINERY   | OFFLINE     | itemState eq NotAvailable",
        "MACHINERY   | DOWN        | itemState eq OutOfService and operationMode in [None, Processing]",
        "MACHINERY   | MAINTENANCE | operationMode eq Maintenance",
        "MACHINERY   | SETUP       | operationMode eq Setup",
        "MACHINERY   | RUNNING     | itemState eq Executing",
        "MACHINERY   | IDLE        | itemState eq NotExecuting",
        "MACHINETOOL | OFFLINE     | itemState eq NotAvailable",
        "MACHINETOOL | DOWN        | programState eq Aborted or (itemState eq OutOfService and operationMode ne Service)",
        "MACHINETOOL | MAINTENANCE | operationMode eq Service",
        "MACHINETOOL | SETUP       | operationMode in [Manual, Setup]",
        "MACHINETOOL | RUNNING     | programState eq Running",
        "MACHINETOOL | IDLE        | operationMode ge Manual"})
    void eachRuleComparesWithTheNodesetsValues(Profile profile, MachineState state, String expected) {
        Condition when = ProfileDefaults.rules(profile).rules().stream().filter(r -> r.state() == state)
                .findFirst().orElseThrow().when();

        assertEquals(expected, named(profile, when, true));
    }

    private static String named(Profile profile, Condition condition, boolean top) {
        if (condition instanceof Condition.Compare c) {
            return c.signal() + " " + c.op().key() + " " + named(profile, c.signal(), c.value());
        }
        if (condition instanceof Condition.In c) {
            return c.signal() + " in " + c.values().stream().map(v -> named(profile, c.signal(), v))
                    .collect(Collectors.joining(", ", "[", "]"));
        }
        if (condition instanceof Condition.Counting c) {
            return "counting " + c.signal();
        }
        String joined;
        if (condition instanceof Condition.All c) {
            joined = c.conditions().stream().map(x -> named(profile, x, false)).collect(Collectors.joining(" and "));
        } else if (condition instanceof Condition.Any c) {
            joined = c.conditions().stream().map(x -> named(profile, x, false)).collect(Collectors.joining(" or "));
        } else {
            return "otherwise";
        }
        return top ? joined : "(" + joined + ")";
    }

    /** The value as the nodeset names it, or why it cannot be a value of the signal's DataType. */
    private static String named(Profile profile, String signal, Object value) {
        String dataType = profile.signals().stream().filter(s -> s.name().equals(signal)).findFirst().orElseThrow()
                .dataType();
        return switch (dataType) {
            case "Boolean" -> value instanceof Boolean ? value.toString() : value + " is not a Boolean";
            case "String" -> value instanceof String text ? "'" + text + "'" : value + " is not a String";
            case "LocalizedText" -> SPECS.stateNames(STATE_MACHINES.get(signal)).contains(value) ? value.toString()
                    : value + " is not a state of " + SPECS.nameOf(STATE_MACHINES.get(signal));
            default -> value instanceof Long number
                    ? SPECS.enumeration(SPECS.dataType(dataType)).getOrDefault(number.intValue(),
                            number + " is not a " + dataType)
                    : value + " is not a number of " + dataType;
        };
    }
}
