package io.edgeagent.agent.config;

import io.edgeagent.drivers.gpio.InputMode;
import io.edgeagent.drivers.gpio.Pull;
import java.time.Duration;
import java.util.Objects;

/**
 * One digital input.
 *
 * @param pin       BCM GPIO number as printed on Raspberry Pi pinouts, 0..27; unique in the agent
 * @param pull      up, down or off (default off: the wiring provides the level)
 * @param activeLow true when the contact pulls the pin low when active (default false)
 * @param debounce  changes shorter than this are ignored ({@code debounceMs}, 0..10000, default 10)
 * @param mode      {@code level}: true while active; {@code pulses}: the number of activations, a counter
 *                  for cycles and the measured cycle time. Default pulses for the input named as the
 *                  machine's {@code counter}, else level
 */
public record GpioInput(int pin, Pull pull, boolean activeLow, Duration debounce, InputMode mode) {

    public GpioInput {
        Objects.requireNonNull(pull, "pull");
        Objects.requireNonNull(debounce, "debounce");
        Objects.requireNonNull(mode, "mode");
    }

    public boolean countsPulses() {
        return mode == InputMode.PULSES;
    }
}
