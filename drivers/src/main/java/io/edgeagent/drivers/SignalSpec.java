package io.edgeagent.drivers;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A signal a driver is asked to deliver. Each driver has its own record with its protocol's addressing
 * (an OPC UA node, a Modbus register, a GPIO pin); they share only the name readings are reported under.
 */
public interface SignalSpec {

    /** The configured signal name, unique within its machine. */
    String name();

    /**
     * {@code signals} in order, once it is certain that no name is used twice: readings are told apart by name.
     *
     * @throws IllegalArgumentException naming the machine and the name used twice
     */
    static <S extends SignalSpec> List<S> distinctNames(String machineId, Collection<S> signals) {
        Set<String> names = new HashSet<>();
        for (S signal : signals) {
            Objects.requireNonNull(signal, "signal");
            if (!names.add(signal.name())) {
                throw new IllegalArgumentException("machine " + machineId + ": signal name '" + signal.name()
                        + "' is used twice");
            }
        }
        return List.copyOf(signals);
    }
}
