package io.edgeagent.drivers.gpio;

import io.edgeagent.drivers.SignalSpec;
import java.time.Duration;
import java.util.Objects;

/**
 * One digital input.
 *
 * @param name      the configured signal name readings are reported under
 * @param pin       BCM GPIO number, 0..27
 * @param pull      the internal resistor
 * @param activeLow true when the input is active at the low level (a contact to ground with a pull-up)
 * @param debounce  a level must hold this long to count; shorter changes are contact bounce
 * @param mode      level or pulse count
 */
public record GpioSignal(String name, int pin, Pull pull, boolean activeLow, Duration debounce, InputMode mode)
        implements SignalSpec {

    public GpioSignal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pull, "pull");
        Objects.requireNonNull(debounce, "debounce");
        Objects.requireNonNull(mode, "mode");
        if (pin < 0 || pin > 27) {
            throw new IllegalArgumentException("signal '" + name + "': pin must be a BCM GPIO number 0..27, was " + pin);
        }
        if (debounce.isNegative()) {
            throw new IllegalArgumentException("signal '" + name + "': debounce must be >= 0, was " + debounce);
        }
    }
}
