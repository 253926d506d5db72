package io.edgeagent.drivers.sim;

import static io.edgeagent.drivers.opcua.SpecNamespaces.GENERAL_TYPES;
import static io.edgeagent.drivers.opcua.SpecNamespaces.IMM2MES;
import static io.edgeagent.drivers.sim.opcua.NamespaceUris.SIMULATOR;

import io.edgeagent.drivers.sim.opcua.BrowseName;
import io.edgeagent.drivers.sim.opcua.SimVariable;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

/**
 * The variables a simulated machine publishes, shaped like EUROMAP 77. On machine {@code m} the node id is the
 * string {@code m/<path>} in namespace {@value ImmSimulator#NAMESPACE_URI}, and the browse path is
 * {@code Objects/DeviceSet/m/<path>}, with each browse name in the namespace of the spec that defines it
 * ({@link #browsePath()}); see {@link ImmSimulator#nodeId(ImmNode)}.
 */
public enum ImmNode implements SimVariable {
    /** Int32, {@link MachineMode}. */
    MACHINE_MODE(NodeIds.Int32, "MachineStatus/MachineMode", IMM2MES, GENERAL_TYPES),
    /** Boolean: false while the machine is switched off behind its gateway, {@link ImmSimulator#setPresent}. */
    IS_PRESENT(NodeIds.Boolean, "MachineStatus/IsPresent", IMM2MES, GENERAL_TYPES),
    /** Int32, {@link ProductionStatus}. */
    PRODUCTION_STATUS(NodeIds.Int32, "MachineMESStatus/ProductionControl/ProductionStatus", IMM2MES, IMM2MES,
            GENERAL_TYPES),
    /** UInt32, 0 for no reason, {@link Phase#STANDSTILL_REASON_ID} in STANDSTILL. */
    STANDSTILL_REASON_ID(NodeIds.UInt32, "MachineMESStatus/StandstillReasonId", IMM2MES, GENERAL_TYPES),
    /** UInt32, +1 per finished cycle. */
    JOB_CYCLE_COUNTER(NodeIds.UInt32, "Jobs/ActiveJobValues/JobCycleCounter", IMM2MES, IMM2MES, IMM2MES),
    /** UInt32, cycles times cavities. */
    JOB_PARTS_COUNTER(NodeIds.UInt32, "Jobs/ActiveJobValues/JobPartsCounter", IMM2MES, IMM2MES, IMM2MES),
    /** UInt32, the parts of PRODUCING cycles less one reject every 50th cycle. */
    JOB_GOOD_PARTS_COUNTER(NodeIds.UInt32, "Jobs/ActiveJobValues/JobGoodPartsCounter", IMM2MES, IMM2MES, IMM2MES),
    /** Double, seconds the last cycle took. */
    LAST_CYCLE_TIME(NodeIds.Double, "Jobs/ActiveJobValues/LastCycleTime", IMM2MES, IMM2MES, IMM2MES),
    /** String, the job's name, {@link ImmSimulator.Builder#jobName}. */
    JOB_NAME(NodeIds.String, "Jobs/ActiveJob/JobName", IMM2MES, IMM2MES, IMM2MES),
    /** String, the mould's id, {@link ImmSimulator.Builder#mouldId}. */
    MOULD_ID(NodeIds.String, "Jobs/ActiveJob/MouldId", IMM2MES, IMM2MES, IMM2MES),
    /** Double, seconds, the configured cycle time. */
    EXPECTED_CYCLE_TIME(NodeIds.Double, "Jobs/ActiveJob/ExpectedCycleTime", IMM2MES, IMM2MES, IMM2MES),
    /** UInt32, parts per cycle. */
    NUM_CAVITIES(NodeIds.UInt32, "Jobs/ActiveJob/NumCavities", IMM2MES, IMM2MES, IMM2MES),
    /** Double, °C; a vendor's value, so in the simulator's namespace. */
    MOULD_TEMPERATURE(NodeIds.Double, "Process/MouldTemperature", SIMULATOR, SIMULATOR),
    /** Double, °C. */
    MELT_TEMPERATURE(NodeIds.Double, "Process/MeltTemperature", SIMULATOR, SIMULATOR),
    /** Double, kN. */
    CLAMP_FORCE(NodeIds.Double, "Process/ClampForce", SIMULATOR, SIMULATOR);

    private final NodeId dataType;
    private final List<BrowseName> browsePath;

    ImmNode(NodeId dataType, String path, String... namespaceUris) {
        this.dataType = dataType;
        this.browsePath = BrowseName.path(path, namespaceUris);
    }

    /** Browse names below the machine object, each with its namespace URI. */
    @Override
    public List<BrowseName> browsePath() {
        return browsePath;
    }

    @Override
    public NodeId dataType() {
        return dataType;
    }
}
