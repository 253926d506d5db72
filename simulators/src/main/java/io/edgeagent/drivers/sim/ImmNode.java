package io.edgeagent.drivers.sim;

import static io.edgeagent.drivers.sim.opcua.NamespaceUris.GENERAL_TYPES;
import static io.edgeagent.drivers.sim.opcua.NamespaceUris.IMM2MES;
import static io.edgeagent.drivers.sim.opcua.NamespaceUris.SIMULATOR;

import io.edgeagent.drivers.sim.opcua.BrowseName;
import io.edgeagent.drivers.sim.opcua.SimVariable;
import io.edgeagent.drivers.sim.opcua.SpecDataTypes;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;

/**
 * The variables a simulated machine publishes, as EUROMAP 77 (OPC 40077 1.01) with the EUROMAP 83 general types
 * (OPC 40083 1.03) declares them: browse names, namespaces and data types from their nodesets. The mandatory members
 * whose values never change are {@link ImmFixedNodes}. On machine {@code m} the node id is the
 * string {@code m/<path>} in namespace {@value ImmSimulator#NAMESPACE_URI}, and the browse path is
 * {@code Objects/DeviceSet/m/<path>}, with each browse name in the namespace of the spec that defines it
 * ({@link #browsePath()}); see {@link ImmSimulator#nodeId(ImmNode)}.
 */
public enum ImmNode implements SimVariable {
    /** OPC 40083 MachineModeEnumeration, {@link MachineMode}. */
    MACHINE_MODE(SpecDataTypes.MACHINE_MODE_ENUMERATION, "MachineStatus/MachineMode", IMM2MES, GENERAL_TYPES),
    /** Boolean: false while the machine is switched off behind its gateway, {@link ImmSimulator#setPresent}. */
    IS_PRESENT(NodeIds.Boolean.expanded(), "MachineStatus/IsPresent", IMM2MES, GENERAL_TYPES),
    /** OPC 40083 ProductionStatusEnumeration, {@link ProductionStatus}. */
    PRODUCTION_STATUS(SpecDataTypes.PRODUCTION_STATUS_ENUMERATION,
            "MachineMESStatus/ProductionControl/ProductionStatus", IMM2MES, GENERAL_TYPES, GENERAL_TYPES),
    /** String, "" for no reason, {@link Phase#STANDSTILL_REASON_ID} in STANDSTILL. */
    STANDSTILL_REASON_ID(NodeIds.String.expanded(), "MachineMESStatus/StandstillReasonId", IMM2MES, GENERAL_TYPES),
    /** UInt64, +1 per finished cycle. */
    JOB_CYCLE_COUNTER(NodeIds.UInt64.expanded(), "Jobs/ActiveJobValues/JobCycleCounter", IMM2MES, GENERAL_TYPES,
            GENERAL_TYPES),
    /** UInt64, cycles times cavities. */
    JOB_PARTS_COUNTER(NodeIds.UInt64.expanded(), "Jobs/ActiveJobValues/JobPartsCounter", IMM2MES, GENERAL_TYPES,
            GENERAL_TYPES),
    /** UInt64, the parts of PRODUCING cycles less one reject every 50th cycle. */
    JOB_GOOD_PARTS_COUNTER(NodeIds.UInt64.expanded(), "Jobs/ActiveJobValues/JobGoodPartsCounter", IMM2MES,
            GENERAL_TYPES, GENERAL_TYPES),
    /** UInt64, the parts that are not good. */
    JOB_BAD_PARTS_COUNTER(NodeIds.UInt64.expanded(), "Jobs/ActiveJobValues/JobBadPartsCounter", IMM2MES,
            GENERAL_TYPES, GENERAL_TYPES),
    /** Duration: milliseconds the last cycle took. */
    LAST_CYCLE_TIME(NodeIds.Duration.expanded(), "Jobs/ActiveJobValues/LastCycleTime", IMM2MES, GENERAL_TYPES,
            GENERAL_TYPES),
    /** String, the job's name, {@link ImmSimulator.Builder#jobName}. */
    JOB_NAME(NodeIds.String.expanded(), "Jobs/ActiveJob/JobName", IMM2MES, GENERAL_TYPES, GENERAL_TYPES),
    /** String, the mould's id, {@link ImmSimulator.Builder#mouldId}. */
    MOULD_ID(NodeIds.String.expanded(), "Jobs/ActiveJob/MouldId", IMM2MES, GENERAL_TYPES, GENERAL_TYPES),
    /** Duration: milliseconds, the configured cycle time. */
    EXPECTED_CYCLE_TIME(NodeIds.Duration.expanded(), "Jobs/ActiveJob/ExpectedCycleTime", IMM2MES, GENERAL_TYPES,
            GENERAL_TYPES),
    /** UInt32, parts per cycle. */
    NUM_CAVITIES(NodeIds.UInt32.expanded(), "Jobs/ActiveJob/NumCavities", IMM2MES, GENERAL_TYPES, GENERAL_TYPES),
    /** Double, °C; a vendor's value, so in the simulator's namespace. */
    MOULD_TEMPERATURE(NodeIds.Double.expanded(), "Process/MouldTemperature", SIMULATOR, SIMULATOR),
    /** Double, °C. */
    MELT_TEMPERATURE(NodeIds.Double.expanded(), "Process/MeltTemperature", SIMULATOR, SIMULATOR),
    /** Double, kN. */
    CLAMP_FORCE(NodeIds.Double.expanded(), "Process/ClampForce", SIMULATOR, SIMULATOR);

    private final ExpandedNodeId dataType;
    private final List<BrowseName> browsePath;

    ImmNode(ExpandedNodeId dataType, String path, String... namespaceUris) {
        this.dataType = dataType;
        this.browsePath = BrowseName.path(path, namespaceUris);
    }

    /** Browse names below the machine object, each with its namespace URI. */
    @Override
    public List<BrowseName> browsePath() {
        return browsePath;
    }

    @Override
    public ExpandedNodeId dataType() {
        return dataType;
    }
}
