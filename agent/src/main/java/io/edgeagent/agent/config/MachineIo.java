package io.edgeagent.agent.config;

import java.util.Optional;

/** What a protocol binder read for one machine: its connection and its signals. */
record MachineIo(Optional<Connection> connection, BoundSignals signals) {
}
