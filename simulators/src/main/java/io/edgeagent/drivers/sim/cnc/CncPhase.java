package io.edgeagent.drivers.sim.cnc;

/**
 * What a simulated CNC machine is doing, and the values its control then shows.
 *
 * <table>
 *   <caption>Values per phase</caption>
 *   <tr><th>Phase</th><th>execution</th><th>mode</th><th>alarmCode</th><th>partCount</th>
 *       <th>spindle</th><th>doorOpen</th><th>cycleStart</th></tr>
 *   <tr><td>CUTTING</td><td>ACTIVE (1)</td><td>AUTOMATIC (0)</td><td>0</td><td>+1 per cycle</td>
 *       <td>speed around the setpoint, load 30..60 %</td><td>false</td><td>true</td></tr>
 *   <tr><td>IDLE</td><td>READY (0)</td><td>AUTOMATIC (0)</td><td>0</td><td>still</td><td>0</td><td>false</td>
 *       <td>false</td></tr>
 *   <tr><td>SETUP</td><td>SETUP (4)</td><td>MANUAL (2)</td><td>0</td><td>still</td><td>0</td><td>true</td>
 *       <td>false</td></tr>
 *   <tr><td>ALARM</td><td>STOPPED (3)</td><td>AUTOMATIC (0)</td><td>{@value #ALARM_CODE}</td><td>still</td>
 *       <td>0</td><td>false</td><td>false</td></tr>
 *   <tr><td>FEED_HOLD</td><td>INTERRUPTED (2)</td><td>AUTOMATIC (0)</td><td>0</td><td>still</td><td>0</td>
 *       <td>false</td><td>false</td></tr>
 * </table>
 *
 * <p>A feed hold pauses the cycle in progress: back in CUTTING it finishes where it stopped. Every other phase
 * aborts it, and the next CUTTING starts a fresh cycle.
 */
public enum CncPhase {
    CUTTING(Execution.ACTIVE, ControlMode.AUTOMATIC),
    IDLE(Execution.READY, ControlMode.AUTOMATIC),
    SETUP(Execution.SETUP, ControlMode.MANUAL),
    ALARM(Execution.STOPPED, ControlMode.AUTOMATIC),
    FEED_HOLD(Execution.INTERRUPTED, ControlMode.AUTOMATIC);

    /** The alarm number an ALARM machine shows; 0 means no alarm in every other phase. */
    public static final int ALARM_CODE = 1010;

    private final Execution execution;
    private final ControlMode mode;

    CncPhase(Execution execution, ControlMode mode) {
        this.execution = execution;
        this.mode = mode;
    }

    public Execution execution() {
        return execution;
    }

    public ControlMode mode() {
        return mode;
    }

    public int alarmCode() {
        return this == ALARM ? ALARM_CODE : 0;
    }

    /** The operator opens the door only to set the machine up. */
    public boolean doorOpen() {
        return this == SETUP;
    }

    /** The cycle-start lamp: lit while the program runs. */
    public boolean cycleStart() {
        return execution == Execution.ACTIVE;
    }
}
