package io.edgeagent.drivers.sim.opcua;

import java.time.Duration;

/**
 * A simulated machine without OPC UA, as {@link SimHost} drives it: its phase, its simulated time and a snapshot
 * of what it shows. Implementations need not be thread-safe: the host serialises every call.
 *
 * @param <P> what the machine can be doing
 * @param <K> its variables
 * @param <S> its snapshots
 */
public interface SimMachine<P, K, S extends SimMachine.State<P, K>> {

    /**
     * Everything the machine shows at one moment; immutable.
     *
     * @param <P> what the machine can be doing
     * @param <K> its variables
     */
    interface State<P, K> {

        P phase();

        /** The variable's value as its OPC UA node carries it, e.g. a {@code UInteger} for a UInt32. */
        Object value(K variable);
    }

    void setPhase(P next);

    /** Moves simulated time on by this much. */
    void advance(Duration elapsed);

    S state();
}
