package io.edgeagent.agent.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole agent config, validated: every value has its default applied and every cross-reference
 * (signals in state rules, machines in maintenance slots) has been checked.
 *
 * @param agent      who this gateway is
 * @param broker     where readings and state go
 * @param buffer     how much disk the store-and-forward buffer may use
 * @param sharing    when idle machines may be offered; {@link SharingConfig#none()} when the file has none
 * @param metrics    where the Prometheus endpoint listens; empty (the default) for none
 * @param machines   the machines, in file order, ids unique
 * @param sourcePath the file it was read from, absolute
 * @param sourceHash SHA-256 of the file's bytes, lowercase hex: tells whether a reload changed anything
 */
public record AgentConfig(AgentSection agent, BrokerConfig broker, BufferConfig buffer, SharingConfig sharing,
        Optional<MetricsConfig> metrics, List<MachineConfig> machines, Path sourcePath, String sourceHash) {

    public AgentConfig {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(buffer, "buffer");
        Objects.requireNonNull(sharing, "sharing");
        Objects.requireNonNull(metrics, "metrics");
        machines = List.copyOf(machines);
        Objects.requireNonNull(sourcePath, "sourcePath");
        Objects.requireNonNull(sourceHash, "sourceHash");
    }

    public Optional<MachineConfig> machine(String id) {
        return machines.stream().filter(machine -> machine.id().equals(id)).findFirst();
    }
}
