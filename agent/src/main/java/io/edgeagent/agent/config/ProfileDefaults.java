package io.edgeagent.agent.config;

import io.edgeagent.agent.config.Condition.All;
import io.edgeagent.agent.config.Condition.Any;
import io.edgeagent.agent.config.Condition.Compare;
import io.edgeagent.agent.config.Condition.Counting;
import io.edgeagent.agent.config.Condition.In;
import io.edgeagent.agent.config.Condition.Op;
import io.edgeagent.drivers.opcua.Profile;
import java.util.List;

/**
 * What a profile's standard variables mean for the machine's state, and which of them counts cycles: the rules a
 * technician gets by writing only {@code profile:}. Rules in the file replace these state by state.
 *
 * <p>Enumerations arrive as numbers (EUROMAP 83 MachineMode, ProductionStatus; OPC 40501 MachineOperationMode), state
 * machines as the text of their current state (OPC 40001-1 MachineryItemState and MachineryOperationMode, the
 * 40501 program state), which the specifications name in English.
 */
final class ProfileDefaults {

    private ProfileDefaults() {
    }

    /** The profile's state rules, with the default dwell. */
    static StateRules rules(Profile profile) {
        return new StateRules(switch (profile) {
            case EUROMAP77 -> euromap77();
            case MACHINERY -> machinery();
            case MACHINETOOL -> machineTool();
        });
    }

    /** The signal counting cycles or parts for metering, or {@code null} when the profile has none. */
    static String counter(Profile profile) {
        return switch (profile) {
            case EUROMAP77 -> "cycleCounter";
            case MACHINERY -> null;
            case MACHINETOOL -> "partsProduced";
        };
    }

    /**
     * MachineMode: 1 AUTOMATIC, 3 MANUAL, 4 SETUP; ProductionStatus: 4 PRODUCTION. StandstillReasonId is a String
     * (OPC 40083), "" when the operator gave no reason: down is a non-empty one while production is on. Running needs
     * the cycle counter to advance within 3 expected cycle times; automatic production that stalled without a
     * standstill reason, NO_PRODUCTION, READY and SLEEP are idle.
     */
    private static List<StateRule> euromap77() {
        return List.of(
                new StateRule(MachineState.OFFLINE, eq("isPresent", false)),
                new StateRule(MachineState.DOWN, new All(List.of(
                        new Compare("standstillReason", Op.NE, ""), eq("productionStatus", 4L)))),
                new StateRule(MachineState.SETUP, new In("machineMode", List.of(3L, 4L))),
                new StateRule(MachineState.RUNNING, new All(List.of(eq("machineMode", 1L), eq("productionStatus", 4L),
                        new Counting("cycleCounter", null, "expectedCycleTime")))),
                new StateRule(MachineState.IDLE, known("machineMode")));
    }

    /**
     * A machine out of service while in the Maintenance or Setup operation mode is being maintained or set up, not
     * broken: those modes are kept out of DOWN.
     */
    private static List<StateRule> machinery() {
        return List.of(
                new StateRule(MachineState.OFFLINE, eq("itemState", "NotAvailable")),
                new StateRule(MachineState.DOWN, new All(List.of(eq("itemState", "OutOfService"),
                        new In("operationMode", List.of("None", "Processing"))))),
                new StateRule(MachineState.MAINTENANCE, eq("operationMode", "Maintenance")),
                new StateRule(MachineState.SETUP, eq("operationMode", "Setup")),
                new StateRule(MachineState.RUNNING, eq("itemState", "Executing")),
                new StateRule(MachineState.IDLE, eq("itemState", "NotExecuting")));
    }

    /**
     * OperationMode: 0 Manual, 2 Setup, 4 Service; the active program's state Running or Aborted. An aborted program
     * is a fault; so is an item state OutOfService outside Service mode.
     */
    private static List<StateRule> machineTool() {
        return List.of(
                new StateRule(MachineState.OFFLINE, eq("itemState", "NotAvailable")),
                new StateRule(MachineState.DOWN, new Any(List.of(eq("programState", "Aborted"),
                        new All(List.of(eq("itemState", "OutOfService"), new Compare("operationMode", Op.NE, 4L)))))),
                new StateRule(MachineState.MAINTENANCE, eq("operationMode", 4L)),
                new StateRule(MachineState.SETUP, new In("operationMode", List.of(0L, 2L))),
                new StateRule(MachineState.RUNNING, eq("programState", "Running")),
                new StateRule(MachineState.IDLE, known("operationMode")));
    }

    private static Compare eq(String signal, Object value) {
        return new Compare(signal, Op.EQ, value);
    }

    /** Holds whenever the enumeration has a value: the machine is classified only while the server reports it. */
    private static Compare known(String signal) {
        return new Compare(signal, Op.GE, 0L);
    }
}
