package io.edgeagent.agent.controlsocket;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * What does not change while the agent runs.
 *
 * @param id         the agent id
 * @param site       the factory site
 * @param version    the agent's version
 * @param started    when it started
 * @param configFile the config file it runs, absolute
 * @param configHash SHA-256 of that file's bytes when it was loaded
 * @param dataDir    buffer, capacity store and control socket
 */
public record AgentInfo(String id, String site, String version, Instant started, Path configFile, String configHash,
        Path dataDir) {

    public AgentInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(configFile, "configFile");
        Objects.requireNonNull(configHash, "configHash");
        Objects.requireNonNull(dataDir, "dataDir");
    }
}
