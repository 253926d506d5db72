package io.edgeagent.agent.config;

import io.edgeagent.drivers.Alarm;
import io.edgeagent.drivers.alarms.AlarmText;
import io.edgeagent.drivers.alarms.AlarmWord;
import io.edgeagent.drivers.modbus.RegisterAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;

/**
 * Binds a Modbus or GPIO machine's {@code alarms:}: the register holding the active alarm's code with the codes'
 * texts, and the bits (of a register, a coil, a discrete input, a GPIO input) that are alarms while set, each with
 * its text and severity. OPC UA machines report their own alarms (Alarms &amp; Conditions) and take no table.
 */
final class AlarmsBinder {

    /** The severity of an alarm the table gives none: the middle of OPC UA's scale. */
    static final int DEFAULT_SEVERITY = 500;
    private static final String CODES_EXAMPLE = "codes: { 1010: spindle overload }";
    private static final String TEXT_FORM = "a text, e.g. spindle overload, or { text: spindle overload, severity: 800 }";

    private AlarmsBinder() {
    }

    /** A Modbus machine's table. */
    static Optional<List<AlarmWord>> modbus(YamlValue alarms) {
        return alarms.map("register", "severity", "codes", "bits").flatMap(map -> {
            Problems problems = map.context().problems();
            int before = problems.count();
            int severity = map.read("severity", AlarmsBinder::severity, DEFAULT_SEVERITY).orElse(DEFAULT_SEVERITY);
            List<AlarmWord> words = new ArrayList<>();
            Optional<RegisterAddress> register = map.get("register").flatMap(ModbusRegisters::register)
                    .filter(r -> holdsCode(map, r));
            if (map.has("codes") && !map.has("register")) {
                map.context().problems().at(map.keyNode("codes"), map.child("codes") + " needs the register that"
                        + " holds the code: add register, e.g. register: holding:8");
            }
            Optional<Map<Long, AlarmText>> codes = map.read("codes", v -> codes(v, severity), Map.of());
            register.ifPresent(r -> codes.ifPresent(c -> words.add(AlarmWord.codes(r.toString(), c, severity))));
            map.get("bits").flatMap(bits -> registerBits(bits, severity, register.orElse(null)))
                    .ifPresent(words::addAll);
            if (!map.has("register") && !map.has("codes") && !map.has("bits")) {
                map.problem(map.path() + " names no alarms: add register and codes (e.g. register: holding:8, "
                        + CODES_EXAMPLE + ") or bits (e.g. bits: { holding:9.0: emergency stop })");
            }
            return problems.ifNoneSince(before, () -> List.copyOf(words));
        });
    }

    /** A GPIO machine's table: its bits are inputs, by name, that are alarms while active. */
    static Optional<List<AlarmWord>> gpio(YamlValue alarms, Map<String, SignalConfig> inputs) {
        return alarms.map("severity", "bits", "register", "codes").flatMap(map -> {
            Problems problems = map.context().problems();
            int before = problems.count();
            for (String key : List.of("register", "codes")) {
                if (map.has(key)) {
                    map.context().problems().at(map.keyNode(key), map.child(key) + ": a gpio machine has no"
                            + " registers; name the inputs that are alarms under bits, e.g. bits: { fault: hydraulic"
                            + " fault }");
                }
            }
            int severity = map.read("severity", AlarmsBinder::severity, DEFAULT_SEVERITY).orElse(DEFAULT_SEVERITY);
            List<AlarmWord> words = new ArrayList<>();
            map.require("bits", "the inputs that are alarms while active, e.g. bits: { fault: hydraulic fault }")
                    .flatMap(YamlValue::entries).ifPresent(entries -> {
                for (YamlValue.Entry entry : entries) {
                    YamlValue at = new YamlValue(entry.keyNode(), entry.value().path(), map.context());
                    SignalConfig input = inputs.get(entry.key());
                    if (input == null) {
                        at.problem(entry.value().path() + ": '" + entry.key() + "' is not an input of this machine;"
                                + " its inputs are " + String.join(", ", inputs.keySet()));
                    } else if (((GpioSignalConfig) input).input().countsPulses()) {
                        at.problem(entry.value().path() + ": '" + entry.key() + "' counts pulses, which is no alarm"
                                + " that holds: an alarm input has mode: level");
                    }
                    text(entry.value(), severity).filter(t -> input != null)
                            .ifPresent(t -> words.add(AlarmWord.flag(entry.key(), t)));
                }
            });
            return problems.ifNoneSince(before, () -> List.copyOf(words));
        });
    }

    private static boolean holdsCode(YamlMap map, RegisterAddress register) {
        if (register.area().isBit()) {
            map.get("register").orElseThrow().problem(map.child("register") + " " + register + " is a single bit,"
                    + " which holds no code: use an input or holding register (a bit that is an alarm goes under bits,"
                    + " e.g. bits: { " + register + ": door open })");
            return false;
        }
        return true;
    }

    private static Optional<Map<Long, AlarmText>> codes(YamlValue value, int severity) {
        return value.numberedEntries("the alarm code, a whole number such as 1010,").flatMap(entries -> {
            Problems problems = value.context().problems();
            int before = problems.count();
            Map<Long, AlarmText> codes = new LinkedHashMap<>();
            for (YamlValue.Entry entry : entries) {
                YamlValue key = new YamlValue(entry.keyNode(), entry.value().path(), value.context());
                Optional<Long> code = key.whole(0, 65_535, null).filter(c -> {
                    if (c == 0) {
                        key.problem(entry.value().path() + ": code 0 means no alarm, which needs no text: remove it");
                    }
                    return c != 0;
                });
                Optional<AlarmText> text = text(entry.value(), severity);
                if (code.isPresent() && text.isPresent()) {
                    codes.put(code.get(), text.get());
                }
            }
            return problems.ifNoneSince(before, () -> codes);
        });
    }

    /** Bits keyed {@code holding:9.3} (bit 3 of a register) or {@code coil:5}, grouped by register. */
    private static Optional<List<AlarmWord>> registerBits(YamlValue bits, int severity, RegisterAddress codeRegister) {
        return bits.entries().flatMap(entries -> {
            Problems problems = bits.context().problems();
            int before = problems.count();
            Map<String, Map<Long, AlarmText>> words = new LinkedHashMap<>();
            List<AlarmWord> flags = new ArrayList<>();
            for (YamlValue.Entry entry : entries) {
                YamlValue key = new YamlValue(entry.keyNode(), entry.value().path(), bits.context());
                Optional<AlarmText> text = text(entry.value(), severity);
                int dot = entry.key().lastIndexOf('.');
                String place = dot < 0 ? entry.key() : entry.key().substring(0, dot);
                Optional<RegisterAddress> register = ModbusRegisters.register(place, key);
                if (register.isEmpty() || text.isEmpty()) {
                    continue;
                }
                RegisterAddress r = register.get();
                if (r.equals(codeRegister)) {
                    key.problem(entry.value().path() + ": " + r + " is the code register; a register holds a code"
                            + " or alarm bits, not both");
                } else if (r.area().isBit() && dot >= 0) {
                    key.problem(entry.value().path() + ": a " + r.area().configName() + " is a single bit already:"
                            + " write " + r + " without ." + entry.key().substring(dot + 1));
                } else if (r.area().isBit()) {
                    flags.add(AlarmWord.flag(r.toString(), text.get()));
                } else if (dot < 0) {
                    key.problem(entry.value().path() + ": " + r + " is a register of 16 bits: name the bit after a"
                            + " dot, e.g. " + r + ".0 (0 is the least significant)");
                } else {
                    String bit = entry.key().substring(dot + 1);
                    if (!bit.matches("[0-9]{1,2}") || Integer.parseInt(bit) > 15) {
                        key.problem(entry.value().path() + ": bit '" + bit + "' of " + r + " is not 0 to 15");
                    } else {
                        words.computeIfAbsent(r.toString(), k -> new LinkedHashMap<>())
                                .put(Long.parseLong(bit), text.get());
                    }
                }
            }
            return problems.ifNoneSince(before, () -> {
                List<AlarmWord> all = new ArrayList<>();
                words.forEach((register, byBit) -> all.add(AlarmWord.bits(register, byBit)));
                all.addAll(flags);
                return all;
            });
        });
    }

    /** {@code spindle overload}, or {@code { text: spindle overload, severity: 800 }}. */
    private static Optional<AlarmText> text(YamlValue value, int severity) {
        if (value.node() instanceof MappingNode) {
            return value.map("text", "severity").flatMap(map -> {
                Optional<String> text = map.require("text", TEXT_FORM).flatMap(AlarmsBinder::nonBlank);
                Optional<Integer> own = map.read("severity", AlarmsBinder::severity, severity);
                return text.flatMap(t -> own.map(s -> new AlarmText(t, s)));
            });
        }
        return nonBlank(value).map(text -> new AlarmText(text, severity));
    }

    private static Optional<String> nonBlank(YamlValue value) {
        return value.text().filter(text -> {
            if (text.isBlank()) {
                value.problem(value.path() + " is blank: write " + TEXT_FORM);
            }
            return !text.isBlank();
        });
    }

    private static Optional<Integer> severity(YamlValue value) {
        return value.wholeInt(1, Alarm.MAX_SEVERITY, "severity");
    }
}
