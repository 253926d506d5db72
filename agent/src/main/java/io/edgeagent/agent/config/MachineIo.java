package io.edgeagent.agent.config;

import io.edgeagent.drivers.opcua.Profile;
import java.util.Optional;

/**
 * What a protocol binder read for one machine: its connection, its signals and, for an OPC UA machine with a
 * profile, that profile, whose state rules and counter apply where the file writes none.
 */
record MachineIo(Optional<Connection> connection, BoundSignals signals, Optional<Profile> profile) {

    MachineIo(Optional<Connection> connection, BoundSignals signals) {
        this(connection, signals, Optional.empty());
    }
}
