package io.edgeagent.drivers.sim;

/**
 * OPC 40083 {@code ProductionStatusEnumeration}, used by EUROMAP 77 under
 * {@code MachineMESStatus/ProductionControl/ProductionStatus}. Only meaningful in automatic and semi-automatic
 * mode; NO_PRODUCTION and PRODUCTION are the values every machine must support.
 */
public enum ProductionStatus {
    OTHER(0),
    NO_PRODUCTION(1),
    /** Producing, but the right settings are not reached yet. */
    START_UP(2),
    /** Producing with the right settings, not yet released (e.g. by quality assurance). */
    READY_FOR_PRODUCTION(3),
    PRODUCTION(4),
    /** Moving without material. */
    DRY_RUN(5);

    private final int value;

    ProductionStatus(int value) {
        this.value = value;
    }

    /** The Int32 the machine publishes. */
    public int value() {
        return value;
    }
}
