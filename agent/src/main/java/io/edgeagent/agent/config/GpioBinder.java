package io.edgeagent.agent.config;

import io.edgeagent.drivers.gpio.InputMode;
import io.edgeagent.drivers.gpio.Pull;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** Binds a GPIO machine: {@code gpio:} holds named inputs, which are also the machine's signals. */
final class GpioBinder {

    static final List<Pull> PULLS = List.of(Pull.values());
    static final List<InputMode> MODES = List.of(InputMode.values());
    private static final int MAX_PIN = 27;

    private GpioBinder() {
    }

    /** {@code pins}: the pins already used by earlier inputs of this file. */
    static MachineIo bind(YamlMap machine, YamlValue gpio, UniqueClaims<Integer> pins) {
        if (machine.has("signals")) {
            machine.context().problems().at(machine.keyNode("signals"), machine.path() + " is a gpio machine: its"
                    + " signals are the inputs under gpio; move them there and remove signals");
        }
        Optional<String> counter = machine.get("counter").map(YamlValue::node)
                .filter(node -> node instanceof ScalarNode).map(node -> ((ScalarNode) node).getValue());
        BoundSignals signals = BoundSignals.bind(gpio, (name, value) -> input(value, pins,
                counter.filter(name::equals).isPresent()).map(input -> new GpioSignalConfig(name, input)));
        if (signals.names().isEmpty() && signals.configs().isPresent()) {
            gpio.problem(gpio.path() + " has no inputs: add one, e.g. cycle: { pin: 17, pull: up, activeLow: true }");
        }
        Optional<Connection> connection = signals.configs().filter(configs -> !configs.isEmpty()).map(configs -> {
            Map<String, GpioInput> inputs = new LinkedHashMap<>();
            configs.forEach((name, config) -> inputs.put(name, ((GpioSignalConfig) config).input()));
            return new GpioConnection(inputs);
        });
        return new MachineIo(connection, signals);
    }

    /**
     * {@code isCounter}: the machine names this input as its counter, so it counts pulses unless its mode
     * says otherwise (the loader then says why that cannot work).
     */
    private static Optional<GpioInput> input(YamlValue value, UniqueClaims<Integer> pins, boolean isCounter) {
        return value.map("pin", "pull", "activeLow", "debounceMs", "mode").flatMap(map -> {
            Problems problems = map.context().problems();
            int before = problems.count();
            Optional<Integer> pin = map.require("pin", "the BCM GPIO number of the input, e.g. pin: 17")
                    .flatMap(v -> pin(v, pins));
            Optional<Pull> pull = map.read("pull", v -> v.oneOf(PULLS, GpioBinder::spelling), Pull.OFF);
            Optional<Boolean> activeLow = map.read("activeLow", YamlValue::bool, false);
            Optional<Long> debounceMs = map.read("debounceMs", v -> v.whole(0, 10_000, "milliseconds"), 10L);
            Optional<InputMode> mode = map.read("mode", v -> v.oneOf(MODES, GpioBinder::spelling),
                    isCounter ? InputMode.PULSES : InputMode.LEVEL);
            return problems.ifNoneSince(before, () -> new GpioInput(pin.orElseThrow(), pull.orElseThrow(),
                    activeLow.orElseThrow(), Duration.ofMillis(debounceMs.orElseThrow()), mode.orElseThrow()));
        });
    }

    /** How the file writes the drivers' names: in lower case. */
    private static String spelling(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static Optional<Integer> pin(YamlValue value, UniqueClaims<Integer> pins) {
        return value.wholeInt(0, MAX_PIN, null).filter(pin -> {
            Optional<YamlValue> earlier = pins.claim(pin, value);
            earlier.ifPresent(first -> value.problem(value.path() + " " + pin + " is already used by "
                    + UniqueClaims.describe(first) + ": every input needs its own pin"));
            return earlier.isEmpty();
        });
    }
}
