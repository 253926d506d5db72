package io.edgeagent.drivers.sim;

/**
 * What a simulated injection-moulding machine is doing, and the EUROMAP 77 values it then shows.
 *
 * <table>
 *   <caption>Values per phase</caption>
 *   <tr><th>Phase</th><th>MachineMode</th><th>ProductionStatus</th><th>StandstillReasonId</th>
 *       <th>JobCycleCounter, JobPartsCounter</th><th>JobGoodPartsCounter</th><th>Process values</th></tr>
 *   <tr><td>PRODUCING</td><td>AUTOMATIC (1)</td><td>PRODUCTION (4)</td><td>""</td><td>+1 per cycle,
 *       + cavities per cycle</td><td>+ cavities per cycle, one less every 50th cycle</td>
 *       <td>temperatures around setpoint with noise, clamp force peaking each cycle</td></tr>
 *   <tr><td>IDLE</td><td>AUTOMATIC (1)</td><td>NO_PRODUCTION (1)</td><td>""</td><td>still</td><td>still</td>
 *       <td>held, clamp force 0</td></tr>
 *   <tr><td>SETUP</td><td>SETUP (4)</td><td>NO_PRODUCTION (1)</td><td>""</td><td>still</td><td>still</td>
 *       <td>held, clamp force 0</td></tr>
 *   <tr><td>STANDSTILL</td><td>AUTOMATIC (1)</td><td>PRODUCTION (4)</td>
 *       <td>{@value #STANDSTILL_REASON_ID}</td><td>still</td><td>still</td><td>held, clamp force 0</td></tr>
 *   <tr><td>MANUAL</td><td>MANUAL (3)</td><td>NO_PRODUCTION (1)</td><td>""</td><td>still</td><td>still</td>
 *       <td>held, clamp force 0</td></tr>
 *   <tr><td>SLEEP</td><td>SLEEP (5)</td><td>NO_PRODUCTION (1)</td><td>""</td><td>still</td><td>still</td>
 *       <td>held, clamp force 0</td></tr>
 *   <tr><td>READY</td><td>AUTOMATIC (1)</td><td>READY_FOR_PRODUCTION (3)</td><td>""</td><td>as PRODUCING</td>
 *       <td>still: the parts are not released yet</td><td>as PRODUCING</td></tr>
 *   <tr><td>STALLED</td><td>AUTOMATIC (1)</td><td>PRODUCTION (4)</td><td>""</td><td>still</td><td>still</td>
 *       <td>held, clamp force 0</td></tr>
 * </table>
 *
 * <p>STANDSTILL and STALLED look alike but for the reason: a stop that someone explained, and one that only a
 * counter that stopped moving gives away. Whatever the phase, IsPresent is separate:
 * {@link ImmSimulator#setPresent}.
 */
public enum Phase {
    PRODUCING(MachineMode.AUTOMATIC, ProductionStatus.PRODUCTION, true),
    IDLE(MachineMode.AUTOMATIC, ProductionStatus.NO_PRODUCTION, false),
    SETUP(MachineMode.SETUP, ProductionStatus.NO_PRODUCTION, false),
    /** Released for production but stopped: the operator or MES gave a standstill reason. */
    STANDSTILL(MachineMode.AUTOMATIC, ProductionStatus.PRODUCTION, false),
    /** The operator moves the machine by hand. */
    MANUAL(MachineMode.MANUAL, ProductionStatus.NO_PRODUCTION, false),
    /** Heating and drives reduced, e.g. over a weekend. */
    SLEEP(MachineMode.SLEEP, ProductionStatus.NO_PRODUCTION, false),
    /** Cycling with the right settings, the parts not yet released (e.g. by quality assurance). */
    READY(MachineMode.AUTOMATIC, ProductionStatus.READY_FOR_PRODUCTION, true),
    /** Released for production, yet no cycle finishes, and nobody gave a reason. */
    STALLED(MachineMode.AUTOMATIC, ProductionStatus.PRODUCTION, false);

    /**
     * The StandstillReasonId a STANDSTILL machine reports: OPC 40083 makes it a String, the id of a reason the operator
     * picked; every other phase reports "", no reason.
     */
    public static final String STANDSTILL_REASON_ID = "NO_MATERIAL";

    private final MachineMode machineMode;
    private final ProductionStatus productionStatus;
    private final boolean cycling;

    Phase(MachineMode machineMode, ProductionStatus productionStatus, boolean cycling) {
        this.machineMode = machineMode;
        this.productionStatus = productionStatus;
        this.cycling = cycling;
    }

    public MachineMode machineMode() {
        return machineMode;
    }

    public ProductionStatus productionStatus() {
        return productionStatus;
    }

    public String standstillReasonId() {
        return this == STANDSTILL ? STANDSTILL_REASON_ID : "";
    }

    /** Whether the machine finishes cycles in this phase; parts count as good only in PRODUCING. */
    public boolean cycling() {
        return cycling;
    }
}
