package io.edgeagent.agent;

import io.edgeagent.agent.config.MachineConfig;
import io.edgeagent.agent.config.ModbusConnection;
import io.edgeagent.agent.config.OpcUaConnection;
import io.edgeagent.agent.config.OpcUaSignalConfig;
import io.edgeagent.agent.config.SignalConfig;
import io.edgeagent.drivers.ConnectionState;
import io.edgeagent.drivers.Driver;
import io.edgeagent.drivers.DriverHealth;
import io.edgeagent.drivers.ReadingSink;
import io.edgeagent.drivers.opcua.OpcUaDriver;
import io.edgeagent.drivers.opcua.OpcUaEndpoint;
import io.edgeagent.drivers.opcua.OpcUaSignal;
import io.edgeagent.drivers.opcua.UserCredentials;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds, subscribes and opens the driver a machine's config asks for. A machine whose driver cannot be
 * built stays OFFLINE with the reason in its state, and the other machines run on.
 */
final class DriverFactory {

    private static final Logger LOG = LoggerFactory.getLogger(DriverFactory.class);

    private final Clock clock;

    DriverFactory(Clock clock) {
        this.clock = clock;
    }

    Optional<Driver<?>> open(MachineConfig machine, ReadingSink sink) {
        try {
            if (machine.connection() instanceof OpcUaConnection opcua) {
                OpcUaDriver driver = new OpcUaDriver(machine.id(), endpoint(opcua));
                driver.subscribe(opcUaSignals(machine), sink);
                driver.open();
                return Optional.of(driver);
            }
            String protocol = machine.connection() instanceof ModbusConnection ? "Modbus" : "GPIO";
            return unavailable(machine, sink, protocol + " machines are not supported by this build yet");
        } catch (IllegalArgumentException e) {
            return unavailable(machine, sink, e.getMessage());
        }
    }

    private Optional<Driver<?>> unavailable(MachineConfig machine, ReadingSink sink, String why) {
        LOG.error("{}: cannot read this machine: {}; it stays OFFLINE", machine.id(), why);
        sink.onHealth(machine.id(), new DriverHealth(ConnectionState.DISCONNECTED, clock.instant(), why));
        return Optional.empty();
    }

    private static OpcUaEndpoint endpoint(OpcUaConnection c) {
        OpcUaEndpoint endpoint = new OpcUaEndpoint(c.endpoint().toString(), OpcUaEndpoint.DEFAULT_REQUEST_TIMEOUT,
                c.securityPolicy(), null);
        if (c.username() != null) {
            char[] password = c.password() == null ? new char[0] : c.password().reveal().toCharArray();
            endpoint = endpoint.withCredentials(new UserCredentials(c.username(), password));
        }
        return endpoint;
    }

    private static List<OpcUaSignal> opcUaSignals(MachineConfig machine) {
        List<OpcUaSignal> signals = new ArrayList<>();
        for (SignalConfig s : machine.signals().values()) {
            if (s instanceof OpcUaSignalConfig o) {
                signals.add(new OpcUaSignal(o.name(), o.node(), o.sampling(), o.deadband()));
            }
        }
        return signals;
    }
}
