package io.edgeagent.drivers.sim.opcua;

/**
 * What a simulated machine raises as events when what it shows changes, e.g. a cycle's event when its cycle counter
 * advanced. Called by {@link SimHost} on the simulator's thread after every published change.
 *
 * @param <S> the machine's snapshots
 */
@FunctionalInterface
public interface SimEvents<S> {

    void changed(S before, S after, MachineEvents events);

    /** A machine that raises no events of its own (a test may still raise alarms on it). */
    static <S> SimEvents<S> none() {
        return (before, after, events) -> { };
    }
}
