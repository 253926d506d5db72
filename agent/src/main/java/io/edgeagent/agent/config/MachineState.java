package io.edgeagent.agent.config;

/** A machine's state, in priority order: when several apply, the first one wins. */
public enum MachineState {
    /** We cannot read the machine (OPC 40001 NotAvailable). Never offered as capacity. */
    OFFLINE,
    /** Fault or alarm (OutOfService). */
    DOWN,
    /** Planned maintenance (Maintenance operation mode). */
    MAINTENANCE,
    /** Being set up: mould or tool change, manual mode (Setup operation mode). */
    SETUP,
    /** Producing (Executing). */
    RUNNING,
    /** Ready and not producing (NotExecuting): the only state that can be offered as capacity. */
    IDLE
}
