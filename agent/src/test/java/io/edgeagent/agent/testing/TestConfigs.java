package io.edgeagent.agent.testing;

import io.edgeagent.agent.config.AgentConfig;
import io.edgeagent.agent.config.ConfigException;
import io.edgeagent.agent.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A minimal valid config around the machines a test is about, loaded the way the agent loads it. */
public final class TestConfigs {

    private TestConfigs() {
    }

    /**
     * Writes {@code dir/agent.yaml} (agent gw01 at site plant-1, data in {@code dir/data}, a broker nobody
     * listens on) with {@code machines}, YAML list items indented by two spaces, and loads it.
     */
    public static AgentConfig withMachines(Path dir, String machines) throws IOException, ConfigException {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, """
                agent: { id: gw01, site: plant-1, dataDir: ./data }
                broker: { urls: [ "tcp://127.0.0.1:1883" ] }
                machines:
                """ + machines);
        return ConfigLoader.load(file);
    }
}
