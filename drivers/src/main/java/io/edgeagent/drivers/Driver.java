package io.edgeagent.drivers;

import java.util.Collection;

/**
 * A connection to one machine.
 *
 * <p>Lifecycle: {@link #subscribe} the signals, then {@link #open}; the driver reaches the machine in the
 * background and keeps retrying while it is unreachable (a machine switched off at start is normal, not
 * an error), re-establishing its subscriptions after every reconnect. {@link #close} stops every thread
 * the driver started and returns within a few seconds.
 *
 * @param <S> the driver's own signal addressing
 */
public interface Driver<S extends SignalSpec> extends AutoCloseable {

    String machineId();

    /**
     * Declares what to deliver and where. Called once, before {@link #open}.
     *
     * @throws IllegalArgumentException when a signal's address cannot be understood by this driver
     */
    void subscribe(Collection<S> signals, ReadingSink sink);

    /** Starts connecting. Never blocks on the network and never throws because the machine is unreachable. */
    void open();

    DriverHealth health();

    @Override
    void close();
}
