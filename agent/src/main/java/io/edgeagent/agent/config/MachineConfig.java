package io.edgeagent.agent.config;

import io.edgeagent.drivers.alarms.AlarmWord;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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
 * @param alarms     a Modbus or GPIO machine's alarm codes and bits with their texts ({@code alarms:}); empty for
 *                   a machine without, and for OPC UA machines, which report their own
 */
public record MachineConfig(String id, String name, MachineKind kind, Map<String, Object> capability,
        CycleConfig cycle, Connection connection, Map<String, SignalConfig> signals, StateRules state,
        String counter, List<AlarmWord> alarms) {

    public MachineConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        capability = Collections.unmodifiableMap(new LinkedHashMap<>(capability));
        Objects.requireNonNull(connection, "connection");
        signals = Collections.unmodifiableMap(new LinkedHashMap<>(signals));
        alarms = List.copyOf(alarms);
    }

    /** A machine without an alarm table. */
    public MachineConfig(String id, String name, MachineKind kind, Map<String, Object> capability, CycleConfig cycle,
                         Connection connection, Map<String, SignalConfig> signals, StateRules state, String counter) {
        this(id, name, kind, capability, cycle, connection, signals, state, counter, List.of());
    }

    public Optional<SignalConfig> signal(String signalName) {
        return Optional.ofNullable(signals.get(signalName));
    }
}
