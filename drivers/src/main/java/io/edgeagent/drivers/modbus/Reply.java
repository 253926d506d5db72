package io.edgeagent.drivers.modbus;

/** A reply that answers its request: the values asked for, or an exception code. */
sealed interface Reply {

    /**
     * @param values one per requested address: register words (0..65535) or bits (0 or 1)
     */
    record Values(int[] values) implements Reply {
    }

    /** The device answered with an exception response. */
    record Refused(int code) implements Reply {

        ExceptionCode exception() {
            return ExceptionCode.of(code);
        }

        String describe() {
            return ExceptionCode.describe(code);
        }
    }
}
