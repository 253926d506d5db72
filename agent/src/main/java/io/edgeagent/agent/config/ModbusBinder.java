package io.edgeagent.agent.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Binds a Modbus machine: {@code modbus:} (tcp or rtu, unit, pollMs) and its {@code signals:}. */
final class ModbusBinder {

    static final List<String> PARITIES = List.of("none", "even", "odd");
    static final List<Long> BAUDS = List.of(1200L, 2400L, 4800L, 9600L, 19_200L, 38_400L, 57_600L, 115_200L);
    private static final Pattern TCP = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+)(?::(\\d{1,5}))?");
    private static final String TCP_EXAMPLE = "tcp: 10.0.3.40:502";
    private static final String RTU_EXAMPLE = "rtu: { port: /dev/ttyUSB0, baud: 19200, parity: even }";

    private ModbusBinder() {
    }

    static MachineIo bind(YamlMap machine, YamlValue modbus) {
        Optional<Connection> connection = modbus.map("tcp", "rtu", "unit", "pollMs").flatMap(ModbusBinder::connection);
        BoundSignals signals = machine.get("signals")
                .map(section -> BoundSignals.bind(section, ModbusBinder::signal))
                .orElse(BoundSignals.none());
        if (signals.names().isEmpty()) {
            machine.problem(machine.path() + " reads nothing: add signals with the registers to read,"
                    + " e.g. signals: { partCount: { register: holding:2, type: uint32 } }");
        }
        return new MachineIo(connection, signals);
    }

    private static Optional<Connection> connection(YamlMap map) {
        Problems problems = map.context().problems();
        int before = problems.count();
        if (map.has("tcp") == map.has("rtu")) {
            map.problem(map.path() + (map.has("tcp") ? " has both tcp and rtu: keep one"
                    : " needs tcp or rtu, e.g. " + TCP_EXAMPLE + " or " + RTU_EXAMPLE));
        }
        Optional<HostPort> tcp = map.get("tcp").flatMap(ModbusBinder::tcp);
        RtuSettings rtu = map.get("rtu").flatMap(ModbusBinder::rtu).orElse(null);
        Optional<Integer> unit = map.read("unit", v -> v.wholeInt(0, 255, null), 1);
        Optional<Long> pollMs = map.read("pollMs", v -> v.whole(50, 3_600_000, "milliseconds"), 1000L);
        return problems.ifNoneSince(before, () -> new ModbusConnection(tcp.map(HostPort::host).orElse(null),
                tcp.map(HostPort::port).orElse(0), rtu, unit.orElseThrow(), Duration.ofMillis(pollMs.orElseThrow())));
    }

    private static Optional<HostPort> tcp(YamlValue value) {
        return value.text().flatMap(text -> {
            Matcher matcher = TCP.matcher(text);
            int port = matcher.matches() && matcher.group(2) != null
                    ? Integer.parseInt(matcher.group(2)) : ModbusConnection.DEFAULT_TCP_PORT;
            if (!matcher.matches() || port < 1 || port > 65_535) {
                value.problem(value.path() + " '" + text + "' is not a host and port: write host:port with port 1 to"
                        + " 65535 (502 when left out), e.g. " + TCP_EXAMPLE);
                return Optional.empty();
            }
            return Optional.of(new HostPort(matcher.group(1), port));
        });
    }

    private static Optional<RtuSettings> rtu(YamlValue value) {
        return value.map("port", "baud", "parity").flatMap(map -> {
            Problems problems = map.context().problems();
            int before = problems.count();
            Optional<String> port = map.require("port", "the serial device, e.g. port: /dev/ttyUSB0")
                    .flatMap(YamlValue::text);
            Optional<Long> baud = map.read("baud", ModbusBinder::baud, 19_200L);
            Optional<String> parity = map.read("parity", v -> v.oneOf(PARITIES), "even");
            return problems.ifNoneSince(before, () -> new RtuSettings(port.orElseThrow(),
                    baud.orElseThrow().intValue(), parity.orElseThrow()));
        });
    }

    private static Optional<Long> baud(YamlValue value) {
        return value.whole(1200, 115_200, "bits per second").filter(baud -> {
            if (BAUDS.contains(baud)) {
                return true;
            }
            value.problem(value.path() + " is " + baud + ", not a standard baud rate: use one of "
                    + String.join(", ", BAUDS.stream().map(String::valueOf).toList()));
            return false;
        });
    }

    private static Optional<SignalConfig> signal(String name, YamlValue value) {
        return value.map("register", "type", "scale", "offset", "unit").flatMap(map -> {
            Problems problems = map.context().problems();
            int before = problems.count();
            Optional<ModbusRegisters.Register> register = map.require("register",
                    "where the value is, e.g. register: holding:2").flatMap(ModbusRegisters::register);
            Optional<String> type = map.get("type").map(ModbusRegisters::type)
                    .orElse(register.map(ModbusRegisters::defaultType));
            if (register.isPresent() && type.isPresent()) {
                YamlValue where = map.get("type").or(() -> map.get("register")).orElseThrow();
                ModbusRegisters.mismatch(register.get(), type.get())
                        .ifPresent(problem -> where.problem(map.path() + ": " + problem));
            }
            Optional<Double> scale = map.read("scale", v -> v.number(Double.NEGATIVE_INFINITY, false, null), 1.0);
            Optional<Double> offset = map.read("offset", v -> v.number(Double.NEGATIVE_INFINITY, false, null), 0.0);
            String unit = map.get("unit").flatMap(YamlValue::text).orElse(null);
            return problems.ifNoneSince(before, () -> new ModbusSignalConfig(name, register.orElseThrow().area(),
                    register.orElseThrow().address(), type.orElseThrow(), scale.orElseThrow(), offset.orElseThrow(),
                    unit));
        });
    }

    private record HostPort(String host, int port) {
    }
}
