package io.edgeagent.agent.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One machine ({@code machines[i]}).
 *
 * @param id         unique within the agent, {@code [a-z0-9-]{1,64}}; part of MQTT topics
 * @param name       what people call it; defaults to the id
 * @param kind       the machine family; default {@link MachineKind#OTHER}
 * @param capability free-form, published as is: values are {@link String}, {@link Long}, {@link Double},
 *                   {@link Boolean}, {@link java.util.List} and {@link Map}, all unmodifiable
 * @param cycle      cycle time and cavities, or {@code null}
 * @param connection how the agent reaches the machine
 * @param signals    what is read, by name, in file order; for GPIO machines, the inputs
 * @param state      rules from signals to state, or {@code null} when the profile (or nothing) decides
 * @param counter    the signal counting cycles or parts for metering, or {@code null}
 */
public record MachineConfig(String id, String name, MachineKind kind, Map<String, Object> capability,
        CycleConfig cycle, Connection connection, Map<String, SignalConfig> signals, StateRules state,
        String counter) {

    public MachineConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        capability = Collections.unmodifiableMap(new LinkedHashMap<>(capability));
        Objects.requireNonNull(connection, "connection");
        signals = Collections.unmodifiableMap(new LinkedHashMap<>(signals));
    }

    public Optional<SignalConfig> signal(String signalName) {
        return Optional.ofNullable(signals.get(signalName));
    }
}
