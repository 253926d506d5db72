package io.edgeagent.drivers.sim;

/**
 * What a simulated injection-moulding machine is doing, and the EUROMAP 77 values it then shows.
 *
 * <table>
 *   <caption>Values per phase</caption>
 *   <tr><th>Phase</th><th>MachineMode</th><th>ProductionStatus</th><th>StandstillReasonId</th>
 *       <th>JobCycleCounter</th><th>Process values</th></tr>
 *   <tr><td>PRODUCING</td><td>AUTOMATIC (1)</td><td>PRODUCTION (4)</td><td>0</td><td>+1 per cycle</td>
 *       <td>temperatures around setpoint with noise, clamp force peaking each cycle</td></tr>
 *   <tr><td>IDLE</td><td>AUTOMATIC (1)</td><td>NO_PRODUCTION (1)</td><td>0</td><td>still</td>
 *       <td>held, clamp force 0</td></tr>
 *   <tr><td>SETUP</td><td>SETUP (4)</td><td>NO_PRODUCTION (1)</td><td>0</td><td>still</td>
 *       <td>held, clamp force 0</td></tr>
 *   <tr><td>STANDSTILL</td><td>AUTOMATIC (1)</td><td>PRODUCTION (4)</td>
 *       <td>{@value #STANDSTILL_REASON_ID}</td><td>still</td><td>held, clamp force 0</td></tr>
 * </table>
 */
public enum Phase {
    PRODUCING(MachineMode.AUTOMATIC, ProductionStatus.PRODUCTION),
    IDLE(MachineMode.AUTOMATIC, ProductionStatus.NO_PRODUCTION),
    SETUP(MachineMode.SETUP, ProductionStatus.NO_PRODUCTION),
    /** Released for production but stopped: the operator or MES gave a standstill reason. */
    STANDSTILL(MachineMode.AUTOMATIC, ProductionStatus.PRODUCTION);

    /** The StandstillReasonId a STANDSTILL machine reports; 0 means no reason in every other phase. */
    public static final long STANDSTILL_REASON_ID = 1;

    private final MachineMode machineMode;
    private final ProductionStatus productionStatus;

    Phase(MachineMode machineMode, ProductionStatus productionStatus) {
        this.machineMode = machineMode;
        this.productionStatus = productionStatus;
    }

    public MachineMode machineMode() {
        return machineMode;
    }

    public ProductionStatus productionStatus() {
        return productionStatus;
    }

    public long standstillReasonId() {
        return this == STANDSTILL ? STANDSTILL_REASON_ID : 0;
    }
}
