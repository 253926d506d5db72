package io.edgeagent.drivers.sim;

import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

/**
 * The variables a simulated machine publishes. On machine {@code m} the node id is the string
 * {@code m/<path>} in namespace {@value ImmSimulator#NAMESPACE_URI}, and the browse path is
 * {@code Objects/DeviceSet/m/<path>}; see {@link ImmSimulator#nodeId(ImmNode)}.
 */
public enum ImmNode {
    /** Int32, {@link MachineMode}. */
    MACHINE_MODE("MachineStatus/MachineMode", NodeIds.Int32),
    /** Boolean, always true. */
    IS_PRESENT("MachineStatus/IsPresent", NodeIds.Boolean),
    /** Int32, {@link ProductionStatus}. */
    PRODUCTION_STATUS("MachineMESStatus/ProductionControl/ProductionStatus", NodeIds.Int32),
    /** UInt32, 0 for no reason, {@link Phase#STANDSTILL_REASON_ID} in STANDSTILL. */
    STANDSTILL_REASON_ID("MachineMESStatus/StandstillReasonId", NodeIds.UInt32),
    /** UInt32, +1 per finished cycle. */
    JOB_CYCLE_COUNTER("Jobs/ActiveJobValues/JobCycleCounter", NodeIds.UInt32),
    /** Double, seconds the last cycle took. */
    LAST_CYCLE_TIME("Jobs/ActiveJobValues/LastCycleTime", NodeIds.Double),
    /** Double, seconds, the configured cycle time. */
    EXPECTED_CYCLE_TIME("Jobs/ActiveJob/ExpectedCycleTime", NodeIds.Double),
    /** UInt32, parts per cycle. */
    NUM_CAVITIES("Jobs/ActiveJob/NumCavities", NodeIds.UInt32),
    /** Double, °C. */
    MOULD_TEMPERATURE("Process/MouldTemperature", NodeIds.Double),
    /** Double, °C. */
    MELT_TEMPERATURE("Process/MeltTemperature", NodeIds.Double),
    /** Double, kN. */
    CLAMP_FORCE("Process/ClampForce", NodeIds.Double);

    private final String path;
    private final NodeId dataType;

    ImmNode(String path, NodeId dataType) {
        this.path = path;
        this.dataType = dataType;
    }

    /** Browse names below the machine, separated by {@code /}. */
    public String path() {
        return path;
    }

    NodeId dataType() {
        return dataType;
    }
}
