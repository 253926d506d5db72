package io.edgeagent.drivers.modbus;

/**
 * The exception codes a Modbus device answers with instead of data, named as in the Modbus application protocol
 * specification v1.1b3.
 */
enum ExceptionCode {
    ILLEGAL_FUNCTION(1, true),
    ILLEGAL_DATA_ADDRESS(2, true),
    ILLEGAL_DATA_VALUE(3, true),
    SERVER_DEVICE_FAILURE(4, true),
    ACKNOWLEDGE(5, false),
    SERVER_DEVICE_BUSY(6, false),
    MEMORY_PARITY_ERROR(8, true),
    GATEWAY_PATH_UNAVAILABLE(10, false),
    GATEWAY_TARGET_DEVICE_FAILED_TO_RESPOND(11, false),
    /** A code the specification does not define. */
    UNKNOWN(-1, true);

    private final int code;
    private final boolean aboutTheRequest;

    ExceptionCode(int code, boolean aboutTheRequest) {
        this.code = code;
        this.aboutTheRequest = aboutTheRequest;
    }

    static ExceptionCode of(int code) {
        for (ExceptionCode candidate : values()) {
            if (candidate.code == code) {
                return candidate;
            }
        }
        return UNKNOWN;
    }

    /**
     * True when the device refuses these addresses (or this function): the signals of the request are at fault.
     * False when the device, or the gateway in front of it, could not answer now: that is a failed attempt.
     */
    boolean isAboutTheRequest() {
        return aboutTheRequest;
    }

    /** For readings and logs: {@code ILLEGAL_DATA_ADDRESS (exception 2)}. */
    static String describe(int code) {
        return of(code).name() + " (exception " + code + ")";
    }
}
