package io.edgeagent.agent.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Binds the whole file, section by section. Machines are bound before {@code sharing}, whose maintenance
 * slots must name them.
 */
final class ConfigBinder {

    private ConfigBinder() {
    }

    static Optional<AgentConfig> bind(Node root, BindContext context, Path sourcePath, String sourceHash) {
        return new YamlValue(root, "", context).map("agent", "broker", "buffer", "sharing", "metrics", "machines")
                .flatMap(map -> bind(map, sourcePath, sourceHash));
    }

    private static Optional<AgentConfig> bind(YamlMap map, Path sourcePath, String sourceHash) {
        Problems problems = map.context().problems();
        int before = problems.count();
        Optional<AgentSection> agent = map.require("agent", "who this gateway is, e.g. agent: { id: ningbo-p2-gw01,"
                + " site: ningbo-p2 }").flatMap(AgentBinder::bind);
        Optional<BrokerConfig> broker = map.require("broker", "where to publish, e.g. broker: { urls:"
                + " [\"ssl://mqtt.example.net:8883\"] }").flatMap(BrokerBinder::bind);
        Optional<BufferConfig> buffer = map.read("buffer", BufferBinder::bind, BufferConfig.DEFAULT);
        MachineBinder machineBinder = new MachineBinder();
        Optional<List<MachineConfig>> machines = map.require("machines", "the list of machines this gateway reads")
                .flatMap(machineBinder::bindAll);
        Optional<SharingConfig> sharing = map.read("sharing", value -> SharingBinder.bind(value, machineBinder.ids()),
                SharingConfig.none());
        Optional<Optional<MetricsConfig>> metrics = map.read("metrics",
                value -> MetricsBinder.bind(value).map(Optional::of), Optional.empty());
        return problems.ifNoneSince(before, () -> new AgentConfig(agent.orElseThrow(), broker.orElseThrow(),
                buffer.orElseThrow(), sharing.orElseThrow(), metrics.orElseThrow(), machines.orElseThrow(), sourcePath,
                sourceHash));
    }
}
