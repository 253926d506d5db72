package io.edgeagent.drivers.sim.machinetool;

/**
 * What a simulated machine tool is doing, and the OPC 40501 / OPC 40001-1 values it then shows.
 *
 * <table>
 *   <caption>Values per phase</caption>
 *   <tr><th>Phase</th><th>OperationMode</th><th>ChannelState</th><th>ActiveProgram State</th>
 *       <th>MachineryItemState</th><th>MachineryOperationMode</th><th>FeedOverride</th>
 *       <th>PartsProducedInLifetime, spindle</th></tr>
 *   <tr><td>PRODUCING</td><td>Automatic (1)</td><td>Active (0)</td><td>Running</td><td>Executing</td>
 *       <td>Processing</td><td>100</td><td>+1 per cycle; spindle at its setpoint with noise</td></tr>
 *   <tr><td>IDLE</td><td>Automatic (1)</td><td>Reset (2)</td><td>Ended</td><td>NotExecuting</td>
 *       <td>Processing</td><td>100</td><td>still; spindle 0</td></tr>
 *   <tr><td>SETUP</td><td>Setup (2)</td><td>Reset (2)</td><td>Ended</td><td>NotExecuting</td>
 *       <td>Setup</td><td>{@value #SETUP_FEED_OVERRIDE}</td><td>still; spindle 0</td></tr>
 *   <tr><td>FAULT</td><td>Automatic (1)</td><td>Interrupted (1)</td><td>Aborted</td><td>OutOfService</td>
 *       <td>Processing</td><td>100</td><td>still; spindle 0</td></tr>
 *   <tr><td>MAINTENANCE</td><td>Service (4)</td><td>Reset (2)</td><td>Ended</td><td>OutOfService</td>
 *       <td>Maintenance</td><td>100</td><td>still; spindle 0</td></tr>
 *   <tr><td>NOT_AVAILABLE</td><td>Other (5)</td><td>Reset (2)</td><td>Ended</td><td>NotAvailable</td>
 *       <td>None</td><td>100</td><td>still; spindle 0</td></tr>
 * </table>
 */
public enum MachineToolPhase {
    PRODUCING(MachineOperationMode.AUTOMATIC, ChannelState.ACTIVE, ProgramState.RUNNING,
            MachineryItemState.EXECUTING, MachineryOperationMode.PROCESSING),
    IDLE(MachineOperationMode.AUTOMATIC, ChannelState.RESET, ProgramState.ENDED,
            MachineryItemState.NOT_EXECUTING, MachineryOperationMode.PROCESSING),
    /** Preparing the next job: the operator runs the new program slowly. */
    SETUP(MachineOperationMode.SETUP, ChannelState.RESET, ProgramState.ENDED,
            MachineryItemState.NOT_EXECUTING, MachineryOperationMode.SETUP),
    /** An alarm stopped the program part-way; that part is not counted. */
    FAULT(MachineOperationMode.AUTOMATIC, ChannelState.INTERRUPTED, ProgramState.ABORTED,
            MachineryItemState.OUT_OF_SERVICE, MachineryOperationMode.PROCESSING),
    MAINTENANCE(MachineOperationMode.SERVICE, ChannelState.RESET, ProgramState.ENDED,
            MachineryItemState.OUT_OF_SERVICE, MachineryOperationMode.MAINTENANCE),
    /** The control cannot tell, e.g. while it boots. */
    NOT_AVAILABLE(MachineOperationMode.OTHER, ChannelState.RESET, ProgramState.ENDED,
            MachineryItemState.NOT_AVAILABLE, MachineryOperationMode.NONE);

    /** Percent; every other phase runs at 100. */
    public static final double SETUP_FEED_OVERRIDE = 50.0;
    private static final double FULL_FEED = 100.0;

    private final MachineOperationMode operationMode;
    private final ChannelState channelState;
    private final ProgramState programState;
    private final MachineryItemState itemState;
    private final MachineryOperationMode machineryOperationMode;

    MachineToolPhase(MachineOperationMode operationMode, ChannelState channelState, ProgramState programState,
                     MachineryItemState itemState, MachineryOperationMode machineryOperationMode) {
        this.operationMode = operationMode;
        this.channelState = channelState;
        this.programState = programState;
        this.itemState = itemState;
        this.machineryOperationMode = machineryOperationMode;
    }

    public MachineOperationMode operationMode() {
        return operationMode;
    }

    public ChannelState channelState() {
        return channelState;
    }

    public ProgramState programState() {
        return programState;
    }

    public MachineryItemState itemState() {
        return itemState;
    }

    public MachineryOperationMode machineryOperationMode() {
        return machineryOperationMode;
    }

    /** Percent of the programmed feed rate. */
    public double feedOverride() {
        return this == SETUP ? SETUP_FEED_OVERRIDE : FULL_FEED;
    }
}
