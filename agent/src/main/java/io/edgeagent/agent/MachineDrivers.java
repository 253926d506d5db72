package io.edgeagent.agent;

import io.edgeagent.agent.config.AgentConfig;
import io.edgeagent.agent.config.GpioConnection;
import io.edgeagent.agent.config.GpioInput;
import io.edgeagent.agent.config.MachineConfig;
import io.edgeagent.agent.config.ModbusConnection;
import io.edgeagent.agent.config.ModbusSignalConfig;
import io.edgeagent.agent.config.OpcUaConnection;
import io.edgeagent.agent.config.OpcUaSignalConfig;
import io.edgeagent.agent.config.RtuSettings;
import io.edgeagent.agent.config.SignalConfig;
import io.edgeagent.agent.stop.StopBudget;
import io.edgeagent.drivers.ConnectionState;
import io.edgeagent.drivers.Driver;
import io.edgeagent.drivers.DriverHealth;
import io.edgeagent.drivers.ReadingSink;
import io.edgeagent.drivers.SignalSpec;
import io.edgeagent.drivers.alarms.AlarmWatch;
import io.edgeagent.drivers.alarms.AlarmWord;
import io.edgeagent.drivers.gpio.GpioBoard;
import io.edgeagent.drivers.gpio.GpioDriver;
import io.edgeagent.drivers.gpio.GpioSignal;
import io.edgeagent.drivers.gpio.GpioUnavailableException;
import io.edgeagent.drivers.modbus.ModbusDriver;
import io.edgeagent.drivers.modbus.ModbusEndpoint;
import io.edgeagent.drivers.modbus.ModbusLines;
import io.edgeagent.drivers.modbus.ModbusSignal;
import io.edgeagent.drivers.modbus.ModbusTransport;
import io.edgeagent.drivers.modbus.ModbusType;
import io.edgeagent.drivers.modbus.RegisterAddress;
import io.edgeagent.drivers.opcua.MachineRoot;
import io.edgeagent.drivers.opcua.OpcUaDriver;
import io.edgeagent.drivers.opcua.OpcUaEndpoint;
import io.edgeagent.drivers.opcua.OpcUaSecurity;
import io.edgeagent.drivers.opcua.OpcUaSignal;
import io.edgeagent.drivers.opcua.OpcUaThreads;
import io.edgeagent.drivers.opcua.UserCertificate;
import io.edgeagent.drivers.opcua.UserCredentials;
import io.edgeagent.drivers.opcua.UserIdentity;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drivers of the configured machines and what they share: the Modbus lines (one per serial port, one
 * connection per TCP host and port, and the few threads that poll them all), the OPC UA machines' threads (Milo's
 * and the drivers', made with the first OPC UA machine) and the computer's GPIO. A machine
 * whose driver cannot be built stays OFFLINE with the reason in its state, and the other machines run on.
 */
final class MachineDrivers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MachineDrivers.class);
    /** A driver's close: a session closed or a socket shut, within the OPC UA client's own 2 s disconnect. */
    private static final Duration DRIVER_STOP_SHARE = Duration.ofSeconds(3);

    private final Clock clock;
    private final Path pkiDir;
    private final String applicationName;
    private final GpioDetector gpioDetector;
    private final List<Driver<?>> drivers = new ArrayList<>();
    private final ModbusLines modbusLines = new ModbusLines();
    private OpcUaThreads opcUaThreads;
    private GpioBoard gpio;
    private String gpioUnavailable;

    /** Finds the computer's GPIO; asked once, when the first GPIO machine opens. */
    @FunctionalInterface
    interface GpioDetector {
        GpioBoard detect() throws GpioUnavailableException;
    }

    /**
     * @param pkiDir          the OPC UA client's certificate and trust list, for secured machines
     * @param applicationName the OPC UA client's name in its certificate: the agent id
     */
    MachineDrivers(Clock clock, Path pkiDir, String applicationName, GpioDetector gpioDetector) {
        this.clock = clock;
        this.pkiDir = pkiDir;
        this.applicationName = applicationName;
        this.gpioDetector = gpioDetector;
    }

    /** The drivers of every machine of {@code config}, opened. */
    static MachineDrivers open(AgentConfig config, ReadingSink sink, Clock clock) {
        MachineDrivers drivers = new MachineDrivers(clock, AgentFiles.opcUaPki(config.agent().dataDir()),
                config.agent().id(), GpioBoard::detect);
        config.machines().forEach(machine -> drivers.open(machine, sink));
        return drivers;
    }

    void open(MachineConfig machine, ReadingSink sink) {
        try {
            Driver<?> driver;
            if (machine.connection() instanceof OpcUaConnection opcua) {
                driver = opcUa(machine, opcua, sink);
            } else if (machine.connection() instanceof ModbusConnection modbus) {
                driver = modbus(machine, modbus, sink);
            } else {
                driver = gpio(machine, (GpioConnection) machine.connection(), sink);
            }
            if (driver != null) {
                driver.open();
                drivers.add(driver);
            }
        } catch (IllegalArgumentException e) {
            unavailable(machine, sink, e.getMessage());
        }
    }

    private Driver<?> opcUa(MachineConfig machine, OpcUaConnection c, ReadingSink sink) {
        OpcUaSecurity security = c.securityPolicy().equals(OpcUaSecurity.NONE) ? OpcUaSecurity.INSECURE
                : OpcUaSecurity.secured(c.securityPolicy(), c.securityMode(), pkiDir, applicationName)
                        .withTrustOnFirstUse(c.trustOnFirstUse());
        UserIdentity identity = null;
        if (c.userCertFile() != null) {
            identity = new UserCertificate(c.userCertFile(), c.userKeyFile());
        } else if (c.username() != null) {
            identity = new UserCredentials(c.username(),
                    c.password() == null ? new char[0] : c.password().reveal().toCharArray());
        }
        OpcUaEndpoint endpoint = new OpcUaEndpoint(c.endpoint().toString(), OpcUaEndpoint.DEFAULT_REQUEST_TIMEOUT,
                security, identity);
        if (opcUaThreads == null) {
            opcUaThreads = new OpcUaThreads();
        }
        OpcUaDriver driver = new OpcUaDriver(machine.id(), endpoint, MachineRoot.at(c.root(), c.profile()), clock,
                opcUaThreads);
        List<OpcUaSignal> signals = new ArrayList<>();
        for (SignalConfig s : machine.signals().values()) {
            if (s instanceof OpcUaSignalConfig o) {
                OpcUaSignal.Deadband deadband = o.deadbandPercent() ? OpcUaSignal.Deadband.percent(o.deadband())
                        : OpcUaSignal.Deadband.absolute(o.deadband());
                signals.add(new OpcUaSignal(o.name(), o.node(), o.sampling(), deadband, o.queueSize(),
                        o.conversion()));
            }
        }
        return subscribed(driver, signals, sink);
    }

    private Driver<?> modbus(MachineConfig machine, ModbusConnection c, ReadingSink sink) {
        RtuSettings rtu = c.rtu();
        ModbusTransport transport = c.isTcp() ? new ModbusTransport.Tcp(c.tcpHost(), c.tcpPort(), c.rtuFraming())
                : new ModbusTransport.Serial(rtu.port(), rtu.baud(), rtu.parity(), 8, rtu.stopBits());
        ModbusEndpoint endpoint = new ModbusEndpoint(transport, c.unit(), c.poll(), c.timeout(), c.retries(),
                c.maxGap(), c.keepAlive(), c.order());
        List<ModbusSignal> signals = new ArrayList<>();
        for (SignalConfig s : machine.signals().values()) {
            if (s instanceof ModbusSignalConfig m) {
                signals.add(new ModbusSignal(m.name(), m.area(), m.address(), m.type(), m.bit(),
                        m.order() == null ? c.order() : m.order(), m.scale(), m.offset(), m.deadband()));
            }
        }
        // Each alarm register or bit is read as a signal of its own, under a name no configured signal can have
        // (names have no colon), whose readings only the AlarmWatch sees.
        Map<String, AlarmWord> alarms = new LinkedHashMap<>();
        for (AlarmWord word : machine.alarms()) {
            RegisterAddress at = RegisterAddress.parse(word.place());
            String name = "alarms:" + word.place();
            alarms.put(name, word);
            signals.add(ModbusSignal.of(name, at.area(), at.address(),
                    ModbusType.of(at.area().isBit() ? ModbusType.Kind.BOOL : ModbusType.Kind.UINT16)));
        }
        ReadingSink watched = alarms.isEmpty() ? sink : new AlarmWatch(sink, alarms, alarms.keySet());
        return subscribed(new ModbusDriver(machine.id(), endpoint, modbusLines, clock), signals, watched);
    }

    private Driver<?> gpio(MachineConfig machine, GpioConnection c, ReadingSink sink) {
        if (gpio == null && gpioUnavailable == null) {
            try {
                gpio = gpioDetector.detect();
            } catch (GpioUnavailableException e) {
                gpioUnavailable = e.getMessage();
            }
        }
        if (gpio == null) {
            unavailable(machine, sink, gpioUnavailable);
            return null;
        }
        List<GpioSignal> signals = new ArrayList<>();
        for (Map.Entry<String, GpioInput> input : c.inputs().entrySet()) {
            GpioInput in = input.getValue();
            signals.add(new GpioSignal(input.getKey(), in.pin(), in.pull(), in.activeLow(), in.debounce(), in.mode()));
        }
        Map<String, AlarmWord> alarms = new LinkedHashMap<>();
        machine.alarms().forEach(word -> alarms.put(word.place(), word));
        ReadingSink watched = alarms.isEmpty() ? sink : new AlarmWatch(sink, alarms, Set.of());
        return subscribed(new GpioDriver(machine.id(), gpio, clock), signals, watched);
    }

    /** Subscribes {@code signals}; a driver that refuses them is closed before the error goes up. */
    private static <S extends SignalSpec> Driver<S> subscribed(Driver<S> driver, List<S> signals,
            ReadingSink sink) {
        try {
            driver.subscribe(signals, sink);
            return driver;
        } catch (IllegalArgumentException e) {
            driver.close();
            throw e;
        }
    }

    private void unavailable(MachineConfig machine, ReadingSink sink, String why) {
        LOG.error("{}: cannot read this machine: {}; it stays OFFLINE", machine.id(), why);
        sink.onHealth(machine.id(), new DriverHealth(ConnectionState.DISCONNECTED, clock.instant(), why));
    }

    @Override
    public void close() {
        close(new StopBudget("agent " + applicationName, StopBudget.TOTAL));
    }

    /**
     * Closes each machine's driver within its share of {@code stop} (a driver whose peer hangs is named with its
     * machine and left behind), then the shared Modbus lines, the OPC UA threads and the GPIO board.
     */
    void close(StopBudget stop) {
        drivers.forEach(d -> stop.close("driver", d.machineId(), DRIVER_STOP_SHARE, d));
        stop.close("modbus lines", DRIVER_STOP_SHARE, modbusLines);
        if (opcUaThreads != null) {
            stop.close("opcua threads", DRIVER_STOP_SHARE, opcUaThreads);
        }
        if (gpio != null) {
            stop.close("gpio", DRIVER_STOP_SHARE, gpio);
        }
    }
}
