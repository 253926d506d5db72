package io.edgeagent.agent.config;

import io.edgeagent.drivers.modbus.ModbusSignal;
import io.edgeagent.drivers.modbus.ModbusType;
import io.edgeagent.drivers.modbus.RegisterAddress;
import io.edgeagent.drivers.modbus.WordOrder;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Binds a Modbus machine: {@code modbus:} (tcp or rtu, unit, polling and fault handling, word order) and its
 * {@code signals:}.
 */
final class ModbusBinder {

    static final List<String> PARITIES = List.of("none", "even", "odd");
    static final List<WordOrder> ORDERS = List.of(WordOrder.values());
    static final List<String> FRAMINGS = List.of("tcp", "rtu");
    static final List<Long> BAUDS = List.of(1200L, 2400L, 4800L, 9600L, 19_200L, 38_400L, 57_600L, 115_200L);
    private static final Pattern TCP = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+)(?::(\\d{1,5}))?");
    private static final String TCP_EXAMPLE = "tcp: 10.0.3.40:502";
    private static final String RTU_EXAMPLE = "rtu: { port: /dev/ttyUSB0, baud: 19200, parity: even }";

    private ModbusBinder() {
    }

    /** {@code devices}: the Modbus devices and serial lines of earlier machines of this file. */
    static MachineIo bind(YamlMap machine, YamlValue modbus, ModbusDevices devices) {
        Optional<Connection> connection = modbus.map("tcp", "framing", "rtu", "unit", "pollMs", "timeoutMs", "retries",
                "maxGap", "keepAliveSeconds", "order").flatMap(map -> connection(map, devices));
        BoundSignals signals = machine.get("signals")
                .map(section -> BoundSignals.bind(section, ModbusBinder::signal))
                .orElse(BoundSignals.none());
        if (signals.names().isEmpty()) {
            machine.problem(machine.path() + " reads nothing: add signals with the registers to read,"
                    + " e.g. signals: { partCount: { register: holding:2, type: uint32 } }");
        }
        return new MachineIo(connection, signals);
    }

    private static Optional<Connection> connection(YamlMap map, ModbusDevices devices) {
        Problems problems = map.context().problems();
        int before = problems.count();
        if (map.has("tcp") == map.has("rtu")) {
            map.problem(map.path() + (map.has("tcp") ? " has both tcp and rtu: keep one"
                    : " needs tcp or rtu, e.g. " + TCP_EXAMPLE + " or " + RTU_EXAMPLE));
        }
        Optional<HostPort> tcp = map.get("tcp").flatMap(ModbusBinder::tcp);
        RtuSettings rtu = map.get("rtu").flatMap(ModbusBinder::rtu).orElse(null);
        Optional<String> framing = map.read("framing", v -> v.oneOf(FRAMINGS), "tcp");
        if (map.has("framing") && map.has("rtu") && !map.has("tcp")) {
            map.get("framing").orElseThrow().problem(map.child("framing") + " is for a serial gateway reached over"
                    + " tcp; a serial line (rtu) always uses RTU framing: remove framing");
        }
        boolean serial = map.has("rtu") || framing.filter("rtu"::equals).isPresent();
        Optional<Integer> unit = map.read("unit", v -> v.wholeInt(0, 255, null).filter(id -> {
            if (serial && (id < 1 || id > 247)) {
                v.problem(v.path() + " is " + id + ": a device on a serial line has a unit id from 1 to 247 (0 is"
                        + " the broadcast address, which no device answers; 248 and up are reserved)");
                return false;
            }
            return true;
        }), 1);
        Optional<Long> pollMs = map.read("pollMs", v -> v.whole(50, 3_600_000, "milliseconds"), 1000L);
        Optional<Long> timeoutMs = map.read("timeoutMs", v -> v.whole(10, 60_000, "milliseconds"), 1000L);
        Optional<Integer> retries = map.read("retries", v -> v.wholeInt(0, 10, null), 1);
        Optional<Integer> maxGap = map.read("maxGap", v -> v.wholeInt(0, 100, "registers"), 10);
        Optional<Long> keepAlive = map.read("keepAliveSeconds", v -> v.whole(1, 86_400, "seconds"), 60L);
        Optional<WordOrder> order = map.read("order", v -> v.oneOf(ORDERS, WordOrder::name), WordOrder.ABCD);
        Optional<ModbusConnection> connection = problems.ifNoneSince(before, () -> new ModbusConnection(tcp.map(HostPort::host).orElse(null),
                tcp.map(HostPort::port).orElse(0), tcp.isPresent() && framing.orElseThrow().equals("rtu"), rtu,
                unit.orElseThrow(), Duration.ofMillis(pollMs.orElseThrow()), Duration.ofMillis(timeoutMs.orElseThrow()),
                retries.orElseThrow(), maxGap.orElseThrow(), Duration.ofSeconds(keepAlive.orElseThrow()),
                order.orElseThrow()));
        return connection.filter(c -> devices.claim(c, map)).map(Connection.class::cast);
    }

    private static Optional<HostPort> tcp(YamlValue value) {
        return value.text().flatMap(text -> {
            Matcher matcher = TCP.matcher(text);
            int port = matcher.matches() && matcher.group(2) != null
                    ? Integer.parseInt(matcher.group(2)) : ModbusConnection.DEFAULT_TCP_PORT;
            if (!matcher.matches() || !Ports.isValid(port)) {
                value.problem(value.path() + " '" + text + "' is not a host and port: write host:port with port "
                        + Ports.RANGE + " (502 when left out), e.g. " + TCP_EXAMPLE);
                return Optional.empty();
            }
            return Optional.of(new HostPort(matcher.group(1), port));
        });
    }

    private static Optional<RtuSettings> rtu(YamlValue value) {
        return value.map("port", "baud", "parity", "stopBits").flatMap(map -> {
            Problems problems = map.context().problems();
            int before = problems.count();
            Optional<String> port = map.require("port", "the serial device, e.g. port: /dev/ttyUSB0")
                    .flatMap(YamlValue::text);
            Optional<Long> baud = map.read("baud", ModbusBinder::baud, 19_200L);
            Optional<String> parity = map.read("parity", v -> v.oneOf(PARITIES), "even");
            Optional<Integer> stopBits = map.read("stopBits", v -> v.wholeInt(1, 2, "bits"), 1);
            return problems.ifNoneSince(before, () -> new RtuSettings(port.orElseThrow(),
                    baud.orElseThrow().intValue(), parity.orElseThrow(), stopBits.orElseThrow()));
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
        return value.map("register", "type", "encoding", "bit", "order", "scale", "offset", "unit", "deadband")
                .flatMap(map -> {
            Problems problems = map.context().problems();
            int before = problems.count();
            Optional<RegisterAddress> register = map.require("register",
                    "where the value is, e.g. register: holding:2").flatMap(ModbusRegisters::register);
            Optional<Integer> bit = map.get("bit").flatMap(v -> v.wholeInt(0, 15, null));
            Optional<ModbusType> type = map.get("type").map(ModbusRegisters::type).orElse(register.map(r -> map.has("bit")
                    ? ModbusType.of(ModbusType.Kind.BOOL) : ModbusRegisters.defaultType(r)))
                    .flatMap(t -> map.get("encoding").map(v -> ModbusRegisters.encoding(v, t)).orElse(Optional.of(t)));
            if (register.isPresent() && type.isPresent()) {
                YamlValue where = map.get("type").or(() -> map.get("register")).orElseThrow();
                ModbusSignal.misfit(register.get(), type.get(), map.has("bit"))
                        .ifPresent(problem -> where.problem(map.path() + ": " + problem));
            }
            Optional<WordOrder> order = map.get("order").flatMap(v -> v.oneOf(ORDERS, WordOrder::name));
            if (map.has("order") && register.filter(r -> r.area().isBit()).isPresent()) {
                map.get("order").orElseThrow().problem(map.child("order") + " is for values in registers; a "
                        + register.get().area().configName() + " is a single bit: remove order");
            }
            Optional<Double> scale = map.read("scale", v -> v.number(Double.NEGATIVE_INFINITY, false, null), 1.0);
            Optional<Double> offset = map.read("offset", v -> v.number(Double.NEGATIVE_INFINITY, false, null), 0.0);
            Optional<Double> deadband = map.read("deadband", v -> v.number(0, false, null), 0.0);
            String unit = map.get("unit").flatMap(YamlValue::text).orElse(null);
            return problems.ifNoneSince(before, () -> new ModbusSignalConfig(name, register.orElseThrow().area(),
                    register.orElseThrow().address(), type.orElseThrow(), bit.orElse(null), order.orElse(null),
                    scale.orElseThrow(), offset.orElseThrow(), unit, deadband.orElseThrow()));
        });
    }

    private record HostPort(String host, int port) {
    }
}
