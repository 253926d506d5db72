package io.edgeagent.drivers.sim;

import static io.edgeagent.drivers.sim.opcua.FixedNode.array;
import static io.edgeagent.drivers.sim.opcua.FixedNode.method;
import static io.edgeagent.drivers.sim.opcua.FixedNode.object;
import static io.edgeagent.drivers.sim.opcua.FixedNode.scalar;
import static io.edgeagent.drivers.sim.opcua.NamespaceUris.DI;
import static io.edgeagent.drivers.sim.opcua.NamespaceUris.GENERAL_TYPES;
import static io.edgeagent.drivers.sim.opcua.NamespaceUris.IMM2MES;
import static io.edgeagent.drivers.sim.opcua.NamespaceUris.OPC_UA;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ulong;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;

import io.edgeagent.drivers.sim.opcua.FixedNode;
import io.edgeagent.drivers.sim.opcua.SpecDataTypes;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.structured.TimeZoneDataType;

/**
 * The members of EUROMAP 77's {@code IMM_MES_InterfaceType} (OPC 40077 1.01, with OPC 40083 1.03's types) that are
 * Mandatory wherever the simulator has their parent, and that it never changes: identification, configuration, an
 * empty MES message, the methods (not implemented). The simulated values are {@link ImmNode}.
 */
final class ImmFixedNodes {

    /** The job the simulator runs has no nominal quantity: it produces until told otherwise. */
    private static final long NOMINAL_PARTS = 0;
    /** OPC 40083 JobStatusEnumeration JOB_IN_PRODUCTION: the simulated job is always the one in production. */
    private static final int JOB_IN_PRODUCTION = 6;

    /** The model a simulator names unless told another: {@link ImmSimulator.Builder#model}. */
    static final LocalizedText MODEL = LocalizedText.english("IMM simulator");

    /** The fixed nodes of a machine whose MachineInformation/Model is {@code model}. */
    static List<FixedNode> nodes(LocalizedText model) {
        return List.of(
                // IMM_MES_InterfaceType: the unit lists (NodeVersion says when their content changed; it never does)
                object("InjectionUnits", IMM2MES),
                scalar("InjectionUnits/NodeVersion", NodeIds.String.expanded(), "", IMM2MES, OPC_UA),
                object("Moulds", IMM2MES),
                scalar("Moulds/NodeVersion", NodeIds.String.expanded(), "", IMM2MES, OPC_UA),
                object("PowerUnits", IMM2MES),
                scalar("PowerUnits/NodeVersion", NodeIds.String.expanded(), "", IMM2MES, OPC_UA),
                // MachineInformationType
                scalar("MachineInformation/ControllerName", NodeIds.String.expanded(), "SIM-CONTROL", IMM2MES,
                        GENERAL_TYPES),
                scalar("MachineInformation/DeviceClass", NodeIds.String.expanded(), "Injection moulding machine",
                        IMM2MES, DI),
                scalar("MachineInformation/Manufacturer", NodeIds.LocalizedText.expanded(),
                        LocalizedText.english("edge-agent"), IMM2MES, DI),
                scalar("MachineInformation/Model", NodeIds.LocalizedText.expanded(), model, IMM2MES, DI),
                scalar("MachineInformation/SerialNumber", NodeIds.String.expanded(), "SIM-0001", IMM2MES, DI),
                array("MachineInformation/SupportedLogbookEvents", SpecDataTypes.LOGBOOK_EVENTS_ENUMERATION,
                        new Integer[0], IMM2MES, GENERAL_TYPES),
                // MachineConfigurationType
                scalar("MachineConfiguration/LocationName", NodeIds.String.expanded(), "", IMM2MES, GENERAL_TYPES),
                scalar("MachineConfiguration/TimeZoneOffset", NodeIds.TimeZoneDataType.expanded(),
                        new TimeZoneDataType((short) 0, false), IMM2MES, GENERAL_TYPES),
                scalar("MachineConfiguration/UserMachineName", NodeIds.String.expanded(), "", IMM2MES, GENERAL_TYPES),
                method("MachineConfiguration/SetMachineTime", IMM2MES, GENERAL_TYPES),
                // MachineMESConfigurationType: no reasons configured, the operator's id is free text
                array("MachineMESConfiguration/StandstillReasons", SpecDataTypes.STANDSTILL_REASON_TYPE,
                        new ExtensionObject[0], IMM2MES, GENERAL_TYPES),
                scalar("MachineMESConfiguration/StandstillReasonsLockedByMES", NodeIds.Boolean.expanded(), false,
                        IMM2MES, GENERAL_TYPES),
                // MachineStatusType
                object("MachineStatus/Users", IMM2MES, GENERAL_TYPES),
                scalar("MachineStatus/Users/NodeVersion", NodeIds.String.expanded(), "", IMM2MES, GENERAL_TYPES,
                        OPC_UA),
                // MachineMESStatusType
                scalar("MachineMESStatus/MESMessage/Id", NodeIds.String.expanded(), "", IMM2MES, GENERAL_TYPES,
                        GENERAL_TYPES),
                scalar("MachineMESStatus/MESMessage/Message", NodeIds.String.expanded(), "", IMM2MES, GENERAL_TYPES,
                        GENERAL_TYPES),
                scalar("MachineMESStatus/MESMessage/Severity", NodeIds.UInt16.expanded(), ushort(0), IMM2MES,
                        GENERAL_TYPES, OPC_UA),
                scalar("MachineMESStatus/ProductionControl/AutomaticRunEnabled", NodeIds.Boolean.expanded(), true,
                        IMM2MES, GENERAL_TYPES, GENERAL_TYPES),
                scalar("MachineMESStatus/ProductionControl/ProductionReleasedByMES", NodeIds.Boolean.expanded(), true,
                        IMM2MES, GENERAL_TYPES, GENERAL_TYPES),
                method("MachineMESStatus/ProductionControl/EnableAutomaticRun", IMM2MES, GENERAL_TYPES, GENERAL_TYPES),
                method("MachineMESStatus/ProductionControl/DisableAutomaticRun", IMM2MES, GENERAL_TYPES, GENERAL_TYPES),
                // The machine's own standstill message: none, the simulated standstill has only an operator's reason
                scalar("MachineMESStatus/StandstillMessage/Classification", NodeIds.Enumeration.expanded(), 0, IMM2MES,
                        GENERAL_TYPES, GENERAL_TYPES),
                scalar("MachineMESStatus/StandstillMessage/Id", NodeIds.String.expanded(), "", IMM2MES, GENERAL_TYPES,
                        GENERAL_TYPES),
                scalar("MachineMESStatus/StandstillMessage/Message", NodeIds.LocalizedText.expanded(),
                        LocalizedText.NULL_VALUE, IMM2MES, GENERAL_TYPES, OPC_UA),
                scalar("MachineMESStatus/StandstillMessage/Severity", NodeIds.UInt16.expanded(), ushort(0), IMM2MES,
                        GENERAL_TYPES, OPC_UA),
                method("MachineMESStatus/SetMESMessage", IMM2MES, GENERAL_TYPES),
                method("MachineMESStatus/ClearMESMessage", IMM2MES, GENERAL_TYPES),
                // CyclicJobInformationType
                scalar("Jobs/ActiveJob/ContinueAtJobEnd", NodeIds.Boolean.expanded(), false, IMM2MES, GENERAL_TYPES,
                        GENERAL_TYPES),
                scalar("Jobs/ActiveJob/CustomerName", NodeIds.String.expanded(), "", IMM2MES, GENERAL_TYPES,
                        GENERAL_TYPES),
                scalar("Jobs/ActiveJob/JobDescription", NodeIds.String.expanded(), "", IMM2MES, GENERAL_TYPES,
                        GENERAL_TYPES),
                array("Jobs/ActiveJob/Material", NodeIds.String.expanded(), new String[0], IMM2MES, GENERAL_TYPES,
                        GENERAL_TYPES),
                scalar("Jobs/ActiveJob/NominalParts", NodeIds.UInt64.expanded(), ulong(NOMINAL_PARTS), IMM2MES,
                        GENERAL_TYPES, GENERAL_TYPES),
                array("Jobs/ActiveJob/ProductDescription", NodeIds.String.expanded(), new String[0], IMM2MES,
                        GENERAL_TYPES, GENERAL_TYPES),
                array("Jobs/ActiveJob/ProductName", NodeIds.String.expanded(), new String[0], IMM2MES, GENERAL_TYPES,
                        GENERAL_TYPES),
                scalar("Jobs/ActiveJob/ProductionDatasetDescription", NodeIds.String.expanded(), "", IMM2MES,
                        GENERAL_TYPES, GENERAL_TYPES),
                scalar("Jobs/ActiveJob/ProductionDatasetName", NodeIds.String.expanded(), "", IMM2MES, GENERAL_TYPES,
                        GENERAL_TYPES),
                method("Jobs/ActiveJob/SetCyclicJobData", IMM2MES, GENERAL_TYPES, GENERAL_TYPES),
                // ActiveCyclicJobValuesType
                scalar("Jobs/ActiveJobValues/CurrentLotName", NodeIds.String.expanded(), "", IMM2MES, GENERAL_TYPES,
                        GENERAL_TYPES),
                scalar("Jobs/ActiveJobValues/JobStatus", SpecDataTypes.JOB_STATUS_ENUMERATION, JOB_IN_PRODUCTION,
                        IMM2MES, GENERAL_TYPES, GENERAL_TYPES),
                scalar("Jobs/ActiveJobValues/JobTestSamplesCounter", NodeIds.UInt64.expanded(), ulong(0), IMM2MES,
                        GENERAL_TYPES, GENERAL_TYPES),
                method("Jobs/ActiveJobValues/StartJob", IMM2MES, GENERAL_TYPES, GENERAL_TYPES),
                method("Jobs/ActiveJobValues/FinishJob", IMM2MES, GENERAL_TYPES, GENERAL_TYPES),
                method("Jobs/ActiveJobValues/InterruptJob", IMM2MES, GENERAL_TYPES, GENERAL_TYPES),
                method("Jobs/ActiveJobValues/ResetJobCounters", IMM2MES, GENERAL_TYPES, GENERAL_TYPES),
                method("Jobs/ActiveJobValues/StopAtCycleEnd", IMM2MES, GENERAL_TYPES, GENERAL_TYPES));
    }

    private ImmFixedNodes() {
    }
}
