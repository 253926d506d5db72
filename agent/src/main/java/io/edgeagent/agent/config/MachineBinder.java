package io.edgeagent.agent.config;

import io.edgeagent.drivers.alarms.AlarmWord;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binds {@code machines:}: each machine's identity, capability and cycle, its one connection (delegated to
 * the protocol's binder), its state rules and counter; a profile's rules and counter apply where the file writes
 * none, state by state. Machine ids and GPIO pins are checked across all machines of the file.
 */
final class MachineBinder {

    private static final List<String> KEYS = List.of("id", "name", "kind", "capability", "cycle", "opcua",
            "modbus", "gpio", "signals", "state", "counter", "alarms");
    private static final List<String> CONNECTIONS = List.of("opcua", "modbus", "gpio");
    // No production cycle takes a day; a larger value is a unit mix-up (milliseconds written as seconds), and
    // the counting window it sets (3 cycles) would call the machine running for days after its last cycle.
    private static final double MAX_CYCLE_SECONDS = 86_400;

    private final UniqueClaims<String> ids = new UniqueClaims<>();
    private final UniqueClaims<Integer> pins = new UniqueClaims<>();
    private final ModbusDevices modbusDevices = new ModbusDevices();

    Optional<List<MachineConfig>> bindAll(YamlValue machines) {
        return machines.nonEmptyListOf("machine, e.g. - { id: imm-07, opcua: { endpoint: \"opc.tcp://10.0.3.17:4840\""
                + ", profile: euromap77 } }", this::bind);
    }

    /** The ids of the machines read so far, in file order. */
    List<String> ids() {
        return ids.keys();
    }

    private Optional<MachineConfig> bind(YamlValue machine) {
        return machine.map(KEYS.toArray(String[]::new)).flatMap(this::bind);
    }

    private Optional<MachineConfig> bind(YamlMap map) {
        Problems problems = map.context().problems();
        int before = problems.count();
        Optional<String> id = map.require("id", "a unique name for the machine, e.g. id: imm-07")
                .flatMap(value -> Ids.read(value).filter(read -> isNew(read, value)));
        Optional<String> name = map.read("name", YamlValue::text, id.orElse(""));
        Optional<MachineKind> kind = map.read("kind", value -> value.oneOf(MachineKind.yamlNames())
                .flatMap(MachineKind::fromYaml), MachineKind.OTHER);
        Optional<Map<String, Object>> capability = map.read("capability", YamlValue::plainMap, Map.of());
        CycleConfig cycle = map.get("cycle").flatMap(MachineBinder::cycle).orElse(null);
        MachineIo io = io(map, id);
        List<String> signals = io.signals().names();
        StateRules written = map.get("state")
                .flatMap(value -> StateRulesBinder.bind(value, signals, SignalKinds.of(io))).orElse(null);
        if (written != null && (cycle == null || cycle.nominalSeconds() == null) && written.rules().stream()
                .flatMap(rule -> rule.when().tree())
                .anyMatch(c -> c instanceof Condition.Counting counting && counting.needsNominalCycle())) {
            map.get("state").orElseThrow().problem(map.child("state") + " has a counting rule without withinSeconds"
                    + " or cycleTime, which then means " + Condition.Counting.CYCLES + " cycle times, but the machine"
                    + " has no cycle.nominalSeconds: add cycle: { nominalSeconds: <seconds> }, or withinSeconds or"
                    + " cycleTime to the rule");
        }
        StateRules state = io.profile().map(ProfileDefaults::rules)
                .map(defaults -> written == null ? defaults : defaults.overriddenBy(written))
                .orElse(written);
        String counter = map.get("counter").flatMap(value -> SignalReference.read(value, signals)
                .filter(signal -> countsOrSaysWhyNot(value, io, signal)))
                .orElse(io.profile().map(ProfileDefaults::counter).orElse(null));
        List<AlarmWord> alarms = map.get("alarms").flatMap(value -> alarms(map, value, io)).orElse(List.of());
        if (written != null && alarms.isEmpty() && !map.has("alarms") && !map.has("opcua")
                && written.rules().stream().flatMap(rule -> rule.when().tree())
                        .anyMatch(c -> c instanceof Condition.ActiveAlarm)) {
            map.get("state").orElseThrow().problem(map.child("state") + " has an alarm rule, but this machine reports"
                    + " alarms only from its alarms table: add one, e.g. alarms: { register: holding:8, codes:"
                    + " { 1010: spindle overload } }");
        }
        return problems.ifNoneSince(before, () -> new MachineConfig(id.orElseThrow(), name.orElseThrow(),
                kind.orElseThrow(), capability.orElseThrow(), cycle, io.connection().orElseThrow(),
                io.signals().configs().orElseThrow(), state, counter, alarms));
    }

    /** The alarm table of a Modbus or GPIO machine; an OPC UA machine's alarms are the server's conditions. */
    private static Optional<List<AlarmWord>> alarms(YamlMap machine, YamlValue alarms, MachineIo io) {
        if (machine.has("modbus")) {
            return AlarmsBinder.modbus(alarms);
        }
        if (machine.has("gpio")) {
            return io.signals().configs().flatMap(inputs -> AlarmsBinder.gpio(alarms, inputs));
        }
        machine.context().problems().at(machine.keyNode("alarms"), machine.child("alarms") + " is for Modbus and"
                + " GPIO machines; an OPC UA machine reports its alarms itself (Alarms & Conditions, docs/opcua.md):"
                + " remove alarms");
        return Optional.empty();
    }

    /** A GPIO input counts only in pulses mode (the default of the input named as counter); a level goes up and down. */
    private static boolean countsOrSaysWhyNot(YamlValue counter, MachineIo io, String name) {
        Optional<SignalConfig> signal = io.signals().configs().map(configs -> configs.get(name));
        if (signal.orElse(null) instanceof GpioSignalConfig gpio && !gpio.input().countsPulses()) {
            counter.problem(counter.path() + " '" + name + "' is an input with mode: level, which is only ever true or"
                    + " false: remove its mode (or write mode: pulses), so it counts one per activation");
            return false;
        }
        return true;
    }

    private boolean isNew(String id, YamlValue value) {
        Optional<YamlValue> earlier = ids.claim(id, value);
        earlier.ifPresent(first -> value.problem("duplicate machine id '" + id + "' in " + value.path() + ": "
                + UniqueClaims.describe(first) + " already uses it; machine ids must be unique"));
        return earlier.isEmpty();
    }

    /** The connection and signals, or only the signal names when the connection is missing or ambiguous. */
    private MachineIo io(YamlMap map, Optional<String> id) {
        List<String> present = CONNECTIONS.stream().filter(map::has).toList();
        String label = map.path() + id.map(value -> " (" + value + ")").orElse("");
        if (present.size() == 1) {
            YamlValue connection = map.get(present.get(0)).orElseThrow();
            return switch (present.get(0)) {
                case "opcua" -> OpcUaBinder.bind(map, connection);
                case "modbus" -> ModbusBinder.bind(map, connection, modbusDevices);
                default -> GpioBinder.bind(map, connection, pins);
            };
        }
        if (present.isEmpty()) {
            map.problem(label + " has no connection: add one of opcua, modbus or gpio");
        } else {
            map.context().problems().at(map.keyNode(present.get(1)), label + " has both " + present.get(0) + " and "
                    + present.get(1) + ": a machine has exactly one connection, keep one");
        }
        BoundSignals names = map.get("signals")
                .map(section -> BoundSignals.bind(section, (name, value) -> Optional.empty()))
                .orElse(BoundSignals.none());
        return new MachineIo(Optional.empty(), names);
    }

    private static Optional<CycleConfig> cycle(YamlValue value) {
        return value.map("nominalSeconds", "cavities").flatMap(map -> {
            Problems problems = map.context().problems();
            int before = problems.count();
            Double seconds = map.get("nominalSeconds").flatMap(v -> v.number(0, true, MAX_CYCLE_SECONDS, "seconds")).orElse(null);
            Integer cavities = map.get("cavities").flatMap(v -> v.wholeInt(1, 1000, null)).orElse(null);
            return problems.ifNoneSince(before, () -> new CycleConfig(seconds, cavities));
        });
    }
}
