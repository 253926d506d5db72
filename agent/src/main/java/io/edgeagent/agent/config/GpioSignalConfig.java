package io.edgeagent.agent.config;

import java.util.Objects;

/** A GPIO input seen as a signal, so every machine has {@link MachineConfig#signals()}. */
public record GpioSignalConfig(String name, GpioInput input) implements SignalConfig {

    public GpioSignalConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(input, "input");
    }
}
