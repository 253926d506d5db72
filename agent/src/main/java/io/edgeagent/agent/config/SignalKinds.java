package io.edgeagent.agent.config;

import io.edgeagent.drivers.opcua.Profile;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What kind of value each of a machine's signals carries, where the config says so: a Modbus {@code type}, a GPIO
 * input, a profile's standard variable. A plain OPC UA node's type is only known once the server answers, so it
 * is absent here and checked when a reading arrives instead. A state rule comparing a signal of a known kind with
 * a value of another kind could never hold as meant ({@code standstillReason ne 0} on a text signal held for every
 * text), so it is a config problem at the value.
 */
record SignalKinds(Map<String, Known> bySignal) {

    /** A signal's kind and, for a person, where it is known from ({@code Modbus type string(16)}). */
    record Known(SignalKind kind, String source) {
    }

    SignalKinds {
        bySignal = Map.copyOf(bySignal);
    }

    static SignalKinds none() {
        return new SignalKinds(Map.of());
    }

    /** The kinds of what {@code io} read: nothing when a signal failed to bind, as its problem is reported anyway. */
    static SignalKinds of(MachineIo io) {
        Map<String, SignalKind> standard = io.profile().map(ProfileSignalKinds::of).orElse(Map.of());
        String profileName = io.profile().map(Profile::title).orElse("");
        Map<String, SignalConfig> configs = io.signals().configs().orElse(Map.of());
        Map<String, Known> kinds = new HashMap<>();
        configs.forEach((name, config) -> known(config, standard, profileName, io.profile())
                .ifPresent(known -> kinds.put(name, known)));
        return new SignalKinds(kinds);
    }

    private static Optional<Known> known(SignalConfig config, Map<String, SignalKind> standard, String profileName,
                                         Optional<Profile> profile) {
        if (config instanceof ModbusSignalConfig modbus) {
            SignalKind kind = switch (modbus.type().kind()) {
                case BOOL -> SignalKind.BOOLEAN;
                case STRING -> SignalKind.TEXT;
                default -> SignalKind.NUMBER;
            };
            return Optional.of(new Known(kind, "Modbus type " + modbus.type()));
        }
        if (config instanceof GpioSignalConfig gpio) {
            return Optional.of(gpio.input().countsPulses()
                    ? new Known(SignalKind.NUMBER, "a GPIO input counting pulses")
                    : new Known(SignalKind.BOOLEAN, "a GPIO input in level mode"));
        }
        // A standard variable keeps its kind only while the file has not replaced it with a node of its own.
        boolean isStandard = config instanceof OpcUaSignalConfig opcua && profile
                .flatMap(p -> p.signals().stream().filter(s -> s.name().equals(config.name())).findFirst())
                .filter(s -> s.path().equals(opcua.node())).isPresent();
        return Optional.ofNullable(isStandard ? standard.get(config.name()) : null)
                .map(kind -> new Known(kind, profileName + " profile"));
    }

    /**
     * Whether {@code value}, written at {@code operand} to compare with {@code signal} by {@code op} ({@code null}
     * for an item of {@code in}), is of the signal's kind; when not, reports it there.
     */
    boolean fits(YamlValue operand, String signal, Condition.Op op, Object value) {
        Known known = bySignal.get(signal);
        SignalKind written = SignalKind.of(value).orElseThrow();
        if (known == null || known.kind() == written) {
            return true;
        }
        String hint = op == null ? "write " + known.kind().noun() + " in the list"
                : "write " + known.kind().noun() + ", e.g. " + op.key() + ": " + example(known.kind(), value);
        operand.problem(operand.path() + " is " + described(value) + ", but " + signal + " is " + known.kind().noun()
                + " (" + known.source() + "), so the rule could never compare them: " + hint);
        return false;
    }

    /**
     * Whether {@code signal}, named at {@code where} by a counting rule's {@code key} ({@code counting} or
     * {@code cycleTime}), can be one: a count or a cycle time is a number, and text never advances as a counter
     * does (a program name that changes is not a cycle); when not, reports it there.
     */
    boolean isNumberFor(YamlValue where, String key, String signal) {
        Known known = bySignal.get(signal);
        boolean counted = key.equals("counting");
        if (known == null || known.kind() == SignalKind.NUMBER || counted && known.kind() == SignalKind.BOOLEAN) {
            return true;
        }
        where.problem(where.path() + " '" + signal + "' is " + known.kind().noun() + " (" + known.source() + "), but "
                + (counted ? "a counter is a number that advances with each cycle" : "a cycle time is a number of"
                + " seconds") + ": name a numeric signal");
        return false;
    }

    private static String described(Object value) {
        return switch (SignalKind.of(value).orElseThrow()) {
            case NUMBER -> "the number " + Scalars.plainNumber(((Number) value).doubleValue());
            case BOOLEAN -> value.toString();
            case TEXT -> "the text \"" + value + "\"";
        };
    }

    private static String example(SignalKind kind, Object written) {
        return switch (kind) {
            case TEXT -> "\"" + (written instanceof Number n ? Scalars.plainNumber(n.doubleValue()) : written) + "\"";
            case BOOLEAN -> String.valueOf(written instanceof String s && s.equalsIgnoreCase("false") ? false : true);
            case NUMBER -> written instanceof String s && s.matches("-?\\d+(\\.\\d+)?") ? s : "1";
        };
    }
}
