package io.edgeagent.agent.config;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The gateway itself ({@code agent:}).
 *
 * @param id       unique per gateway, {@code [a-z0-9-]{1,64}}; part of every MQTT topic and the client id
 * @param site     the factory site, same alphabet
 * @param timezone IANA zone for the sharing calendar and metering buckets; default {@code UTC}
 * @param dataDir  buffer, PKI and learned profiles; default {@code /var/lib/edge-agent}; absolute (a
 *                 relative path in the file is taken from the config file's folder)
 */
public record AgentSection(String id, String site, ZoneId timezone, Path dataDir) {

    public static final ZoneId DEFAULT_TIMEZONE = ZoneId.of("UTC");
    public static final Path DEFAULT_DATA_DIR = Path.of("/var/lib/edge-agent");

    public AgentSection {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(timezone, "timezone");
        Objects.requireNonNull(dataDir, "dataDir");
    }
}
